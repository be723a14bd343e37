"""Export → import changes nothing: every list's export is a valid file of its format, read back as unchanged."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ptdv.exchange.formats import FORMATS
from ptdv.exchange.services import import_file
from ptdv.membership.models import Membership

from .conftest import xlsx
from .test_imports import PEOPLE_HEADER, TestMembers, full_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(tree):
    """Units, a pool with a helper, a roll (full, probationary, re-admitted, with and without cards) and quotas,
    all loaded through the imports."""
    full_member(tree)
    assert import_file(actor=None, kind="members", file=xlsx(TestMembers().rows())).ok
    people = [
        PEOPLE_HEADER,
        ["Đào Thị Dũng", "17/05/2001", "Nữ", "001301000123", "Tày", "Phật giáo", "Sinh viên", "12/12", "Có",
         "Không", "P.B.U.1", "2026-01-15", "001080000011"],
        ["Lê Văn Bình", "31/12/1999", "Nam", "079099000456", "", "", "worker", "9/12", "", "Có", "P.B.C.1", "", ""],
    ]  # fmt: skip
    assert import_file(actor=None, kind="people", file=xlsx(people)).ok
    quotas = [["Mã đơn vị", "Năm", "Chỉ tiêu"], ["P.B.U", 2026, 5], ["P.B.C", 2025, 0], ["P.T.X", 2026, 2]]
    assert import_file(actor=None, kind="quotas", file=xlsx(quotas)).ok
    return tree


@pytest.mark.parametrize("kind, rows", [("units", 10), ("people", 2), ("members", 4), ("quotas", 3)])
def test_export_then_import_changes_nothing(client, data, make_user, kind, rows):
    client.force_login(make_user(data.province, "staff"))
    response = client.get(reverse("exchange:export", args=[kind]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == [column.header for column in FORMATS[kind]]
    assert sheet.max_row == rows + 1
    result = import_file(actor=None, kind=kind, file=io.BytesIO(response.content))
    assert result.ok, result.error_lines()
    assert (result.created, result.updated, result.unchanged) == (0, 0, rows)


def test_edit_an_export_then_import_updates_only_that_row(client, data, make_user):
    client.force_login(make_user(data.province, "staff"))
    workbook = load_workbook(io.BytesIO(client.get(reverse("exchange:export", args=["members"])).content))
    sheet = workbook.worksheets[0]
    column = [cell.value for cell in sheet[1]].index("Số thẻ đảng viên") + 1
    sheet.cell(row=2, column=column, value="99999999")
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    result = import_file(actor=None, kind="members", file=stream)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    assert Membership.objects.filter(card_number="99999999").count() == 1


def test_exports_are_scoped(client, data, make_user):
    client.force_login(make_user(data.cement, "viewer"))
    sheet = load_workbook(io.BytesIO(client.get(reverse("exchange:export", args=["members"])).content)).worksheets[0]
    assert {row[10] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"P.B.C.1"}
    sheet = load_workbook(io.BytesIO(client.get(reverse("exchange:export", args=["units"])).content)).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["P.B.C", "P.B.C.1"]


def test_dossiers_export_in_the_people_format(client, tree, make_user):
    from ptdv.admission.models import Dossier
    from ptdv.people.services import person_create

    person = person_create(
        actor=None, unit=tree.cell_it, full_name="Đào Thị Dũng", sex="female", birth_date=datetime.date(2001, 5, 17),
        citizen_id="001301000123", occupation="university_student",
    )  # fmt: skip
    Dossier.objects.create(person=person, unit=tree.cell_it, stage="application", opened_on=datetime.date(2026, 3, 1))
    client.force_login(make_user(tree.province, "viewer"))
    sheet = load_workbook(io.BytesIO(client.get(reverse("exchange:export", args=["dossiers"])).content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header == [*PEOPLE_HEADER, "Ngoại lệ trình độ", "Lý do ngoại lệ trình độ", "Giai đoạn", "Ngày mở hồ sơ"]
    row = [cell.value for cell in sheet[2]]
    assert row[:4] == ["Đào Thị Dũng", "17/05/2001", "Nữ", "001301000123"] and row[-1] == "01/03/2026"


def test_export_links_on_the_list_pages(client, tree, make_user):
    client.force_login(make_user(tree.province, "staff"))
    for name, kind in [("units:tree", "units"), ("quotas:page", "quotas"), ("admission:board", "dossiers"),
                       ("admission:probation", "members"), ("people:pool", None)]:  # fmt: skip
        body = client.get(reverse(name)).content.decode()
        if kind:
            assert reverse("exchange:export", args=[kind]) in body, name
        assert "Xuất" in body
