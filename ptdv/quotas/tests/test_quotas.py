"""Quotas: set by the unit above, changes need a reason, admissions counted by decision date against them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ptdv.audit.models import Event
from ptdv.conftest import party_term
from ptdv.membership.services import membership_record
from ptdv.people.services import person_create
from ptdv.quotas.models import Quota
from ptdv.quotas.selectors import quota_table
from ptdv.quotas.services import quota_set

pytestmark = pytest.mark.django_db


def admit(unit, citizen_id, decided):
    person = person_create(
        actor=None,
        unit=unit,
        full_name="Lê Văn Nam",
        sex="male",
        birth_date=datetime.date(1990, 1, 1),
        citizen_id=citizen_id,
        occupation="worker",
        general_education="12/12",
    )
    membership_record(actor=None, person=person, unit=unit, status="probationary", decision_date=decided)


def test_the_unit_above_sets_quotas_and_a_change_needs_a_reason(tree, make_user):
    staff = make_user(tree.bloc, "staff")
    quota_set(actor=staff, unit=tree.university, year=2026, quota=6)
    with pytest.raises(ValidationError):
        quota_set(actor=staff, unit=tree.bloc, year=2026, quota=30)  # its own quota: set by the province
    with pytest.raises(ValidationError):
        quota_set(actor=make_user(tree.cement, "staff"), unit=tree.university, year=2026, quota=1)
    with pytest.raises(ValidationError) as error:
        quota_set(actor=staff, unit=tree.university, year=2026, quota=5)
    assert "6" in str(error.value) and Quota.objects.get().quota == 6
    quota_set(actor=staff, unit=tree.university, year=2026, quota=5, reason="Điều chỉnh giữa năm")
    event = Event.objects.filter(action="quota.set").first()  # newest first
    assert event.before == {"quota": 6} and event.after["reason"] == "Điều chỉnh giữa năm"


def test_admissions_count_by_decision_date_against_quotas(tree):
    quota_set(actor=None, unit=tree.bloc, year=2026, quota=10)
    quota_set(actor=None, unit=tree.university, year=2026, quota=4)
    quota_set(actor=None, unit=tree.cement, year=2026, quota=5)
    admit(tree.cell_it, "001090000001", datetime.date(2026, 3, 1))
    admit(tree.cell_econ, "001090000002", datetime.date(2026, 12, 31))
    admit(tree.cell_econ, "001090000003", datetime.date(2025, 12, 31))  # last year: not counted
    own, rows, children_sum = quota_table(unit=tree.bloc, year=2026)
    assert own.quota == 10 and own.admitted == 2 and children_sum == 9
    university = next(r for r in rows if r.unit == tree.university)
    assert university.admitted == 2 and university.percent == 50.0


def test_quota_page_is_scoped_and_warns_on_a_mismatch(client, tree, make_user):
    quota_set(actor=None, unit=tree.bloc, year=2026, quota=10)
    quota_set(actor=None, unit=tree.university, year=2026, quota=4)
    client.force_login(make_user(tree.bloc, "staff"))
    page = client.get(reverse("quotas:page"), {"unit": "P.B", "year": 2026}).content.decode()
    assert "Tổng chỉ tiêu các đơn vị trực thuộc là 4" in page and "2026" in page and "2.026" not in page
    assert 'href="?unit=P.B.U&amp;year=2026"' in page
    client.force_login(make_user(tree.cement, "staff"))
    assert client.get(reverse("quotas:page"), {"unit": "P.B.U", "year": 2026}).status_code == 404


def test_term_quotas_are_set_by_the_unit_above_and_count_the_terms_admissions(client, tree, make_user):
    from ptdv.quotas.models import TermQuota

    term = party_term("2025-2030")
    staff = make_user(tree.bloc, "staff")
    client.force_login(staff)
    page = client.post(
        f"{reverse('quotas:terms')}?unit=P.B&term={term.pk}", {"unit_code": "P.B.U", "quota": 30, "reason": ""}
    )
    assert page.status_code == 302 and TermQuota.objects.get(unit=tree.university, term=term).quota == 30
    changed = client.post(
        f"{reverse('quotas:terms')}?unit=P.B&term={term.pk}",
        {"unit_code": "P.B.U", "quota": 25, "reason": "", "version": 1},
    )
    assert changed.status_code == 422 and "Hãy ghi lý do điều chỉnh chỉ tiêu từ 30 thành 25" in changed.content.decode()
    refused = client.post(
        f"{reverse('quotas:terms')}?unit=P.B&term={term.pk}", {"unit_code": "P.B", "quota": 99, "reason": ""}
    )
    assert refused.status_code == 422 and not TermQuota.objects.filter(unit=tree.bloc).exists()
    admit(tree.cell_it, "001090000011", datetime.date(2026, 3, 1))
    admit(tree.cell_it, "001090000012", datetime.date(2025, 9, 30))  # the day before the term
    shown = client.get(reverse("quotas:terms"), {"unit": "P.B", "term": term.pk})
    university = next(row for row in shown.context["rows"] if row.unit == tree.university)
    assert university.quota == 30 and university.admitted == 1
    history = shown.content.decode()
    assert "nhiệm kỳ 2025-2030: 30" in history and f'href="?unit=P.B.U&amp;term={term.pk}"' in history
    client.force_login(make_user(tree.cement, "staff"))
    assert client.get(reverse("quotas:terms"), {"unit": "P.B.U", "term": term.pk}).status_code == 404


def _move(unit, parent, on):
    import time_machine

    from ptdv.units.services import unit_update

    with time_machine.travel(datetime.datetime(on.year, on.month, on.day, 9, 0, tzinfo=datetime.UTC), tick=False):
        unit_update(
            actor=None, unit=unit, code=unit.code, name=unit.name, unit_type=unit.unit_type, sector=unit.sector,
            may_admit=unit.may_admit, valid_from=unit.valid_from, parent=parent, member_count=unit.member_count,
        )  # fmt: skip


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_quota_pages_and_the_report_count_the_same_admitted_after_a_cell_moved(client, tree, make_user, year):
    """statistics.md: admissions counted by decision date in the unit's subtree as the tree stood at the end of the
    period — one definition and one code path (the reports' rollups) for the yearly page, the term page and the
    report. The economics cell admits in 2025 and 2026 under the university, then moves to the cement works on
    1/9/2026: 2025 stays the university's, the whole of 2026 is the cement works'."""
    from ptdv.quotas.models import Term

    admit(tree.cell_econ, "001090000011", datetime.date(2025, 3, 1))
    admit(tree.cell_econ, "001090000012", datetime.date(2026, 3, 1))
    admit(tree.cell_it, "001090000013", datetime.date(year, 5, 5))
    admit(tree.cell_kiln, "001090000014", datetime.date(year, 12, 31))
    _move(tree.cell_econ, tree.cement, datetime.date(2026, 9, 1))
    term = Term.objects.create(
        name=f"Năm {year}", starts_on=datetime.date(year, 1, 1), ends_on=datetime.date(year, 12, 31)
    )
    client.force_login(make_user(tree.bloc, "viewer"))

    yearly = client.get(reverse("quotas:page"), {"unit": "P.B", "year": year}).context
    terms = client.get(reverse("quotas:terms"), {"unit": "P.B", "term": term.pk}).context
    report = client.get(
        reverse("reports:admissions"),
        {"unit": "P.B", "period": "custom", "date_from": f"01/01/{year}", "date_to": f"31/12/{year}"},
    ).context["report"]

    expected = {2025: {"P.B.U": 2, "P.B.C": 1}, 2026: {"P.B.U": 1, "P.B.C": 2}}[year]
    assert {row["code"]: row["admitted"] for row in report["units"]} == expected
    for page in (yearly, terms):
        assert page["own"].admitted == report["admitted"] == 3
        assert {row.unit.code: row.admitted for row in page["rows"]} == expected
    university = client.get(reverse("quotas:page"), {"unit": "P.B.U", "year": year}).context
    assert [row.unit.code for row in university["rows"]] == (["P.B.U.1", "P.B.U.2"] if year == 2025 else ["P.B.U.1"])


def test_a_save_based_on_an_older_quota_is_refused_and_writes_nothing(tree, make_user):
    from ptdv.quotas.services import StaleQuota

    staff = make_user(tree.bloc, "staff")
    first = quota_set(actor=staff, unit=tree.university, year=2026, quota=6, expected_version=0)
    assert first.version == 1
    second = quota_set(actor=staff, unit=tree.university, year=2026, quota=7, reason="Bổ sung", expected_version=1)
    assert second.version == 2
    events = Event.objects.filter(action="quota.set").count()
    with pytest.raises(StaleQuota) as stale:
        quota_set(actor=staff, unit=tree.university, year=2026, quota=9, reason="Theo số cũ", expected_version=1)
    assert "hiện là 7" in str(stale.value) and stale.value.current_version == 2
    with pytest.raises(StaleQuota):  # "no quota was shown" while one exists meanwhile
        quota_set(actor=staff, unit=tree.university, year=2026, quota=9, reason="Mới", expected_version=0)
    assert Quota.objects.get().quota == 7 and Event.objects.filter(action="quota.set").count() == events
    unchanged = quota_set(actor=staff, unit=tree.university, year=2026, quota=7, expected_version=2)
    assert unchanged.version == 2  # the same figure: no change, no new version


def test_two_users_on_the_quota_page_the_second_save_is_refused(client, tree, make_user):
    """Two people open the same sub-unit's quota (the row's "Edit" link), both change it: the second save is refused
    with the figure now stored, nothing is written; the form then carries the new version, so saving again (after
    checking) works."""
    quota_set(actor=None, unit=tree.university, year=2026, quota=4)
    url = f"{reverse('quotas:page')}?unit=P.B&year=2026"
    client.force_login(make_user(tree.bloc, "staff"))
    page = client.get(reverse("quotas:page"), {"unit": "P.B", "year": 2026, "edit": "P.B.U"})
    assert page.context["form"].initial == {"year": 2026, "unit_code": "P.B.U", "quota": 4, "version": 1}
    assert 'href="?unit=P.B&amp;year=2026&amp;edit=P.B.U#quota-form"' in page.content.decode()
    other = Client()
    other.force_login(make_user(tree.bloc, "staff"))
    saved = other.post(url, {"unit_code": "P.B.U", "year": 2026, "quota": 5, "reason": "Tăng", "version": 1})
    assert saved.status_code == 302
    late = client.post(url, {"unit_code": "P.B.U", "year": 2026, "quota": 3, "reason": "Giảm", "version": 1})
    body = late.content.decode()
    assert late.status_code == 422 and "Chỉ tiêu của Đơn vị P.B.U hiện là 5" in body and "Chưa lưu gì" in body
    assert Quota.objects.get(unit=tree.university, year=2026).quota == 5
    assert 'name="version" value="2"' in body
    again = client.post(url, {"unit_code": "P.B.U", "year": 2026, "quota": 3, "reason": "Giảm", "version": 2})
    assert again.status_code == 302 and Quota.objects.get(unit=tree.university, year=2026).quota == 3


def test_a_quota_typed_without_its_edit_link_is_shown_before_it_is_overwritten(client, tree, make_user):
    quota_set(actor=None, unit=tree.university, year=2026, quota=4)
    client.force_login(make_user(tree.bloc, "staff"))
    url = f"{reverse('quotas:page')}?unit=P.B&year=2026"
    blind = client.post(url, {"unit_code": "P.B.U", "year": 2026, "quota": 8, "reason": "Tăng"})
    assert blind.status_code == 422 and "hiện là 4" in blind.content.decode()
    assert Quota.objects.get(unit=tree.university).quota == 4
    new = client.post(url, {"unit_code": "P.B.C", "year": 2026, "quota": 2, "reason": ""})  # none yet: saved
    assert new.status_code == 302 and Quota.objects.get(unit=tree.cement).version == 1


def test_a_sibling_code_and_a_huge_quota_are_the_users_mistakes(client, tree, make_user):
    """Issue #14: a unit code of another organisation gets the words of an unknown code (nothing tells it exists);
    a 20-digit quota is a form error, not a server error."""
    client.force_login(make_user(tree.cement, "staff"))
    words = []
    for code in ["P.B.U", "KHONG-CO"]:
        page = client.post("/quotas/", {"unit_code": code, "year": 2026, "quota": 3, "reason": ""})
        assert page.status_code in (200, 422)
        words.append(str(page.context["form"].errors["unit_code"]).replace(code, "…"))
    assert words[0] == words[1]
    page = client.post("/quotas/", {"unit_code": "P.B.C", "year": 2026, "quota": "9" * 20, "reason": ""})
    assert page.status_code in (200, 422) and "quota" in page.context["form"].errors
    assert client.get("/quotas/", {"year": "0"}).status_code == 400
    page = client.get("/quotas/", {"year": "2026\x00"})
    assert page.status_code == 400 and "NUL" in page.content.decode()
