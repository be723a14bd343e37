"""Every form, filled from a dossier carried to full membership, read back with python-docx: the person's name, the
dates, the numbers and the votes with their arithmetic are where the form puts them."""

import pytest

from ptdv.documents import filling, generation, selectors

from .helpers import docx_text

pytestmark = pytest.mark.django_db

NAME = "ĐÀO THỊ DŨNG"
KEY_FIELDS = {
    "1-KNĐ": ["ĐƠN XIN VÀO ĐẢNG", "17/05/2000", "ngày 06 tháng 01 năm 2025", "số 1/CN ngày 11/03/2024", "Đào Thị Dũng"],
    "2-KNĐ": ["LÝ LỊCH CỦA NGƯỜI XIN VÀO ĐẢNG", "17/05/2000", "ngày 20 tháng 01 năm 2025", "Lý lịch rõ ràng.",
              "Dân tộc: Kinh"],
    "3-KNĐ": ["Tôi là: Nguyễn Văn Hùng", "Tôi là: Trần Thị Lan", "với người vào Đảng 24 tháng",
              "ngày 03 tháng 02 năm 2025", "chính thức ngày: 01/01/2010"],
    "4-KNĐ": ["ĐOÀN TNCS HỒ CHÍ MINH", "giới thiệu đoàn viên ưu tú vào Đảng", "Số: ……-NQ/ĐTN"],
    "4A-KNĐ": ["CÔNG ĐOÀN VIỆT NAM", "đoàn viên công đoàn ưu tú"],
    "5-KNĐ": ["TỔNG HỢP Ý KIẾN NHẬN XÉT", "Tốt.", "ngày 20 tháng 3 năm 2025", "Số: ……-BC/CB"],
    "6-KNĐ": ["Số: 05-NQ/CB", "Ngày 27/03/2025", "Tổng số đảng viên chính thức: 10 đồng chí",
              "Số đồng chí tán thành: 9 đồng chí, đạt 90%", "Giơ thẻ đảng viên", "T/M CHI BỘ"],
    "7-KNĐ": ["BÁO CÁO THẨM ĐỊNH", "05-NQ/CB ngày 27/03/2025", "9/10 đảng viên chính thức tán thành (90%)"],
    "8-KNĐ": ["Số: 12-NQ/ĐU", "Tổng số cấp ủy viên: 9 đồng chí", "8 đồng chí, đạt 88,9%", "Nghị quyết số 05-NQ/CB",
              "T/M ĐẢNG ỦY", "ngày 08 tháng 4 năm 2025"],
    "9-KNĐ": ["QUYẾT ĐỊNH", "Số: 215-QĐ/ĐU", "ngày 19 tháng 5 năm 2025", "Nguyễn Văn Thành", "T/M BAN THƯỜNG VỤ",
              "BAN THƯỜNG VỤ ĐƠN VỊ P.B", "Nghị quyết số 12-NQ/ĐU ngày 08/04/2025", "Nghị quyết số 05-NQ/CB"],
    "10-KNĐ": ["BẢN TỰ KIỂM ĐIỂM", "Quyết định số 215-QĐ/ĐU", "lễ kết nạp ngày 02/06/2025",
               "kết thúc ngày 02/06/2026", "ngày 20 tháng 5 năm 2026"],
    "11-KNĐ": ["Tôi là: Nguyễn Văn Hùng", "ngày 22 tháng 5 năm 2026", "kết nạp ngày 19/05/2025"],
    "12-KNĐ": ["đồng chí Nguyễn Văn Hùng", "ngày 29 tháng 5 năm 2026"],
    "13-KNĐ": ["Số: 09-NQ/CB", "10 đồng chí, đạt 100%", "kể từ ngày 02/06/2026", "Ngày 08/06/2026"],
    "15-KNĐ": ["Số: 20-NQ/ĐU", "Nghị quyết số 09-NQ/CB ngày 08/06/2026", "9 đồng chí, đạt 100%"],
    "16-KNĐ": ["Số: 301-QĐ/ĐU", "ngày 01 tháng 7 năm 2026", "Quyết định số 215-QĐ/ĐU",
               "là đảng viên chính thức kể từ ngày 02/06/2026", "Nghị quyết số 20-NQ/ĐU"],
}  # fmt: skip
PERSONAL = {"1-KNĐ", "2-KNĐ", "3-KNĐ", "10-KNĐ", "11-KNĐ"}


def test_the_key_fields_list_covers_every_form():
    assert set(KEY_FIELDS) == {form.code for form in filling.FORMS}


def test_each_form_holds_the_dossiers_name_dates_and_numbers(full_dossier):
    facts = selectors.dossier_facts(full_dossier)  # one dossier, every form (carrying a dossier is slow)
    missing = []
    for code, fields in KEY_FIELDS.items():
        text = docx_text(generation.form_file(code, facts))
        expected = [NAME, f"Mẫu {code}", *fields]
        if code not in ("4-KNĐ", "4A-KNĐ"):
            expected.append("ĐẢNG CỘNG SẢN VIỆT NAM")
        if code not in PERSONAL and code not in ("4-KNĐ", "4A-KNĐ"):
            expected.append("Nơi nhận:")
        missing += [(code, field) for field in expected if field not in text]
        if "{{" in text or "{%" in text:
            missing.append((code, "an unfilled placeholder"))
    assert missing == []


def test_a_dossier_just_opened_fills_its_forms_with_blanks(world, frozen_today):
    from ptdv.admission import services
    from ptdv.admission.tests.conftest import D

    dossier = services.dossier_open(actor=None, candidate=world["candidate"], opened_on=D(2025, 1, 6))
    facts = selectors.dossier_facts(dossier)
    text = docx_text(generation.form_file("9-KNĐ", facts))
    assert NAME in text and "Số: ……-QĐ/ĐU" in text and "ngày … tháng … năm ……" in text
    text = docx_text(generation.form_file("6-KNĐ", facts))
    assert "Tổng số đảng viên chính thức: …… đồng chí" in text
