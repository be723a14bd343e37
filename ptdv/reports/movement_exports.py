"""Biểu 1 (tăng, giảm đảng viên) as the committees read it: the rows of roll.md with this period, the same period a
year earlier and the percent; sentences ("đầu kỳ … đảng viên; kết nạp …, chuyển đến …; từ trần …; cuối kỳ …"); an
.xlsx workbook, a Word report and a PDF. Vietnamese whatever the screen's language (official papers)."""

import datetime
import io
from html import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from . import rules
from .exports import _paragraph, number, percent, report_date

GAIN_LABELS = {
    "admitted": "Kết nạp",
    "transferred_in": "Chuyển đến",
    "restored": "Phục hồi đảng tịch",
}
LOSS_LABELS = {
    "died": "Từ trần",
    "expelled": "Khai trừ",
    "struck_off": "Xóa tên",
    "resigned": "Xin ra khỏi Đảng",
    "transferred_out": "Chuyển đi",
}


def _day(iso: str) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y")


def movement_rows(report: dict) -> list[tuple[str, str, int, int | None, float | None]]:
    """(section, label, this period, a year earlier, percent) — Biểu 1's rows A to D."""
    previous = report.get("previous")

    def row(section, label, pick):
        now = pick(report)
        before = pick(previous) if previous else None
        return (section, label, now, before, rules.percent(now, before) if before else None)

    rows = [row("A", "Số đảng viên đầu kỳ", lambda r: r["start"]["count"])]
    rows.append(row("", "trong đó dự bị", lambda r: r["start"]["probationary"]))
    rows.append(row("B", "Tổng số tăng", lambda r: sum(x["count"] for x in r["gains"].values())))
    for code, label in GAIN_LABELS.items():
        rows.append(row("", label, lambda r, code=code: r["gains"][code]["count"]))
        if code == "transferred_in":
            rows.append(row("", "trong đó từ ngoài hệ thống", lambda r: r["gains"]["transferred_in"]["outside"]))
    rows.append(row("C", "Tổng số giảm", lambda r: sum(x["count"] for x in r["losses"].values())))
    for code, label in LOSS_LABELS.items():
        rows.append(row("", label, lambda r, code=code: r["losses"][code]["count"]))
        if code == "struck_off":
            rows.append(row("", "trong đó đảng viên dự bị", lambda r: r["losses"]["struck_off"]["probationary"]))
        if code == "transferred_out":
            rows.append(row("", "trong đó ra ngoài hệ thống", lambda r: r["losses"]["transferred_out"]["outside"]))
    rows.append(row("D", "Số đảng viên cuối kỳ", lambda r: r["end"]["count"]))
    rows.append(row("", "trong đó dự bị", lambda r: r["end"]["probationary"]))
    rows.append(row("", "trong đó miễn sinh hoạt", lambda r: r["end"]["exempted"]))
    return rows


def movement_sentences(report: dict) -> list[str]:
    """ "Đầu kỳ 120 đảng viên; tăng 5 (kết nạp 3, chuyển đến 2); giảm 2 (từ trần 1, chuyển đi 1); cuối kỳ 123"."""
    gains = [f"{label.lower()} {number(report['gains'][c]['count'])}" for c, label in GAIN_LABELS.items()
             if report["gains"][c]["count"]]  # fmt: skip
    losses = [f"{label.lower()} {number(report['losses'][c]['count'])}" for c, label in LOSS_LABELS.items()
              if report["losses"][c]["count"]]  # fmt: skip
    total_gains = sum(x["count"] for x in report["gains"].values())
    total_losses = sum(x["count"] for x in report["losses"].values())
    text = (
        f"Từ ngày {_day(report['from'])} đến ngày {_day(report['to'])}, {report['unit']['name']}: đầu kỳ có "
        f"{number(report['start']['count'])} đảng viên; tăng {number(total_gains)} đồng chí"
    )
    text += f" ({', '.join(gains)})" if gains else ""
    text += f"; giảm {number(total_losses)} đồng chí" + (f" ({', '.join(losses)})" if losses else "")
    text += f"; cuối kỳ có {number(report['end']['count'])} đảng viên"
    if report["end"]["probationary"]:
        text += f", trong đó {number(report['end']['probationary'])} đảng viên dự bị"
    sentences = [text + "."]
    previous = report.get("previous")
    if previous:
        sentences.append(
            f"Cùng kỳ năm trước: đầu kỳ {number(previous['start']['count'])}, cuối kỳ "
            f"{number(previous['end']['count'])} đảng viên."
        )
    return sentences


