"""The letter introducing a member to the party cell where they live (giấy giới thiệu đảng viên về sinh hoạt nơi cư
trú, 213-QĐ/TW, 33-HD/BTCTW) as a Word document in the style of the other forms: A4, Times New Roman 13, the
issuing committee and its number on the left, the party heading and the place and date on the right."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from ptdv.documents import rules as document_rules
from ptdv.documents.selectors import place_for

from .models import ResidenceLiaison


def letter_docx(liaison: ResidenceLiaison) -> bytes:
    membership = liaison.membership
    person = membership.person
    work = liaison.work_unit
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    issuer = left.paragraphs[0]
    issuer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    issuer.add_run(document_rules.upper(work.parent.name if work.parent else work.name)).bold = True
    left.add_paragraph("*").alignment = WD_ALIGN_PARAGRAPH.CENTER
    number = liaison.letter_number or document_rules.blank_code("GGT", "ĐU")
    left.add_paragraph(f"Số: {number}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    party = right.paragraphs[0]
    run = party.add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
    run.bold = run.underline = True
    party.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dated = right.add_paragraph()
    dated.add_run(document_rules.place_date(place_for(work), liaison.letter_date)).italic = True
    dated.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def paragraph(text: str, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.JUSTIFY):
        p = document.add_paragraph()
        p.add_run(text).bold = bold
        p.alignment = align
        return p

    paragraph("GIẤY GIỚI THIỆU", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph("Đảng viên về sinh hoạt, giữ mối liên hệ với chi ủy, chi bộ nơi cư trú", bold=True,
              align=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
    paragraph(f"Kính gửi: Chi ủy, chi bộ {liaison.residence_name}")
    status = "đảng viên dự bị" if membership.status == "probationary" else "đảng viên chính thức"
    birth = document_rules.short_date(person.birth_date)
    paragraph(
        f"{work.name} trân trọng giới thiệu đồng chí {person.full_name}, sinh ngày {birth}, {status}, "
        f"vào Đảng ngày {document_rules.short_date(membership.decision_date)}, đang sinh hoạt tại {work.name}, "
        f"về giữ mối liên hệ và tham gia sinh hoạt với chi ủy, chi bộ nơi đồng chí cư trú theo Quy định số "
        f"213-QĐ/TW ngày 02/01/2020 của Bộ Chính trị."
    )
    paragraph(
        "Đề nghị chi ủy, chi bộ nơi cư trú tiếp nhận, phân công nhiệm vụ, theo dõi và hằng năm gửi nhận xét về "
        "đồng chí theo quy định."
    )
    signature = document.add_table(rows=1, cols=2)
    recipients, signer = signature.rows[0].cells
    received = recipients.paragraphs[0].add_run("Nơi nhận:")
    received.bold = received.italic = True
    recipients.add_paragraph("- Như trên,")
    recipients.add_paragraph("- Đảng viên có tên trên,")
    recipients.add_paragraph("- Lưu chi bộ.")
    sign = signer.paragraphs[0]
    sign.add_run("T/M CHI ỦY").bold = True
    sign.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = signer.add_paragraph()
    title.add_run("BÍ THƯ").bold = True
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for _blank in range(4):
        signer.add_paragraph()
    signer.add_paragraph(document_rules.BLANK).alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
