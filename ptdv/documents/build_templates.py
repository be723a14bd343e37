"""Build the shipped Word templates (templates_docx/*.docx) with python-docx: the layout of party documents
(documents.md, Hướng dẫn 36-HD/VPTW) with docxtpl/Jinja placeholders filled from a dossier (documents.filling).

    .venv/bin/python -m ptdv.documents.build_templates        # rewrites ptdv/documents/templates_docx/

Every placeholder sits in one run, so Word never splits it. The names a template may use are documented in
documents.filling (and listed by `context_fields`); an administrator may copy a file to the override folder
(settings.PTDV_DOCUMENT_TEMPLATES_DIR), edit it in Word and keep the placeholders."""

import datetime
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = Path(__file__).resolve().parent / "templates_docx"
FONT = "Times New Roman"
CENTER, RIGHT, LEFT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)
DOTS = "." * 125  # a full line at 14 pt (a period is a quarter em in Times New Roman)


def _font(run_or_style, size=None):
    run_or_style.font.name = FONT
    if size:
        run_or_style.font.size = Pt(size)
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


class Builder:
    """One form: a document with A4 page, margins and font as party documents have them."""

    def __init__(self, code: str, title: str):
        self.code = code
        self.document = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
        style = self.document.styles["Normal"]
        _font(style, 14)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.line_spacing = 1.15
        core = self.document.core_properties
        core.title = f"{code} — {title}"
        core.author = "PTĐV"
        core.created = core.modified = datetime.datetime(2026, 1, 1)  # noqa: DTZ001 - a fixed stamp in the built .docx, the same on every build
        core.revision = 1
        self.mark(code)

    # ---------------------------------------------------------------- paragraphs
    def p(self, *parts, align=JUSTIFY, size=None, indent=True, before=0, after=3, container=None, **style):
        """A paragraph of runs: plain strings, or (text, {"bold":…, "italic":…, "underline":…}) pairs."""
        paragraph = (container or self.document).add_paragraph()
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if indent and align == JUSTIFY:
            fmt.first_line_indent = Cm(1)
        for part in parts:
            text, run_style = (part, {}) if isinstance(part, str) else part
            run = paragraph.add_run(text)
            _font(run, size)
            for key, value in {**style, **run_style}.items():
                setattr(run, key, value)
        return paragraph

    def tag(self, statement: str):
        """A paragraph-level Jinja tag ({%p for … %}): docxtpl removes the paragraph and keeps the statement."""
        self.p(f"{{%p {statement} %}}", align=LEFT, indent=False, after=0)

    def mark(self, code):
        self.p(f"Mẫu {code}", align=RIGHT, size=11, italic=True, indent=False)

    def page_break(self):
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def dots(self, lines=3):
        for _ in range(lines):
            self.p(DOTS, align=LEFT, indent=False, after=2)

    # ---------------------------------------------------------------- blocks of a party document
    def header(self, *, issuer=True, left_lines=None, emblem="ĐẢNG CỘNG SẢN VIỆT NAM", number=True,
               date="{{ d.place_date }}"):  # fmt: skip
        """Top left the issuing body (superior, issuer, *, Số: …); top right the emblem line, underlined, and the
        place and date in italics."""
        table = self.document.add_table(rows=1, cols=2)
        _no_borders(table)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        left, right = table.rows[0].cells
        left.width, right.width = Cm(7.2), Cm(9.3)
        left.paragraphs[0].text = ""
        right.paragraphs[0].text = ""
        first_left, first_right = left.paragraphs[0], right.paragraphs[0]
        if issuer:
            lines = left_lines or [("{{ d.superior }}", False), ("{{ d.issuer }}", True)]
            for n, (text, bold) in enumerate(lines):
                paragraph = first_left if n == 0 else left.add_paragraph()
                paragraph.alignment = CENTER
                run = paragraph.add_run(text)
                _font(run, 13)
                run.bold = bold
            star = left.add_paragraph()
            star.alignment = CENTER
            _font(star.add_run("*"), 13)
            if number:
                line = left.add_paragraph()
                line.alignment = CENTER
                _font(line.add_run("Số: {{ d.number }}"), 13)
        first_right.alignment = CENTER
        run = first_right.add_run(emblem)
        _font(run, 14)
        run.bold = True
        run.underline = True
        date_text, date = date, right.add_paragraph()
        date.alignment = CENTER
        date.paragraph_format.space_before = Pt(10)
        run = date.add_run(date_text)
        _font(run, 14)
        run.italic = True

    def title(self, title, *subtitles):
        self.p((title, {"bold": True}), align=CENTER, size=15, before=18, after=0)
        for line in subtitles:
            self.p((line, {"bold": True}), align=CENTER, after=0)
        self.p("-----", align=CENTER, after=10)

    def signature(self, recipients=None, *, sign_for="{{ d.sign_for }}", sign_title="{{ d.sign_title }}",
                  signer="{{ d.signer }}", note="(Ký, ghi rõ họ tên, đóng dấu)"):  # fmt: skip
        """Bottom left `Nơi nhận:` with the recipients; bottom right who signs on behalf of whom, room for the
        signature and the stamp, the signer's full name."""
        self.p("", after=6)
        table = self.document.add_table(rows=1, cols=2)
        _no_borders(table)
        left, right = table.rows[0].cells
        left.width, right.width = Cm(7.2), Cm(9.3)
        left.paragraphs[0].text = ""
        if recipients:
            first = left.paragraphs[0]
            first.alignment = LEFT
            run = first.add_run("Nơi nhận:")
            _font(run, 12)
            run.bold, run.italic, run.underline = True, True, True
            for line in recipients:
                paragraph = left.add_paragraph()
                _font(paragraph.add_run(line), 11)
        lines = [(sign_for, True, False), (sign_title, True, False), (note, False, True), ("", False, False),
                 ("", False, False), ("", False, False), (signer, True, False)]  # fmt: skip
        for n, (text, bold, italic) in enumerate(lines):
            paragraph = right.paragraphs[0] if n == 0 else right.add_paragraph()
            paragraph.alignment = CENTER
            if text:
                run = paragraph.add_run(text)
                _font(run, 12 if italic else 14)
                run.bold, run.italic = bold, italic

    def save(self):
        OUT.mkdir(parents=True, exist_ok=True)
        self.document.save(OUT / f"{self.code}.docx")