def _cell(value):
    return "" if value is None else value


def movements_xlsx(report: dict) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Biểu 1"
    sheet.append([f"Biểu 1 — Tăng, giảm đảng viên — {report['unit']['name']}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([f"Từ ngày {_day(report['from'])} đến ngày {_day(report['to'])}"])
    sheet.append(["Mục", "Chỉ tiêu", "Kỳ này", "Cùng kỳ năm trước", "Tỷ lệ (%)"])
    for section, label, now, before, share in movement_rows(report):
        sheet.append([section, label, now, _cell(before), _cell(share)])
    if report["units"]:
        sheet.append([])
        sheet.append(["Đơn vị", "Mã", "Đầu kỳ", "Cuối kỳ"])
        for row in report["units"]:
            sheet.append([row["name"], row["code"], row["start"], row["end"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def movements_docx(report: dict, *, issued_on: datetime.date | None = None) -> bytes:
    issued_on = issued_on or report_date()
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].add_run(report["unit"]["name"].upper()).bold = True
    left.add_paragraph("*").alignment = WD_ALIGN_PARAGRAPH.CENTER
    right.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM").bold = True
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    dated = right.add_paragraph()
    dated.add_run(f"ngày {issued_on.day} tháng {issued_on.month} năm {issued_on.year}").italic = True
    dated.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, "BÁO CÁO", bold=True, size=15, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "Tình hình tăng, giảm đảng viên (Biểu 1)", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for sentence in movement_sentences(report):
        _paragraph(document, sentence, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ["Mục", "Chỉ tiêu", "Kỳ này", "Cùng kỳ", "Tỷ lệ"], strict=True):
        cell.paragraphs[0].add_run(title).bold = True
    for section, label, now, before, share in movement_rows(report):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = section, label, number(now)
        cells[3].text = "—" if before is None else number(before)
        cells[4].text = "" if share is None else percent(share)
    if report["units"]:
        _paragraph(document, "Các đơn vị trực thuộc", bold=True)
        units = document.add_table(rows=1, cols=3)
        units.style = "Table Grid"
        for cell, title in zip(units.rows[0].cells, ["Đơn vị", "Đầu kỳ", "Cuối kỳ"], strict=True):
            cell.paragraphs[0].add_run(title).bold = True
        for row in report["units"]:
            cells = units.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = row["name"], number(row["start"]), number(row["end"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def movements_pdf(report: dict) -> bytes:
    from weasyprint import HTML

    rows = "".join(
        f"<tr><td>{escape(s)}</td><td>{escape(label)}</td><td>{number(now)}</td>"
        f"<td>{'—' if before is None else number(before)}</td><td>{'' if share is None else percent(share)}</td></tr>"
        for s, label, now, before, share in movement_rows(report)
    )
    sentences = "".join(f"<p>{escape(text)}</p>" for text in movement_sentences(report))
    html = (
        "<html><head><meta charset='utf-8'><style>body{font-family:'Times New Roman','Liberation Serif',serif;"
        "font-size:13pt} table{border-collapse:collapse;width:100%} td,th{border:1px solid #000;padding:2px 4px}"
        "</style></head><body>"
        f"<p><b>{escape(report['unit']['name'].upper())}</b></p><h2 style='text-align:center'>BÁO CÁO</h2>"
        "<p style='text-align:center'><b>Tình hình tăng, giảm đảng viên (Biểu 1)</b></p>"
        f"{sentences}<table><tr><th>Mục</th><th>Chỉ tiêu</th><th>Kỳ này</th><th>Cùng kỳ</th><th>Tỷ lệ</th></tr>"
        f"{rows}</table></body></html>"
    )
    return HTML(string=html).write_pdf()
