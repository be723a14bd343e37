"""`ptdv report admissions` as exchange.md says, and the same figures in the workbook and the Word text."""

import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from .test_report import bloc_2026  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db


def run_json(*args):
    out = io.StringIO()
    call_command("report", "admissions", *args, stdout=out)
    return json.loads(out.getvalue())


def test_json_has_the_keys_of_exchange_md(bloc_2026):  # noqa: F811
    report = run_json("--unit", "p.b", "--from", "2026-01-01", "--to", "2026-06-30", "--format", "json")
    for key in ["admitted", "quota", "quota_percent", "by_category", "by_occupation", "by_age_band", "average_age",
                "previous", "units", "lagging", "pipeline"]:  # fmt: skip
        assert key in report
    assert report["admitted"] == 227 and report["quota"] == 300
    assert report["quota_percent"] == pytest.approx(227 / 300 * 100)  # full precision, not rounded
    assert report["by_occupation"]["worker"] == {"count": 110, "percent": pytest.approx(48.458149779)}
    assert set(report["units"][0]) >= {"code", "name", "admitted", "quota", "quota_percent"}
    assert report["previous"]["admitted"] == 200


@pytest.mark.parametrize(
    "args, message",
    [
        (["--unit", "KHONG.CO", "--from", "2026-01-01", "--to", "2026-06-30"], "KHONG.CO"),
        (["--unit", "P.B", "--from", "2026-13-01", "--to", "2026-06-30"], "2026-13-01"),
        (["--unit", "P.B", "--from", "01/01/2026", "--to", "2026-06-30"], "01/01/2026"),
        (["--unit", "P.B", "--from", "2026-07-01", "--to", "2026-06-30"], "--from"),
    ],
)
def test_an_unknown_unit_or_a_bad_date_exits_2_with_one_line(tree, args, message):
    with pytest.raises(CommandError) as error:
        call_command("report", "admissions", *args)
    assert error.value.returncode == 2
    assert message in str(error.value) and "\n" not in str(error.value)


def test_the_workbook_and_the_word_report_carry_the_figures(bloc_2026, tmp_path):  # noqa: F811
    workbook_path, word_path = tmp_path / "r.xlsx", tmp_path / "r.docx"
    common = ["--unit", "P.B", "--from", "2026-01-01", "--to", "2026-06-30"]
    call_command("report", "admissions", *common, "--format", "xlsx", "--output", str(workbook_path))
    call_command("report", "admissions", *common, "--format", "docx", "--output", str(word_path))
    rows = list(openpyxl.load_workbook(workbook_path).active.iter_rows(values_only=True))
    by_label = {row[1]: row[2:] for row in rows if len(row) > 2 and row[1]}
    assert by_label["Số đảng viên kết nạp"][0] == 227
    assert by_label["Chỉ tiêu"] == (300, pytest.approx(75.6667, abs=1e-4))
    assert by_label["Công nhân, người lao động trực tiếp sản xuất trong doanh nghiệp"][0] == 110
    assert by_label["Học sinh, sinh viên"][0] == 41
    text = "\n".join(paragraph.text for paragraph in Document(word_path).paragraphs)
    assert "kết nạp được 227 đảng viên, đạt 75,7% so với chỉ tiêu (300 đồng chí)" in text
    assert "tăng 27 đồng chí so với cùng kỳ năm trước (200)" in text
    assert "trong doanh nghiệp là 110 đồng chí (chiếm 48,5%)" in text
    assert (
        "học sinh, sinh viên là 41 đồng chí (chiếm 18,1%), vượt 8 đồng chí so với cả năm 2025, "
        "trong đó học sinh THPT là 8 đồng chí" in text
    )
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in Document(word_path).tables[0].rows[0].cells[1].text


def test_an_empty_period_reads_as_a_plain_sentence(tree):
    import datetime

    from ptdv.reports.exports import summary_sentences
    from ptdv.reports.selectors import admissions_report

    report = admissions_report(
        unit=tree.commune, date_from=datetime.date(2026, 1, 1), date_to=datetime.date(2026, 3, 31)
    )
    assert summary_sentences(report) == [
        "Kết quả từ ngày 01/01/2026 đến ngày 31/03/2026, Đơn vị P.T.X kết nạp được 0 đảng viên (chưa giao chỉ tiêu cho "
        "kỳ này); bằng cùng kỳ năm trước (0)."
    ]


def test_the_word_and_pdf_reports_are_dated_by_vietnam_s_calendar_not_the_server_s(tree, monkeypatch):
    """At 20:00 UTC on 1 March it is already 2 March in Vietnam (UTC+7): a report printed then is dated 2 March,
    whatever time zone the server's process runs in (every other date of the system is Vietnam's)."""
    import datetime
    import time

    import time_machine

    from ptdv.reports import exports
    from ptdv.reports.selectors import admissions_report

    report = admissions_report(
        unit=tree.commune, date_from=datetime.date(2026, 1, 1), date_to=datetime.date(2026, 1, 31)
    )
    monkeypatch.setenv("TZ", "UTC")  # a server whose process clock is UTC
    time.tzset()
    try:
        with time_machine.travel(datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC), tick=False):
            assert datetime.date.today() == datetime.date(2026, 3, 1)  # noqa: DTZ011 - the server's date, on purpose
            document = Document(io.BytesIO(exports.report_docx(report)))
            pdf_date = exports.report_date()
    finally:
        monkeypatch.undo()
        time.tzset()
    dated = document.tables[0].rows[0].cells[1].text
    assert "ngày 02 tháng 3 năm 2026" in dated  # the style guide: a leading zero below 10
    assert pdf_date == datetime.date(2026, 3, 2)
