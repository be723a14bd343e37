"""How party documents write numbers, dates, issuing bodies and signatures; the pure form contexts."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ptdv.documents import filling, rules

D = datetime.date


@pytest.mark.parametrize(
    ("number", "kind", "issuer", "code"),
    [(15, "QĐ", "ĐU", "15-QĐ/ĐU"), (1, "NQ", "CB", "01-NQ/CB"), (120, "BC", "TU", "120-BC/TU")],
)
def test_document_code(number, kind, issuer, code):
    assert rules.document_code(number, kind, issuer) == code


def test_register_numbers_start_at_one():
    with pytest.raises(ValueError):
        rules.document_code(0, "QĐ", "ĐU")


@given(st.integers(min_value=1, max_value=100_000), st.integers(min_value=1, max_value=100_000))
def test_different_numbers_never_give_the_same_code(a, b):
    if a != b:
        assert rules.document_code(a, "QĐ", "ĐU") != rules.document_code(b, "QĐ", "ĐU")


def test_issuer_abbreviations():
    assert rules.issuer_abbreviation("cell") == "CB"
    assert rules.issuer_abbreviation("grassroots_cell") == "CB"
    assert rules.issuer_abbreviation("grassroots_committee") == "ĐU"
    assert rules.issuer_abbreviation("bloc") == "ĐUK"
    assert rules.issuer_abbreviation("province") == "TU"
    assert rules.issuer_abbreviation("district") == "HU"


def test_dates_as_party_documents_write_them():
    assert rules.date_text(D(2022, 9, 14)) == "ngày 14 tháng 9 năm 2022"
    assert rules.date_text(None) == "ngày … tháng … năm ……"
    assert rules.place_date("Nông Thượng", D(2022, 9, 14)) == "Nông Thượng, ngày 14 tháng 9 năm 2022"
    assert rules.short_date(D(2025, 3, 7)) == "07/03/2025"


def test_issuing_bodies_and_signatures():
    assert rules.body_name("Chi bộ Thôn Khuổi Cuồng", "cell") == "Chi bộ Thôn Khuổi Cuồng"
    assert rules.body_name("Đảng bộ xã Nông Thượng", "commune") == "Đảng ủy xã Nông Thượng"
    assert rules.body_name("Đảng bộ bộ phận Khoa Y", "sub_committee") == "Đảng ủy bộ phận Khoa Y"
    assert (
        rules.body_name("Đảng bộ Khối Cơ quan tỉnh", "bloc", standing=True) == "Ban Thường vụ Đảng ủy Khối Cơ quan tỉnh"
    )
    assert rules.signature("cell") == ("T/M CHI BỘ", "BÍ THƯ")
    assert rules.signature("grassroots_committee") == ("T/M ĐẢNG ỦY", "BÍ THƯ")
    assert rules.signature("bloc", standing=True, deputy=True) == ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ")
    assert rules.upper("Đảng ủy xã Nông Thượng") == "ĐẢNG ỦY XÃ NÔNG THƯỢNG"


@pytest.mark.parametrize(
    ("name", "place"),
    [("Đảng bộ tỉnh Bình Sơn", "Bình Sơn"), ("Đảng bộ thành phố Hà Nội", "Hà Nội"), ("Đảng bộ xã Nông Thượng",
     "Nông Thượng"), ("Bình Sơn", "Bình Sơn")],
)  # fmt: skip
def test_place_names(name, place):
    assert rules.place_name(name) == place


def test_vote_arithmetic():
    assert rules.vote_arithmetic(9, 10) == {
        "held": True, "yes": "9", "of": "10", "percent": "90%", "no": "1", "passed": True
    }  # fmt: skip
    assert rules.vote_arithmetic(6, 10)["passed"] is False
    assert rules.vote_arithmetic(8, 9)["percent"] == "88,9%"
    assert rules.vote_arithmetic(None, None)["held"] is False


FACTS = {
    "person": {"full_name": "Lò Văn Pản", "birth_date": D(1999, 2, 3), "sex": "Nam", "hometown": "Nông Thượng"},
    "place": "Nông Thượng",
    "cell": {"name": "Chi bộ Thôn Khuổi Cuồng", "unit_type": "cell", "parent_name": "Đảng bộ xã Nông Thượng"},
    "grassroots": {"name": "Đảng bộ xã Nông Thượng", "unit_type": "commune", "parent_name": "Đảng bộ tỉnh Cao Bằng"},
    "competent": {
        "name": "Đảng bộ xã Nông Thượng",
        "unit_type": "commune",
        "parent_name": "Đảng bộ tỉnh Cao Bằng",
        "standing": False,
    },
    "dossier": {
        "decision_on": D(2022, 9, 14),
        "decision_number": "15-QĐ/ĐU",
        "cell_vote_on": D(2022, 8, 1),
        "cell_votes_for": 5,
        "cell_denominator": 7,
        "cell_resolution": "03-NQ/CB",
    },
    "signers": {"9-KNĐ": "Hoàng Văn Thụ"},
}


def test_the_decision_of_an_authorised_grassroots_committee():
    context = filling.form_context("9-KNĐ", FACTS)
    d = context["d"]
    assert (d["superior"], d["issuer"], d["number"]) == ("ĐẢNG BỘ TỈNH CAO BẰNG", "ĐẢNG ỦY XÃ NÔNG THƯỢNG", "15-QĐ/ĐU")
    assert d["place_date"] == "Nông Thượng, ngày 14 tháng 9 năm 2022"
    assert (d["sign_for"], d["sign_title"], d["signer"]) == ("T/M ĐẢNG ỦY", "BÍ THƯ", "Hoàng Văn Thụ")
    assert context["p"]["NAME"] == "LÒ VĂN PẢN" and context["p"]["birth_date"] == "03/02/1999"
    assert context["x"]["cell_votes"]["percent"] == "71,4%"


def test_the_cell_resolution_and_what_is_not_known_yet():
    context = filling.form_context("6-KNĐ", FACTS)
    assert context["d"]["issuer"] == "CHI BỘ THÔN KHUỔI CUỒNG" and context["d"]["number"] == "03-NQ/CB"
    assert context["x"]["v"]["yes"] == "5" and context["x"]["v"]["of"] == "7"
    later = filling.form_context("13-KNĐ", FACTS)
    assert later["d"]["number"] == "……-NQ/CB" and later["d"]["place_date"] == "Nông Thượng, ngày … tháng … năm ……"
    assert later["p"]["birth_place"] == rules.BLANK


def test_form_slugs_round_trip():
    for code in filling.ALL_CODES:
        assert filling.SLUGS[filling.slug(code)] == code
    assert filling.slug("4A-KNĐ") == "4a-knd"


def test_the_script_builds_a_template_for_every_form(tmp_path, monkeypatch):
    from ptdv.documents import build_templates
    from ptdv.documents.rendering import SHIPPED_DIR

    monkeypatch.setattr(build_templates, "OUT", tmp_path)
    build_templates.main()
    built = {path.stem for path in tmp_path.glob("*.docx")}
    assert built == set(filling.ALL_CODES)
    assert built == {path.stem for path in SHIPPED_DIR.glob("*.docx")}  # the shipped files are the script's
