"""The admissions report as the committees write it: Vietnamese sentences ("227 đồng chí, đạt 75,7% so với chỉ
tiêu"), an .xlsx workbook and a Word report "Báo cáo kết quả công tác phát triển đảng viên".

The documents are official Vietnamese papers: their text is Vietnamese whatever the language of the screen, and
numbers are written the Vietnamese way (3.044; 48,5%) — statistics.md."""

import datetime
import io

from django.utils import timezone, translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from ptdv.core.formatting import format_number, format_percent
from ptdv.core.spreadsheets import safe_row
from ptdv.people.choices import OCCUPATION_LABELS

from . import rules

CATEGORY_LABELS = {
    "woman": "Nữ",
    "ethnic_minority": "Dân tộc thiểu số",
    "religious": "Người có tôn giáo",
    "youth_union": "Đoàn viên thanh niên",
    "business_owner": "Chủ doanh nghiệp tư nhân",
    "readmitted": "Kết nạp lại",
}
AGE_BAND_LABELS = {band: f"Từ {band.replace('-', ' đến ')} tuổi" for band in rules.AGE_BANDS}
AGE_BAND_LABELS["over-60"] = "Trên 60 tuổi"
STAGE_LABELS = {
    "pool": "Quần chúng trong nguồn",
    "opened": "Mới lập hồ sơ",
    "application": "Đã nhận đơn, lý lịch",
    "introduction": "Đã có người giới thiệu",
    "verification": "Đã thẩm tra lý lịch",
    "comments": "Đã lấy ý kiến nhận xét",
    "cell_vote": "Chi bộ đã biểu quyết",
    "committee_vote": "Đảng ủy cơ sở đã biểu quyết",
    "probation": "Đảng viên dự bị",
}


def number(value: int | float) -> str:
    """3044 → "3.044"; 27.46 → "27,5" (Vietnamese, whatever the active language)."""
    with translation.override("vi"):
        if isinstance(value, int):
            return format_number(value)
        return format_number(value, 1).removesuffix(",0")


def percent(value: float | None) -> str:
    """75.6667 → "75,7%" (half up, one decimal, a comma: statistics.md)."""
    with translation.override("vi"):
        return format_percent(value)


def _day(iso: str) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y")


def period_text(report: dict) -> str:
    return f"từ ngày {_day(report['from'])} đến ngày {_day(report['to'])}"


def _share(count: int, share: float | None) -> str:
    return f"{number(count)} đồng chí (chiếm {percent(share)})"