def B(text):  # a bold run
    return (text, {"bold": True})


def I(text):  # noqa: E743 - an italic run
    return (text, {"italic": True})


PERSON_LINES = [
    ("Họ và tên đang dùng: ", "{{ p.NAME }}"),
    ("Ngày tháng năm sinh: ", "{{ p.birth_date }}"),
    ("Quê quán: ", "{{ p.hometown }}"),
    ("Nơi ở hiện nay: ", "{{ p.permanent_address }}"),
    ("Nghề nghiệp: ", "{{ p.occupation }}"),
]
BASIS = "Căn cứ Điều lệ Đảng Cộng sản Việt Nam; Quy định và Hướng dẫn thi hành Điều lệ Đảng hiện hành;"


def person_block(b: Builder, lines=PERSON_LINES):
    for label, value in lines:
        b.p(label, B(value), indent=False)


def vote_block(b: Builder, x="x.v", who="đảng viên chính thức"):
    b.p(f"Tổng số {who}: {{{{ {x}.of }}}} đồng chí; có mặt: ……… đồng chí.", indent=False)
    b.p(f"Số đồng chí tán thành: {{{{ {x}.yes }}}} đồng chí, đạt {{{{ {x}.percent }}}} so với tổng số {who} "
        f"(quy định: từ 2/3 trở lên).", indent=False)  # fmt: skip
    b.p(f"Số đồng chí không tán thành: ……… đồng chí.", indent=False)  # noqa: F541


# ------------------------------------------------------------------------------------------------ the forms


def form_1():
    b = Builder("1-KNĐ", "Đơn xin vào Đảng")
    b.header(issuer=False)
    b.title("ĐƠN XIN VÀO ĐẢNG")
    b.p(B("Kính gửi: "), "{{ cell }}", align=CENTER, after=8)
    b.p("Tôi là: ", B("{{ p.NAME }}"), "; giới tính: {{ p.sex }}; sinh ngày: {{ p.birth_date }}", indent=False)
    b.p("Nơi sinh: {{ p.birth_place }}; quê quán: {{ p.hometown }}", indent=False)
    b.p("Nơi ở hiện nay: {{ p.permanent_address }}", indent=False)
    b.p("Dân tộc: {{ p.ethnicity }}; tôn giáo: {{ p.religion }}; nghề nghiệp: {{ p.occupation }}", indent=False)
    b.p("Đơn vị công tác, học tập: {{ p.workplace }}", indent=False)
    b.p("Trình độ giáo dục phổ thông: {{ p.education }}; chuyên môn: {{ p.qualification }}", indent=False)
    b.p("Đã học lớp bồi dưỡng nhận thức về Đảng, giấy chứng nhận số {{ x.certificate_number }} ngày "
        "{{ x.certificate_date }} do {{ x.certificate_by }} cấp.", indent=False)  # fmt: skip
    b.p("Sau khi được học tập, nghiên cứu Điều lệ Đảng Cộng sản Việt Nam, tôi nhận thức được: (người làm đơn tự "
        "viết nhận thức của mình về mục đích, lý tưởng của Đảng, động cơ vào Đảng)")  # fmt: skip
    b.dots(5)
    b.p("Tôi tự nguyện làm đơn này, đề nghị {{ cell }} xem xét, kết nạp tôi vào Đảng Cộng sản Việt Nam. Nếu được "
        "đứng vào hàng ngũ của Đảng, tôi xin hứa tuyệt đối trung thành với mục đích lý tưởng của Đảng, chấp hành "
        "nghiêm Cương lĩnh chính trị, Điều lệ Đảng, nghị quyết, chỉ thị của Đảng, chính sách, pháp luật của Nhà "
        "nước; hoàn thành tốt nhiệm vụ được giao; phục tùng tuyệt đối sự phân công của Đảng.")  # fmt: skip
    b.signature(sign_for="NGƯỜI LÀM ĐƠN", sign_title="", signer="{{ p.name }}", note="(Ký, ghi rõ họ và tên)")
    b.save()


