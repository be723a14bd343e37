"""The report pages: scoped to the user's subtree, every period form, the downloads."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from docx import Document

from ptdv.conftest import party_term

from .factories import admit_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def admissions(tree):
    admit_many(tree.cell_it, 3, datetime.date(2026, 2, 10), occupation="university_student")
    admit_many(tree.cell_kiln, 2, datetime.date(2026, 5, 5), occupation="worker")
    admit_many(tree.cell_village, 4, datetime.date(2026, 3, 3), occupation="farmer")
    return tree


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


def test_the_dashboard_shows_only_the_users_subtree(client, admissions, make_user):
    client.force_login(make_user(admissions.bloc, "viewer"))
    page = client.get("/reports/")
    assert page.status_code == 200
    assert page.context["report"]["admitted"] == 5  # the commune's 4 are outside the bloc
    assert [row["code"] for row in page.context["report"]["units"]] == ["P.B.U", "P.B.C"]
    assert page.context["chart"]["this_year"][1] == 3 and page.context["chart"]["this_year"][4] == 2
    assert "vendor/chart.umd.min.js" in page.content.decode()
    assert client.get("/reports/?unit=P.T.X").status_code == 404
    assert client.get("/reports/admissions/?unit=P.T").status_code == 404
    assert client.get("/reports/admissions/xlsx/?unit=P.T.X").status_code == 404


def test_a_cell_secretary_sees_the_cell(client, admissions, make_user):
    client.force_login(make_user(admissions.cell_it, "cell_secretary"))
    report = client.get("/reports/").context["report"]
    assert report["admitted"] == 3 and report["units"] == []


@pytest.mark.parametrize(
    "query, admitted",
    [
        ("period=year&year=2026", 5),
        ("period=half&year=2026&number=1", 5),
        ("period=quarter&year=2026&number=1", 3),
        ("period=month&year=2026&number=5", 2),
        ("period=custom&date_from=01/03/2026&date_to=31/12/2026", 2),
        ("period=year&year=2025", 0),
    ],
)
def test_report_periods(client, admissions, make_user, query, admitted):
    client.force_login(make_user(admissions.bloc, "viewer"))
    page = client.get(f"/reports/admissions/?unit=P.B&{query}")
    assert page.status_code == 200 and page.context["report"]["admitted"] == admitted


@pytest.mark.parametrize(
    "query, message",
    [
        ("period=quarter&year=2026&number=5", "quý"),
        ("period=custom&date_from=01/03/2026", "cả hai ngày"),
        ("period=custom&date_from=01/03/2026&date_to=01/02/2026", "trước"),
        ("period=custom&date_from=31/02/2026&date_to=01/03/2026", "ngày"),
        ("period=year&year=1800", "2000"),
    ],
)
def test_a_bad_period_says_what_to_fix(client, admissions, make_user, query, message):
    client.force_login(make_user(admissions.bloc, "viewer"))
    page = client.get(f"/reports/admissions/?unit=P.B&{query}")
    assert page.status_code == 422 and page.context["report"] is None
    assert message in page.content.decode()
    assert client.get(f"/reports/admissions/xlsx/?unit=P.B&{query}").status_code == 422


def test_a_period_after_the_unit_closed_is_a_clear_answer(client, admissions, make_user):
    from ptdv.units.services import unit_close

    unit_close(actor=None, unit=admissions.cell_kiln, valid_to=datetime.date(2026, 6, 30))
    client.force_login(make_user(admissions.bloc, "viewer"))
    page = client.get("/reports/admissions/?unit=P.B.C.1&period=year&year=2026")
    assert page.status_code == 422 and "không có trong hệ thống tổ chức vào ngày 31/12/2026" in page.content.decode()
    first_half = client.get("/reports/admissions/?unit=P.B.C.1&period=half&year=2026&number=1")
    assert first_half.context["report"]["admitted"] == 2
    before = client.get("/reports/admissions/?unit=P.B&period=year&year=2019")  # before the units' start: none
    assert before.status_code == 200 and before.context["report"]["admitted"] == 0


def test_downloads_carry_the_figures(client, admissions, make_user):
    client.force_login(make_user(admissions.bloc, "viewer"))
    query = "unit=P.B&period=year&year=2026"
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/reports/admissions/xlsx/?{query}").content))
    assert workbook.active["C5"].value == 5
    word = client.get(f"/reports/admissions/docx/?{query}")
    assert 'filename="bao-cao-ket-nap-P.B-2026-01-01-2026-12-31.docx"' in word["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "kết nạp được 5 đảng viên" in text and "học sinh, sinh viên là 3 đồng chí (chiếm 60,0%)" in text
    assert client.get(f"/reports/admissions/json/?{query}").json()["admitted"] == 5
    assert client.get(f"/reports/admissions/csv/?{query}").status_code == 404


def test_the_pdf_has_vietnamese_text(client, admissions, make_user):
    import pypdfium2

    client.force_login(make_user(admissions.bloc, "viewer"))
    pdf = client.get("/reports/admissions/pdf/?unit=P.B&period=year&year=2026")
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(pypdfium2.PdfDocument(pdf.content)[0].get_textpage().get_text_range().split())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "kết nạp được 5 đảng viên" in text


def test_the_term_report_adds_the_term_summary(client, admissions, make_user):
    from ptdv.quotas.models import TermQuota

    term = party_term("2025-2030")
    TermQuota.objects.create(unit=admissions.bloc, term=term, quota=40)
    client.force_login(make_user(admissions.bloc, "viewer"))
    page = client.get(f"/reports/admissions/?unit=P.B&period=term&term={term.pk}")
    assert page.status_code == 200
    assert page.context["report"]["quota"] == 40
    summary = page.context["summary"]
    assert [row["admitted"] for row in summary["per_year"]] == [0, 5, 0, 0, 0, 0]
    assert summary["grassroots"] == 2 and summary["units_by_type"]["cell"] == 3


def test_without_pango_the_pdf_is_a_clear_message(client, admissions, make_user, monkeypatch):
    from ptdv.reports import exports

    def missing(report):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(exports, "report_pdf", missing)
    client.force_login(make_user(admissions.bloc, "viewer"))
    page = client.get("/reports/admissions/pdf/?unit=P.B&period=year&year=2026")
    assert page.status_code == 503 and "libpango" in page.content.decode() and "Word" in page.content.decode()


def test_the_roll_composition_counts_young_members_and_women(client, tree, make_user):
    admit_many(tree.cell_it, 13, datetime.date(2020, 5, 5), birth_date=datetime.date(1996, 11, 23))  # 30 today
    admit_many(tree.cell_it, 10, datetime.date(2010, 5, 5), birth_date=datetime.date(1980, 1, 1), sex="female")
    admit_many(tree.cell_it, 2, datetime.date(2026, 5, 5), status="struck_off")  # not on the roll
    client.force_login(make_user(tree.cell_it, "cell_secretary"))
    page = client.get("/reports/admissions/?unit=P.B.U.1&period=year&year=2026")
    composition = page.context["composition"]
    assert composition["total"] == 23 and composition["young"]["count"] == 13 and composition["woman"]["count"] == 10
    assert "23 đảng viên, trong đó 13 đảng viên trẻ" in page.content.decode()


def test_the_full_report_for_the_year_so_far_compares_the_same_dates_as_the_dashboard(client, tree, make_user):
    """statistics.md `previous` ("cùng kỳ"): on 22/11/2026 the report for the year 2026 and the dashboard both
    compare with 1/1–22/11/2025, not with the whole of 2025 — one figure, one sentence."""
    admit_many(tree.cell_it, 6, datetime.date(2026, 3, 3))
    admit_many(tree.cell_it, 4, datetime.date(2025, 4, 4))
    admit_many(tree.cell_it, 1, datetime.date(2025, 11, 22))  # the last day of the same dates: counted
    admit_many(tree.cell_it, 5, datetime.date(2025, 11, 23))  # the day after: not the same period
    client.force_login(make_user(tree.bloc, "viewer"))
    dashboard = client.get("/reports/?unit=P.B").context
    report = client.get("/reports/admissions/?unit=P.B&period=year&year=2026").context
    for page in (dashboard, report):
        previous = page["report"]["previous"]
        assert (previous["from"], previous["to"], previous["admitted"]) == ("2025-01-01", "2025-11-22", 5)
        assert "tăng 1 đồng chí so với cùng kỳ năm trước (5)" in page["sentences"][0]
    assert report["report"]["previous_year"]["admitted"] == 10  # the whole of 2025 stays apart, named as such
    exported = client.get("/reports/admissions/json/?unit=P.B&period=year&year=2026").json()
    assert exported["previous"]["admitted"] == 5