def summary_sentences(report: dict) -> list[str]:
    """The report's findings as the seeds write them, one sentence each."""
    admitted = report["admitted"]
    sentences = []
    head = f"Kết quả {period_text(report)}, {report['unit']['name']} kết nạp được {number(admitted)} đảng viên"
    if report["quota"] is not None:
        head += f", đạt {percent(report['quota_percent'])} so với chỉ tiêu ({number(report['quota'])} đồng chí)"
    else:
        head += " (chưa giao chỉ tiêu cho kỳ này)"
    previous = report.get("previous")
    if previous is not None:
        change = previous["change"]
        if change > 0:
            head += f"; tăng {number(change)} đồng chí so với cùng kỳ năm trước ({number(previous['admitted'])})"
        elif change < 0:
            head += f"; giảm {number(-change)} đồng chí so với cùng kỳ năm trước ({number(previous['admitted'])})"
        else:
            head += f"; bằng cùng kỳ năm trước ({number(previous['admitted'])})"
    sentences.append(head + ".")
    if not admitted:
        return sentences
    occupations = sorted(
        ((code, row) for code, row in report["by_occupation"].items() if row["count"]),
        key=lambda item: (-item[1]["count"], rules.OCCUPATIONS.index(item[0])),
    )
    parts = [
        f"{OCCUPATION_LABELS[code].lower()} là {_share(row['count'], row['percent'])}"
        for code, row in occupations
        if code not in rules.STUDENT_OCCUPATIONS
    ]
    student = report["student"]
    if student["count"]:
        text = f"học sinh, sinh viên là {_share(student['count'], student['percent'])}"
        whole_year = report.get("previous_year")
        if whole_year is not None:
            difference = student["count"] - whole_year["student"]["count"]
            if difference > 0:
                text += f", vượt {number(difference)} đồng chí so với cả năm {whole_year['year']}"
            elif difference < 0:
                share = percent(student["count"] / whole_year["student"]["count"] * 100)
                text += f", bằng {share} cả năm {whole_year['year']}"
        pupils = report["by_occupation"]["pupil"]["count"]
        if pupils:
            text += f", trong đó học sinh THPT là {number(pupils)} đồng chí"
        parts.append(text)
    sentences.append("Trong đó: " + "; ".join(parts) + ".")
    categories = [
        f"{CATEGORY_LABELS[code].lower()} {_share(row['count'], row['percent'])}"
        for code, row in report["by_category"].items()
        if row["count"]
    ]
    if categories:
        sentences.append("Số đảng viên mới kết nạp là " + "; ".join(categories) + ".")
    if report["average_age"] is not None:
        young = report["by_age_band"]["18-30"]
        sentences.append(
            f"Tuổi bình quân khi kết nạp là {number(report['average_age'])}; từ 30 tuổi trở xuống "
            f"{_share(young['count'], young['percent'])}."
        )
    if report["struck_off"]:
        sentences.append(
            f"Trong số đảng viên kết nạp trong kỳ, {number(report['struck_off'])} đồng chí đã bị xóa tên khỏi danh "
            "sách đảng viên dự bị (vẫn tính vào số kết nạp của kỳ)."
        )
    if report["lagging"]:
        names = ", ".join(f"{row['name']} ({percent(row['prorated_percent'])})" for row in report["lagging"][:5])
        sentences.append(f"Các đơn vị chậm so với tiến độ chỉ tiêu: {names}.")
    if report["none_admitted"]:
        sentences.append(f"{number(len(report['none_admitted']))} tổ chức cơ sở đảng chưa kết nạp được đảng viên.")
    return sentences


def pipeline_sentence(report: dict) -> str:
    stages = report["pipeline"]["stages"]
    waiting = sum(count for stage, count in stages.items() if stage not in ("pool", "probation"))
    text = f"Hiện có {number(stages['pool'])} quần chúng trong nguồn, {number(waiting)} hồ sơ đang trong quy trình"
    forecast = report["pipeline"]["forecast"]
    if forecast is not None and forecast["year"] >= datetime.date.fromisoformat(report["to"]).year:
        text += f"; dự báo cả năm {forecast['year']} kết nạp khoảng {number(round(forecast['value']))} đảng viên"
    return text + "."


def report_rows(report: dict):
    """The report as (section, label, count, percent) rows, for the workbook and the page."""
    yield ("Tổng hợp", "Số đảng viên kết nạp", report["admitted"], None)
    yield ("Tổng hợp", "Chỉ tiêu", report["quota"], report["quota_percent"])
    if report.get("previous") is not None:
        yield ("Tổng hợp", "Cùng kỳ năm trước", report["previous"]["admitted"], None)
    yield ("Tổng hợp", "Tuổi bình quân", report["average_age"], None)
    yield ("Tổng hợp", "Đã xóa tên (dự bị)", report["struck_off"], None)
    for code, row in report["by_category"].items():
        yield ("Đối tượng", CATEGORY_LABELS[code], row["count"], row["percent"])
    for code, row in report["by_occupation"].items():
        yield ("Nghề nghiệp", OCCUPATION_LABELS[code], row["count"], row["percent"])
    yield ("Nghề nghiệp", "Học sinh, sinh viên", report["student"]["count"], report["student"]["percent"])
    for code, row in report["by_age_band"].items():
        yield ("Độ tuổi", AGE_BAND_LABELS[code], row["count"], row["percent"])
    for stage, count in report["pipeline"]["stages"].items():
        yield ("Đang trong quy trình", STAGE_LABELS.get(stage, stage), count, None)