def form_2():
    b = Builder("2-KNĐ", "Lý lịch của người xin vào Đảng")
    b.header(issuer=False)
    b.title("LÝ LỊCH CỦA NGƯỜI XIN VÀO ĐẢNG")
    b.p("Số lý lịch: ………  {{ cell }} — {{ grassroots }}", indent=False, after=8)
    fields = [
        ("1. Họ và tên đang dùng: ", "{{ p.NAME }}", "  Nam, nữ: {{ p.sex }}"),
        ("2. Họ và tên khai sinh: ", "{{ p.NAME }}", ""),
        ("3. Bí danh, tên gọi khác: ", "{{ p.other_names }}", ""),
        ("4. Sinh ngày: ", "{{ p.birth_date }}", ""),
        ("5. Nơi sinh: ", "{{ p.birth_place }}", ""),
        ("6. Quê quán: ", "{{ p.hometown }}", ""),
        ("7. Nơi thường trú: ", "{{ p.permanent_address }}", ""),
        ("    Nơi tạm trú: ", "{{ p.temporary_address }}", ""),
        ("8. Dân tộc: ", "{{ p.ethnicity }}", "  9. Tôn giáo: {{ p.religion }}"),
        ("10. Nghề nghiệp hiện nay: ", "{{ p.occupation }}", ""),
        ("11. Trình độ hiện nay: giáo dục phổ thông: ", "{{ p.education }}", ""),
        ("    Chuyên môn, nghiệp vụ: ", "{{ p.qualification }}", ""),
        ("    Lý luận chính trị: ", "{{ p.political_theory }}", "  Ngoại ngữ: ………………"),
        ("12. Ngày vào Đoàn TNCS Hồ Chí Minh: ", "{{ p.youth_union_date }}", "  Tại: ………………"),
        ("13. Ngày tham gia tổ chức chính trị - xã hội: ", "………………", ""),
        ("14. Ngày được kết nạp vào Đảng lần thứ nhất (nếu có): ", "{{ x.left_before }}", ""),
        ("15. Ngày và nơi nhập ngũ, xuất ngũ (nếu có): ", "………………", ""),
    ]
    for label, value, rest in fields:
        b.p(label, B(value), rest, indent=False)
    for heading in ("16. Lịch sử bản thân", "17. Những công tác và chức vụ đã qua",
                    "18. Đặc điểm lịch sử (có bị bắt, bị tù, tham gia tổ chức nào không…)", "19. Những lớp đào tạo, "
                    "bồi dưỡng đã qua", "20. Đi nước ngoài", "21. Khen thưởng", "22. Kỷ luật",
                    "23. Hoàn cảnh gia đình (cha, mẹ, vợ hoặc chồng, con, anh chị em ruột…)",
                    "24. Tự nhận xét"):  # fmt: skip
        b.p(B(heading), indent=False, before=6)
        b.p(I("(Người xin vào Đảng tự viết, không để trống, không tẩy xóa)"), indent=False)
        b.dots(3)
    b.p(B("25. Cam đoan và ký tên"), indent=False, before=6)
    b.p("Tôi cam đoan đã khai đầy đủ, rõ ràng và chịu trách nhiệm trước Đảng về những nội dung đã khai trong lý lịch.")
    b.signature(sign_for="{{ x.cv_place_date }}", sign_title="NGƯỜI KHAI LÝ LỊCH", signer="{{ p.name }}",
                note="(Ký, ghi rõ họ và tên)")  # fmt: skip
    b.page_break()
    b.p(B("NHẬN XÉT CỦA CHI BỘ"), align=CENTER, before=12)
    b.p("{{ cell }} nhận xét về đồng chí {{ p.name }}: (lịch sử chính trị, phẩm chất, năng lực)")
    b.dots(3)
    b.p("Kết quả thẩm tra lý lịch ({{ x.verification_on }}): {{ x.verification_summary }}")
    b.signature(sign_for="T/M CHI BỘ", sign_title="BÍ THƯ", signer="", note="{{ x.cell_vote_date }}")
    b.p(B("CHỨNG NHẬN CỦA CẤP ỦY CƠ SỞ"), align=CENTER, before=12)
    b.p("{{ x.grassroots_body }} chứng nhận lý lịch của đồng chí {{ p.name }} khai là đúng sự thật.")
    b.signature(sign_for="T/M ĐẢNG ỦY", sign_title="BÍ THƯ", signer="", note="{{ x.committee_vote_date }}")
    b.save()


