"""The end of probation, derived from the ceremony date for every probationary member — admitted through a dossier
or loaded with the roll — wherever it is shown: the probation list, the roll, the member's page and the work queue
(procedure.md "Deadlines": probation is 12 calendar months from the ceremony, Charter art. 5.1)."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from ptdv.admission.rules import full_member_date
from ptdv.exchange.formats import MEMBERS
from ptdv.exchange.services import import_file
from ptdv.membership.models import Membership
from ptdv.membership.rules import probation_ends_on
from ptdv.reminders import selectors as reminders

D = datetime.date


@pytest.mark.parametrize(
    "ceremony, ends",
    [(D(2026, 3, 15), D(2027, 3, 15)), (D(2026, 1, 31), D(2027, 1, 31)), (D(2024, 2, 29), D(2025, 2, 28)),
     (D(2025, 12, 31), D(2026, 12, 31))],
)  # fmt: skip
def test_probation_ends_12_calendar_months_after_the_ceremony(ceremony, ends):
    assert probation_ends_on(ceremony) == ends


@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2090, 12, 31)))
def test_the_roll_and_the_procedure_read_one_rule(ceremony):
    """admission.rules.full_member_date (a recognised member's full-member date) is the roll's end of probation."""
    assert full_member_date(ceremony) == probation_ends_on(ceremony)


def members_file(rows) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.header for column in MEMBERS])
    for row in rows:
        sheet.append([row.get(column.key) for column in MEMBERS])
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream


def imported(unit, citizen_id, name, *, decided, ceremony=None, full=None):
    return {
        "full_name": name, "birth_date": D(1990, 4, 4), "sex": "Nữ", "citizen_id": citizen_id,
        "occupation": "worker", "general_education": "12/12", "unit_code": unit.code, "decision_date": decided,
        "ceremony_date": ceremony, "full_member_date": full,
    }  # fmt: skip


@pytest.fixture
def imported_roll(tree, db):
    """Three members loaded with the roll of the IT cell: one on probation since a ceremony on 15/03/2026, one on
    probation whose ceremony was not written in the file, one full member."""
    rows = [
        imported(tree.cell_it, "001190000001", "Trần Thị Hoa", decided=D(2026, 3, 2), ceremony=D(2026, 3, 15)),
        imported(tree.cell_it, "001190000002", "Lê Văn Bình", decided=D(2026, 5, 4)),
        imported(tree.cell_it, "001190000003", "Phạm Văn Cường", decided=D(2010, 1, 4), ceremony=D(2010, 1, 20),
                 full=D(2011, 1, 20)),
    ]  # fmt: skip
    result = import_file(actor=None, kind="members", file=members_file(rows), file_name="roll.xlsx")
    assert result.ok, result.error_lines()
    return tree


def test_an_imported_probationary_member_is_in_the_probation_list_with_the_end_of_probation(
    client, imported_roll, make_user
):
    """Issue 15 item 13: the probation list and the roll agree — every probationary member on the roll is listed,
    and the end of probation is the ceremony date + 12 months (Charter art. 5.1), dossier or not."""
    client.force_login(make_user(imported_roll.bloc, "viewer"))
    with time_machine.travel(datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC), tick=False):
        page = client.get(reverse("admission:probation"))
        roll = client.get(reverse("membership:list"), {"status": "probationary"})
    rows = {row["membership"].person.full_name: row for row in page.context["rows"]}
    assert set(rows) == {"Trần Thị Hoa", "Lê Văn Bình"}
    assert page.context["page"].paginator.count == roll.context["total"] == 2
    hoa = rows["Trần Thị Hoa"]
    assert (hoa["ceremony_on"], hoa["ends_on"], hoa["dossier"]) == (D(2026, 3, 15), D(2027, 3, 15), None)
    assert hoa["deadline"]["deadline"].code == "probation_end" and hoa["deadline"]["state"] == "upcoming"
    body = page.content.decode()
    assert "15/03/2027" in body and "Trên danh sách (chưa có hồ sơ trong hệ thống)" in body
    assert rows["Lê Văn Bình"]["ends_on"] is None and "chưa ghi ngày lễ kết nạp" in body
    assert "kết thúc dự bị 15/03/2027" in roll.content.decode()  # the roll says the same date


def test_the_member_page_and_the_api_show_the_end_of_probation(client, imported_roll, make_user):
    user = make_user(imported_roll.bloc, "viewer")
    client.force_login(user)
    hoa = Membership.objects.get(person__citizen_id="001190000001")
    body = client.get(reverse("people:detail", args=[hoa.person_id])).content.decode()
    assert "thời gian dự bị kết thúc ngày 15/03/2027" in body
    binh = Membership.objects.get(person__citizen_id="001190000002")
    assert "Chưa ghi ngày lễ kết nạp" in client.get(reverse("people:detail", args=[binh.person_id])).content.decode()
    assert hoa.probation_ends_on == D(2027, 3, 15)
    full = Membership.objects.get(person__citizen_id="001190000003")
    assert full.probation_ends_on is None  # a full member is not on probation


def test_an_imported_probationary_members_end_of_probation_enters_the_cells_queue(imported_roll, make_user):
    """The work queue reads the same rule (reminders.rules.member_due): the end of probation is watched from the
    horizon before it, and from that day the cell's recognition vote is due within 30 working days."""
    secretary = make_user(imported_roll.cell_it, "cell_secretary")
    hoa = Membership.objects.get(person__citizen_id="001190000001")

    def items(day):
        return {
            (e.item.kind, e.item.state): e
            for e in reminders.user_queue(user=secretary, today=day)
            if e.item.subject == "member" and e.item.subject_id == hoa.pk
        }

    assert items(D(2026, 11, 22)) == {}  # four months ahead: not yet within the horizon
    soon = items(D(2027, 3, 1))
    assert set(soon) == {("probation_end", "upcoming")}
    assert soon[("probation_end", "upcoming")].item.due == D(2027, 3, 15)
    assert soon[("probation_end", "upcoming")].url == reverse("people:detail", args=[hoa.person_id])
    after = items(D(2027, 3, 16))
    assert set(after) == {("recognition_cell", "upcoming")}
    assert after[("recognition_cell", "upcoming")].item.deadline.start == D(2027, 3, 15)
    assert set(items(D(2027, 6, 1))) == {("recognition_cell", "overdue")}