def report_xlsx(report: dict) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổng hợp"
    bold = Font(bold=True)
    sheet.append(safe_row(sheet, [f"Báo cáo kết quả công tác phát triển đảng viên — {report['unit']['name']}"]))
    sheet.append(safe_row(sheet, [period_text(report).capitalize()]))
    sheet["A1"].font = bold
    sheet.append([])
    sheet.append(safe_row(sheet, ["Mục", "Chỉ tiêu thống kê", "Số lượng", "Tỷ lệ (%)"]))
    for cell in sheet[4]:
        cell.font = bold
    for section, label, count, share in report_rows(report):
        sheet.append(safe_row(sheet, [section, label, count, share]))
    for row in sheet.iter_rows(min_row=5, min_col=4, max_col=4):
        row[0].number_format = "0.0"
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 70
    units = workbook.create_sheet("Đơn vị trực thuộc")
    units.append(safe_row(units, ["Mã đơn vị", "Tên đơn vị", "Kết nạp", "Chỉ tiêu", "Tỷ lệ (%)"]))
    for row in report["units"]:
        units.append(safe_row(units, [row["code"], row["name"], row["admitted"], row["quota"], row["quota_percent"]]))
    lagging = workbook.create_sheet("Đơn vị chậm tiến độ")
    lagging.append(
        safe_row(
            lagging,
            ["Mã đơn vị", "Tên đơn vị", "Kết nạp", "Chỉ tiêu", "Chỉ tiêu theo tiến độ", "Tỷ lệ theo tiến độ (%)"],
        )
    )
    for row in report["lagging"]:
        figures = [row["admitted"], row["quota"], row["prorated_quota"], row["prorated_percent"]]
        lagging.append(safe_row(lagging, [row["code"], row["name"], *figures]))
    nobody = workbook.create_sheet("Chưa kết nạp")
    nobody.append(safe_row(nobody, ["Mã đơn vị", "Tên đơn vị", "Chỉ tiêu"]))
    for row in report["none_admitted"]:
        nobody.append(safe_row(nobody, [row["code"], row["name"], row["quota"]]))
    for extra in (units, lagging, nobody):
        for cell in extra[1]:
            cell.font = bold
        extra.column_dimensions["B"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_date() -> datetime.date:
    """The date a report is issued on: today in Vietnam (settings.TIME_ZONE), like every date of the system, not the
    server process's own calendar."""
    return timezone.localdate()


def _paragraph(document, text: str, *, bold=False, italic=False, size=13, align=None):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), "Times New Roman"
    if align is not None:
        paragraph.alignment = align
    return paragraph


def report_heading(unit, *, number: str = "", signer: str = "") -> dict:
    """Who issues the report and how it is numbered (documents.md): the superior body, the issuing committee, "Số:
    12-BC/ĐUK" (the register's number, or blanks to fill in by hand), the place, and the signature block."""
    from ptdv.documents import rules as document_rules

    parent = unit.parent
    abbreviation = document_rules.issuer_abbreviation(unit.unit_type, unit.document_abbreviation)
    top = unit.ancestors()[0] if unit.parent_id else unit
    sign_for, sign_title = document_rules.signature(unit.unit_type)
    return {
        "superior": parent.name.upper() if parent else "",
        "issuer": document_rules.body_name(unit.name, unit.unit_type).upper(),
        "number": number or document_rules.blank_code("BC", abbreviation),
        "place": document_rules.place_name(top.name),
        "sign_for": sign_for,
        "sign_title": sign_title,
        "signer": signer,
    }