def form_3():
    b = Builder("3-KNĐ", "Giấy giới thiệu người vào Đảng")
    b.tag("for i in x.introducers")
    b.tag("if not loop.first")
    b.page_break()
    b.tag("endif")
    b.header(number=False, date="{{ i.place_date }}")
    b.title("GIẤY GIỚI THIỆU NGƯỜI VÀO ĐẢNG")
    b.p(B("Kính gửi: "), "{{ cell }}", align=CENTER, after=8)
    b.p("Tôi là: ", B("{{ i.name }}"), "; sinh ngày: {{ i.birth_date }}", indent=False)
    b.p("Vào Đảng ngày: {{ i.admitted_on }}; chính thức ngày: {{ i.full_on }}", indent=False)
    b.p("Hiện đang sinh hoạt tại: {{ i.unit }}", indent=False)
    b.p("Được chi bộ phân công, tôi giới thiệu với chi bộ: ", B("{{ p.NAME }}"), ", sinh ngày {{ p.birth_date }}, "
        "quê quán {{ p.hometown }}, vào Đảng Cộng sản Việt Nam.", indent=False)  # fmt: skip
    b.p("Tôi đã cùng công tác (học tập, cư trú) với người vào Đảng {{ i.months }} tháng, trong cùng một đơn vị trực "
        "thuộc {{ grassroots }}.")  # fmt: skip
    b.p("Qua thời gian cùng công tác, tôi nhận xét về người vào Đảng như sau: (lý lịch, phẩm chất chính trị, đạo "
        "đức, lối sống, năng lực công tác, quan hệ quần chúng)")  # fmt: skip
    b.dots(4)
    b.p("Tôi xin chịu trách nhiệm trước Đảng về sự giới thiệu của mình.")
    b.signature(sign_for="{{ i.place_date }}", sign_title="NGƯỜI GIỚI THIỆU", signer="{{ i.name }}",
                note="(Ký, ghi rõ họ và tên)")  # fmt: skip
    b.tag("endfor")
    b.save()


def _union_resolution(code, title, emblem, union, executive, executive_text, member):
    b = Builder(code, title)
    b.header(left_lines=[("{{ d.superior }}", False), (executive, True)], emblem=emblem)
    b.title("NGHỊ QUYẾT", f"giới thiệu {member} ưu tú vào Đảng")
    b.p(f"Căn cứ Điều lệ {union} và hướng dẫn về việc giới thiệu {member} ưu tú vào Đảng;")
    b.p(f"Ngày {{{{ x.dated }}}}, {executive_text} đã họp xét, giới thiệu {member} ", B("{{ p.NAME }}"),
        " vào Đảng Cộng sản Việt Nam.")  # fmt: skip
    b.p("Tổng số ủy viên ban chấp hành: ……… đồng chí; có mặt: ……… đồng chí; số tán thành: ……… đồng chí.")
    b.p(B("QUYẾT NGHỊ"), align=CENTER, before=6)
    b.p(f"Giới thiệu {member} ", B("{{ p.NAME }}"), ", sinh ngày {{ p.birth_date }}, quê quán {{ p.hometown }}, "
        "nơi ở hiện nay {{ p.permanent_address }}, với {{ cell }} để xem xét, kết nạp vào Đảng.")  # fmt: skip
    b.p("Nhận xét: (ưu, khuyết điểm, phẩm chất, năng lực, quan hệ quần chúng)")
    b.dots(3)
    b.signature(["- {{ cell }};", "- Lưu."], sign_for="T/M BAN CHẤP HÀNH", sign_title="BÍ THƯ", signer="")
    b.save()


def form_4():
    _union_resolution("4-KNĐ", "Nghị quyết giới thiệu đoàn viên ưu tú vào Đảng", "ĐOÀN TNCS HỒ CHÍ MINH",
                      "Đoàn TNCS Hồ Chí Minh", "BAN CHẤP HÀNH ĐOÀN {{ x.union_unit }}",
                      "Ban Chấp hành Đoàn {{ x.union_unit_name }}", "đoàn viên")  # fmt: skip


def form_4a():
    _union_resolution("4A-KNĐ", "Nghị quyết giới thiệu đoàn viên công đoàn ưu tú vào Đảng", "CÔNG ĐOÀN VIỆT NAM",
                      "Công đoàn Việt Nam", "BAN CHẤP HÀNH CÔNG ĐOÀN {{ x.union_unit }}",
                      "Ban Chấp hành Công đoàn {{ x.union_unit_name }}", "đoàn viên công đoàn")  # fmt: skip


def form_5():
    b = Builder("5-KNĐ", "Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú")
    b.header()
    b.title("TỔNG HỢP Ý KIẾN NHẬN XÉT", "của tổ chức đoàn thể chính trị - xã hội và chi ủy nơi cư trú",
            "đối với người xin vào Đảng")  # fmt: skip
    b.p("Thực hiện quy định về công tác kết nạp đảng viên, chi ủy {{ cell }} đã lấy ý kiến nhận xét của tổ chức đoàn "
        "thể chính trị - xã hội nơi người xin vào Đảng sinh hoạt và chi ủy nơi cư trú đối với quần chúng ",
        B("{{ p.NAME }}"), ", sinh ngày {{ p.birth_date }}, nơi ở hiện nay {{ p.permanent_address }}.")  # fmt: skip
    b.p("Kết quả tổng hợp như sau:")
    b.p("{{ x.summary }}")
    b.dots(2)
    b.signature(["- {{ x.grassroots_body }};", "- Lưu chi bộ."], sign_for="T/M CHI ỦY", sign_title="BÍ THƯ")
    b.save()


def form_6():
    b = Builder("6-KNĐ", "Nghị quyết đề nghị kết nạp đảng viên (chi bộ)")
    b.header()
    b.title("NGHỊ QUYẾT", "đề nghị kết nạp đảng viên")
    b.p(BASIS)
    b.p("Căn cứ đơn xin vào Đảng, lý lịch, giấy giới thiệu của đảng viên chính thức, kết quả thẩm tra lý lịch và "
        "ý kiến nhận xét của đoàn thể, chi ủy nơi cư trú,")  # fmt: skip
    b.p("Ngày {{ x.vote_on }}, {{ cell }} đã họp xét đề nghị kết nạp quần chúng ", B("{{ p.NAME }}"), " vào Đảng.")
    b.p(B("Kết quả biểu quyết"), " ({{ x.ballot }}):", indent=False)
    vote_block(b)
    b.p("Cách tính số đảng viên: {{ x.denominator_note }}", indent=False)
    b.p(B("CHI BỘ QUYẾT NGHỊ"), align=CENTER, before=6)
    b.p("Đề nghị {{ x.competent_body }} xem xét, kết nạp quần chúng ", B("{{ p.NAME }}"),
        ", sinh ngày {{ p.birth_date }}, quê quán {{ p.hometown }}, vào Đảng Cộng sản Việt Nam.")  # fmt: skip
    b.p("Ưu điểm, khuyết điểm chính của người vào Đảng: ")
    b.dots(2)
    b.signature(["- {{ x.grassroots_body }};", "- Lưu chi bộ."])
    b.save()


def form_7():
    b = Builder("7-KNĐ", "Báo cáo thẩm định (đảng ủy bộ phận)")
    b.header()
    b.title("BÁO CÁO THẨM ĐỊNH", "về tiêu chuẩn và điều kiện của người xin vào Đảng")
    b.p("Thực hiện quy định về công tác kết nạp đảng viên, {{ d.issuer_name }} đã thẩm định hồ sơ đề nghị kết nạp "
        "quần chúng ", B("{{ p.NAME }}"), ", sinh ngày {{ p.birth_date }}, sinh hoạt tại {{ cell }}.")  # fmt: skip
    b.p(
        "Nghị quyết đề nghị kết nạp của chi bộ số {{ x.cell_resolution }} ngày {{ x.cell_vote_on }}: "
        "{{ x.cell_votes.yes }}/{{ x.cell_votes.of }} đảng viên chính thức tán thành ({{ x.cell_votes.percent }})."
    )
    b.p("Kết quả thẩm định: (tiêu chuẩn, điều kiện, hồ sơ, thủ tục)")
    b.dots(3)
    b.p("Đề nghị đảng ủy cơ sở xem xét, đề nghị cấp có thẩm quyền kết nạp quần chúng {{ p.name }} vào Đảng.")
    b.signature(["- {{ x.grassroots_body }};", "- Lưu."], sign_for="T/M ĐẢNG ỦY BỘ PHẬN")
    b.save()


def form_8():
    b = Builder("8-KNĐ", "Nghị quyết đề nghị kết nạp đảng viên (đảng ủy cơ sở)")
    b.header()
    b.title("NGHỊ QUYẾT", "đề nghị kết nạp đảng viên")
    b.p(BASIS)
    b.p("Căn cứ Nghị quyết số {{ x.cell_resolution }} ngày {{ x.cell_vote_on }} của {{ cell }} đề nghị kết nạp "
        "quần chúng {{ p.name }} vào Đảng ({{ x.cell_votes.yes }}/{{ x.cell_votes.of }} đảng viên chính thức tán "
        "thành, đạt {{ x.cell_votes.percent }});")  # fmt: skip
    b.p("Ngày {{ x.vote_on }}, {{ d.issuer_name }} đã họp xét đề nghị kết nạp quần chúng ", B("{{ p.NAME }}"), ".")
    b.p(B("Kết quả biểu quyết:"), indent=False)
    vote_block(b, who="cấp ủy viên")
    b.p(B("ĐẢNG ỦY QUYẾT NGHỊ"), align=CENTER, before=6)
    b.p("Đề nghị {{ x.competent_body }} xem xét, kết nạp quần chúng ", B("{{ p.NAME }}"),
        ", sinh ngày {{ p.birth_date }}, quê quán {{ p.hometown }}, vào Đảng Cộng sản Việt Nam.")  # fmt: skip
    b.signature(["- {{ x.competent_body }};", "- {{ cell }};", "- Lưu văn phòng đảng ủy."])
    b.save()