def _a4(document) -> None:
    """A4 portrait with the margins of Hướng dẫn 36-HD/VPTW (top and bottom 20-25 mm, left 30-35, right 15-20)."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)


def report_docx(
    report: dict, *, place: str = "", issued_on: datetime.date | None = None, heading: dict | None = None
) -> bytes:
    """The Word report as a party document (documents.md): A4; the superior body and the issuing committee with
    its number "Số: …-BC/…" on the left, the party heading and the place and date on the right; the title, the
    findings in sentences, the table of figures and the child units; "Nơi nhận" and the signature block."""
    from ptdv.documents import rules as document_rules

    issued_on = issued_on or report_date()
    heading = heading or {
        "superior": "",
        "issuer": report["unit"]["name"].upper(),
        "number": document_rules.blank_code("BC", "ĐU"),
        "place": place,
        "sign_for": "T/M BAN THƯỜNG VỤ",
        "sign_title": "BÍ THƯ",
        "signer": "",
    }
    place = place or heading.get("place", "")
    document = Document()
    _a4(document)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    first = left.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if heading["superior"]:
        first.add_run(heading["superior"])
        first = left.add_paragraph()
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    first.add_run(heading["issuer"]).bold = True
    left.add_paragraph("*").alignment = WD_ALIGN_PARAGRAPH.CENTER
    left.add_paragraph(f"Số: {heading['number']}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    party = right.paragraphs[0]
    party_run = party.add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
    party_run.bold = party_run.underline = True
    party.alignment = WD_ALIGN_PARAGRAPH.CENTER
    right.add_paragraph()
    dated = right.add_paragraph()
    dated.add_run(document_rules.place_date(place, issued_on)).italic = True
    dated.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, "BÁO CÁO", bold=True, size=15, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        document,
        f"Kết quả công tác phát triển đảng viên {period_text(report)}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(document, "-----", align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "I. KẾT QUẢ KẾT NẠP ĐẢNG VIÊN", bold=True)
    for sentence in summary_sentences(report):
        _paragraph(document, sentence, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _paragraph(document, pipeline_sentence(report), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _paragraph(document, "II. SỐ LIỆU CHI TIẾT", bold=True)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ["Mục", "Chỉ tiêu thống kê", "Số lượng", "Tỷ lệ"], strict=True):
        cell.paragraphs[0].add_run(title).bold = True
    for section, label, count, share in report_rows(report):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = section, label
        cells[2].text = "—" if count is None else number(count)
        cells[3].text = "" if share is None else percent(share)
    if report["units"]:
        _paragraph(document, "III. KẾT QUẢ CỦA CÁC ĐƠN VỊ TRỰC THUỘC", bold=True)
        units = document.add_table(rows=1, cols=4)
        units.style = "Table Grid"
        for cell, title in zip(units.rows[0].cells, ["Đơn vị", "Kết nạp", "Chỉ tiêu", "Đạt"], strict=True):
            cell.paragraphs[0].add_run(title).bold = True
        for row in report["units"]:
            cells = units.add_row().cells
            cells[0].text = row["name"]
            cells[1].text = number(row["admitted"])
            cells[2].text = "—" if row["quota"] is None else number(row["quota"])
            cells[3].text = percent(row["quota_percent"])
    signature = document.add_table(rows=1, cols=2)
    recipients, signer = signature.rows[0].cells
    received = recipients.paragraphs[0].add_run("Nơi nhận:")
    received.bold = received.italic = True
    recipients.add_paragraph("- Cấp ủy cấp trên (để báo cáo),")
    recipients.add_paragraph("- Các đồng chí ủy viên,")
    recipients.add_paragraph("- Lưu văn phòng.")
    sign_for = signer.paragraphs[0]
    sign_for.add_run(heading["sign_for"]).bold = True
    sign_for.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = signer.add_paragraph()
    title.add_run(heading["sign_title"]).bold = True
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for _blank in range(4):  # the signature and the stamp
        signer.add_paragraph()
    name = signer.add_paragraph()
    name.add_run(heading["signer"] or document_rules.BLANK).bold = True
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_pdf(report: dict, *, issued_on: datetime.date | None = None) -> bytes:
    """The same report as PDF, drawn by WeasyPrint from HTML with a serif font that has every Vietnamese letter."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    rows = [
        (section, label, "—" if count is None else number(count), None if share is None else percent(share))
        for section, label, count, share in report_rows(report)
    ]
    units = [
        {
            "name": row["name"],
            "admitted": number(row["admitted"]),
            "quota": "—" if row["quota"] is None else number(row["quota"]),
            "percent": percent(row["quota_percent"]),
        }
        for row in report["units"]
    ]
    html = render_to_string(
        "reports/print.html",
        {
            "report": report,
            "today": issued_on or report_date(),
            "period": period_text(report),
            "sentences": summary_sentences(report),
            "pipeline_sentence": pipeline_sentence(report),
            "rows": rows,
            "units": units,
        },
    )
    return HTML(string=html).write_pdf()