def form_9():
    b = Builder("9-KNĐ", "Quyết định kết nạp đảng viên")
    b.header()
    b.title("QUYẾT ĐỊNH", "kết nạp đảng viên")
    b.p(B("{{ d.ISSUER_NAME }}"), align=CENTER, after=6)
    b.p(BASIS)
    b.p("Căn cứ Nghị quyết số {{ x.cell_resolution }} ngày {{ x.cell_vote_on }} của {{ cell }} và Nghị quyết số "
        "{{ x.committee_resolution }} ngày {{ x.committee_vote_on }} của {{ x.grassroots_body }} đề nghị kết nạp "
        "đảng viên;")  # fmt: skip
    b.p("Xét đề nghị của {{ x.grassroots_body }},")
    b.p(B("QUYẾT ĐỊNH"), align=CENTER, before=6, after=6)
    b.p(B("Điều 1. "), "Kết nạp quần chúng ", B("{{ p.NAME }}"), ", sinh ngày {{ p.birth_date }}, quê quán "
        "{{ p.hometown }}, nơi ở hiện nay {{ p.permanent_address }}, vào Đảng Cộng sản Việt Nam.")  # fmt: skip
    b.p(B("Điều 2. "), "Thời gian dự bị của đồng chí {{ p.name }} là 12 tháng, kể từ ngày chi bộ tổ chức lễ kết nạp. "
        "Tuổi đảng của đồng chí được tính từ ngày ký quyết định này ({{ x.decision_on }}).")  # fmt: skip
    b.p(B("Điều 3. "), "{{ x.grassroots_body }}, {{ cell }} và đồng chí {{ p.name }} chịu trách nhiệm thi hành "
        "Quyết định này.")  # fmt: skip
    b.signature(["- Như Điều 3;", "- Lưu hồ sơ đảng viên."])
    b.save()


def form_10():
    b = Builder("10-KNĐ", "Bản tự kiểm điểm của đảng viên dự bị")
    b.header(issuer=False)
    b.title("BẢN TỰ KIỂM ĐIỂM", "của đảng viên dự bị")
    b.p(B("Kính gửi: "), "{{ cell }}", align=CENTER, after=8)
    person_block(b)
    b.p("Được kết nạp vào Đảng ngày {{ x.decision_on }} (Quyết định số {{ x.decision_number }}), lễ kết nạp ngày "
        "{{ x.ceremony_on }}, sinh hoạt tại {{ cell }}.", indent=False)  # fmt: skip
    b.p("Thời gian dự bị 12 tháng kết thúc ngày {{ x.probation_ends }}. Tôi tự kiểm điểm như sau:")
    for heading in ("1. Ưu điểm", "2. Khuyết điểm", "3. Hướng khắc phục"):
        b.p(B(heading), indent=False)
        b.dots(3)
    b.p("Đề nghị chi bộ xét, đề nghị công nhận tôi là đảng viên chính thức.")
    b.signature(sign_for="{{ x.self_review_place_date }}", sign_title="NGƯỜI TỰ KIỂM ĐIỂM", signer="{{ p.name }}",
                note="(Ký, ghi rõ họ và tên)")  # fmt: skip
    b.save()


def form_11():
    b = Builder("11-KNĐ", "Bản nhận xét đảng viên dự bị")
    b.header(issuer=False)
    b.title("BẢN NHẬN XÉT ĐẢNG VIÊN DỰ BỊ", "của đảng viên chính thức được phân công giúp đỡ")
    b.p(B("Kính gửi: "), "{{ cell }}", align=CENTER, after=8)
    b.p("Tôi là: ", B("{{ x.helper }}"), ", đảng viên chính thức, sinh hoạt tại {{ x.helper_unit }}.", indent=False)
    b.p("Được chi bộ phân công giúp đỡ đảng viên dự bị ", B("{{ p.NAME }}"), ", sinh ngày {{ p.birth_date }}, kết "
        "nạp ngày {{ x.decision_on }}, lễ kết nạp ngày {{ x.ceremony_on }}.")  # fmt: skip
    b.p("Tôi nhận xét về đảng viên dự bị như sau:")
    for heading in ("1. Ưu điểm", "2. Khuyết điểm", "3. Đề nghị"):
        b.p(B(heading), indent=False)
        b.dots(3)
    b.signature(sign_for="{{ x.assessment_place_date }}", sign_title="NGƯỜI NHẬN XÉT", signer="{{ x.helper }}",
                note="(Ký, ghi rõ họ và tên)")  # fmt: skip
    b.save()


def form_12():
    b = Builder("12-KNĐ", "Tổng hợp ý kiến nhận xét đối với đảng viên dự bị")
    b.header()
    b.title("TỔNG HỢP Ý KIẾN NHẬN XÉT", "của tổ chức đoàn thể chính trị - xã hội và chi ủy nơi cư trú",
            "đối với đảng viên dự bị")  # fmt: skip
    b.p("Chi ủy {{ cell }} đã lấy ý kiến nhận xét của tổ chức đoàn thể chính trị - xã hội nơi sinh hoạt và chi ủy "
        "nơi cư trú đối với đảng viên dự bị ", B("{{ p.NAME }}"), ", kết nạp ngày {{ x.decision_on }}, lễ kết nạp "
        "ngày {{ x.ceremony_on }}, người giúp đỡ: đồng chí {{ x.helper }}.")  # fmt: skip
    b.p("Kết quả tổng hợp như sau:")
    b.dots(4)
    b.signature(["- {{ x.grassroots_body }};", "- Lưu chi bộ."], sign_for="T/M CHI ỦY", sign_title="BÍ THƯ")
    b.save()


def form_13():
    b = Builder("13-KNĐ", "Nghị quyết đề nghị công nhận đảng viên chính thức (chi bộ)")
    b.header()
    b.title("NGHỊ QUYẾT", "đề nghị công nhận đảng viên chính thức")
    b.p(BASIS)
    b.p(
        "Căn cứ bản tự kiểm điểm của đảng viên dự bị ({{ x.self_review_on }}), bản nhận xét của đảng viên được phân "
        "công giúp đỡ ({{ x.helper_assessment_on }}) và tổng hợp ý kiến nhận xét ({{ x.probation_comments_on }}),"
    )
    b.p("Ngày {{ x.vote_on }}, {{ cell }} đã họp xét đề nghị công nhận đảng viên chính thức cho đồng chí ",
        B("{{ p.NAME }}"), ", kết nạp ngày {{ x.decision_on }}, lễ kết nạp ngày {{ x.ceremony_on }}.")  # fmt: skip
    b.p(B("Kết quả biểu quyết:"), indent=False)
    vote_block(b)
    b.p(B("CHI BỘ QUYẾT NGHỊ"), align=CENTER, before=6)
    b.p("Đề nghị {{ x.competent_body }} xem xét, công nhận đồng chí ", B("{{ p.NAME }}"), " là đảng viên chính thức "
        "kể từ ngày {{ x.full_member_on }}.")  # fmt: skip
    b.signature(["- {{ x.grassroots_body }};", "- Lưu chi bộ."])
    b.save()


def form_15():
    b = Builder("15-KNĐ", "Nghị quyết đề nghị công nhận đảng viên chính thức (đảng ủy cơ sở)")
    b.header()
    b.title("NGHỊ QUYẾT", "đề nghị công nhận đảng viên chính thức")
    b.p(BASIS)
    b.p("Căn cứ Nghị quyết số {{ x.cell_resolution }} ngày {{ x.cell_vote_on }} của {{ cell }} đề nghị công nhận "
        "đảng viên chính thức ({{ x.cell_votes.yes }}/{{ x.cell_votes.of }} tán thành, đạt "
        "{{ x.cell_votes.percent }});")  # fmt: skip
    b.p("Ngày {{ x.vote_on }}, {{ d.issuer_name }} đã họp xét đề nghị công nhận đảng viên chính thức cho đồng chí ",
        B("{{ p.NAME }}"), ".")  # fmt: skip
    b.p(B("Kết quả biểu quyết:"), indent=False)
    vote_block(b, who="cấp ủy viên")
    b.p(B("ĐẢNG ỦY QUYẾT NGHỊ"), align=CENTER, before=6)
    b.p("Đề nghị {{ x.competent_body }} xem xét, công nhận đồng chí ", B("{{ p.NAME }}"), " là đảng viên chính thức "
        "kể từ ngày {{ x.full_member_on }}.")  # fmt: skip
    b.signature(["- {{ x.competent_body }};", "- {{ cell }};", "- Lưu văn phòng đảng ủy."])
    b.save()


def form_16():
    b = Builder("16-KNĐ", "Quyết định công nhận đảng viên chính thức")
    b.header()
    b.title("QUYẾT ĐỊNH", "công nhận đảng viên chính thức")
    b.p(B("{{ d.ISSUER_NAME }}"), align=CENTER, after=6)
    b.p(BASIS)
    b.p("Căn cứ Quyết định số {{ x.decision_number }} ngày {{ x.decision_on }} kết nạp đảng viên; Nghị quyết số "
        "{{ x.cell_resolution }} ngày {{ x.cell_vote_on }} của {{ cell }} và Nghị quyết số "
        "{{ x.committee_resolution }} ngày {{ x.committee_vote_on }} của {{ x.grassroots_body }};")  # fmt: skip
    b.p(B("QUYẾT ĐỊNH"), align=CENTER, before=6, after=6)
    b.p(B("Điều 1. "), "Công nhận đồng chí ", B("{{ p.NAME }}"), ", sinh ngày {{ p.birth_date }}, quê quán "
        "{{ p.hometown }}, kết nạp vào Đảng ngày {{ x.decision_on }}, là đảng viên chính thức kể từ ngày "
        "{{ x.full_member_on }}.")  # fmt: skip
    b.p(B("Điều 2. "), "{{ x.grassroots_body }}, {{ cell }} và đồng chí {{ p.name }} chịu trách nhiệm thi hành "
        "Quyết định này.")  # fmt: skip
    b.signature(["- Như Điều 2;", "- Lưu hồ sơ đảng viên."])
    b.save()


def certificate():
    b = Builder("CN-NTVĐ", "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng")
    b.header()
    b.title("GIẤY CHỨNG NHẬN", "học lớp bồi dưỡng nhận thức về Đảng")
    b.p(B("{{ d.ISSUER_NAME }}"), align=CENTER, after=6)
    b.p("Chứng nhận: ", B("{{ p.NAME }}"), indent=False)
    b.p("Sinh ngày: {{ p.birth_date }}; quê quán: {{ p.hometown }}", indent=False)
    b.p("Đơn vị công tác, học tập: {{ p.workplace }}", indent=False)
    b.p("Đã hoàn thành chương trình {{ x.course }}, mở từ ngày {{ x.starts_on }} đến ngày {{ x.ends_on }}"
        "{{ x.place }}.", indent=False)  # fmt: skip
    b.p("Kết quả: ", B("{{ x.result }}"), indent=False)
    b.p("Giấy chứng nhận có giá trị 60 tháng kể từ ngày cấp.", indent=False)
    b.signature(["- Người được chứng nhận;", "- Lưu."], sign_for="{{ d.sign_for }}", sign_title="{{ d.sign_title }}")
    b.save()


def transfer_letter():
    """The letter of introduction of an official transfer (giấy giới thiệu sinh hoạt đảng, roll.md): numbered in
    the issuing unit's register; the receiving organisation's slip below the cut line."""
    b = Builder("GTSHĐ", "Giấy giới thiệu sinh hoạt đảng")
    b.header()
    b.title("GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG", "(chuyển sinh hoạt đảng chính thức)")
    b.p("Kính gửi: ", B("{{ x.destination }}"), align=CENTER, after=8)
    b.p("{{ d.issuer_name }} trân trọng giới thiệu đồng chí: ", B("{{ p.NAME }}"), indent=False)
    b.p("Sinh ngày: {{ p.birth_date }}; giới tính: {{ p.sex }}; dân tộc: {{ p.ethnicity }}", indent=False)
    b.p("Quê quán: {{ p.hometown }}", indent=False)
    b.p("Nơi thường trú: {{ p.permanent_address }}", indent=False)
    b.p("Nơi công tác: {{ p.workplace }}", indent=False)
    b.p("Là {{ x.status }}; vào Đảng ngày {{ x.admitted_on }}; chính thức ngày {{ x.full_on }}", indent=False)
    b.p("Số thẻ đảng viên: {{ x.card_number }}", indent=False)
    b.p("Đang sinh hoạt tại: {{ x.cell }}, {{ grassroots }}", indent=False)
    b.p("Lý do chuyển sinh hoạt đảng: {{ x.reason }}", indent=False)
    b.p("Được chuyển sinh hoạt đảng chính thức đến: ", B("{{ x.destination }}"), indent=False)
    b.p("Đã đóng đảng phí đến hết tháng ……… năm ………; kèm theo hồ sơ đảng viên (niêm phong).", indent=False)
    b.p("Đề nghị các đồng chí tiếp nhận và giới thiệu đồng chí về sinh hoạt tại chi bộ. Đảng viên có trách nhiệm "
        "xuất trình giấy giới thiệu này trong 30 ngày; giấy có giá trị đến hết ngày {{ x.valid_until }}.")  # fmt: skip
    b.signature(["- Như trên;", "- Đảng viên có tên trên;", "- Lưu."])
    b.p("- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -", align=CENTER, before=12, after=6)
    b.p(B("PHẦN TIẾP NHẬN"), align=CENTER, after=6)
    b.p("Đã tiếp nhận đồng chí {{ p.name }} (giấy giới thiệu số {{ d.number }}) ngày …… tháng …… năm ……… và "
        "giới thiệu về sinh hoạt tại chi bộ " + DOTS[:40] + ".", indent=False)  # fmt: skip
    b.p(I("(Ký, ghi rõ họ tên, đóng dấu của cấp ủy nơi đến)"), align=RIGHT, indent=False)
    b.save()


FORMS = [form_1, form_2, form_3, form_4, form_4a, form_5, form_6, form_7, form_8, form_9, form_10, form_11, form_12,
         form_13, form_15, form_16, certificate, transfer_letter]  # fmt: skip


def main() -> int:
    for build in FORMS:
        build()
    print(f"{len(FORMS)} templates written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
