"""The Word report as a party document (issue #19 item 8, documents.md): A4, "Số: …-BC/…" with the unit's
abbreviation, the place before the date, the signature block, "Nơi nhận"; numbered in the register when issued."""

import datetime
import io

import pytest
import time_machine
from docx import Document

from ptdv.documents import rules as document_rules
from ptdv.documents.models import IssuedDocument
from ptdv.units.services import unit_update

from .factories import admit_many

pytestmark = pytest.mark.django_db
QUERY = "unit=P.B&period=year&year=2026"


@pytest.fixture
def admissions(tree):
    admit_many(tree.cell_it, 3, datetime.date(2026, 2, 10), occupation="university_student")
    return tree


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


def texts(content: bytes) -> tuple[Document, str]:
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return document, "\n".join(lines)


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (datetime.date(2026, 8, 14), "ngày 14 tháng 8 năm 2026"),
        (datetime.date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (datetime.date(2026, 1, 31), "ngày 31 tháng 01 năm 2026"),
        (datetime.date(2026, 3, 9), "ngày 09 tháng 3 năm 2026"),
        (datetime.date(2026, 12, 1), "ngày 01 tháng 12 năm 2026"),
    ],
)
def test_dates_as_the_style_guide_writes_them(day, text):
    assert document_rules.date_text(day) == text


def test_the_bloc_committee_is_duk_and_a_unit_may_set_its_own():
    assert document_rules.issuer_abbreviation("bloc") == "ĐUK"
    assert document_rules.issuer_abbreviation("grassroots_committee") == "ĐU"
    assert document_rules.issuer_abbreviation("grassroots_committee", "ĐUCS") == "ĐUCS"


def test_the_word_report_is_an_a4_party_document(client, admissions, make_user):
    client.force_login(make_user(admissions.bloc, "viewer"))
    word = client.get(f"/reports/admissions/docx/?{QUERY}")
    document, text = texts(word.content)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Đơn vị P.B".upper() in text and "ĐƠN VỊ P" in text  # the issuing body under its superior
    assert "Số: ……-BC/ĐUK" in text  # not numbered: blanks to fill in by hand
    assert "Nơi nhận:" in text and "- Lưu văn phòng." in text
    assert "T/M ĐẢNG ỦY" in text and "BÍ THƯ" in text
    assert ", ngày 22 tháng 11 năm 2026" in text  # the place, then the date


def test_issuing_numbers_the_report_in_the_units_register(client, admissions, make_user):
    staff = make_user(admissions.bloc, "staff")
    unit_update(
        actor=None, unit=admissions.bloc, code=admissions.bloc.code, name=admissions.bloc.name,
        unit_type=admissions.bloc.unit_type, sector=admissions.bloc.sector, may_admit=admissions.bloc.may_admit,
        valid_from=admissions.bloc.valid_from, parent=admissions.bloc.parent,
        member_count=admissions.bloc.member_count, document_abbreviation="ĐUK-X",
    )  # fmt: skip
    client.force_login(staff)
    page = client.get(f"/reports/admissions/?{QUERY}").content.decode()
    assert "/reports/admissions/issue/" in page
    first = client.post(f"/reports/admissions/issue/?{QUERY}")
    second = client.post(f"/reports/admissions/issue/?{QUERY}")
    assert first.status_code == second.status_code == 200
    _document, text = texts(second.content)
    codes = list(
        IssuedDocument.objects.filter(unit=admissions.bloc, kind="BC").order_by("number").values_list("code", flat=True)
    )
    assert codes == ["01-BC/ĐUK-X", "02-BC/ĐUK-X"]
    assert "Số: 02-BC/ĐUK-X" in text


def test_a_viewer_cannot_take_a_number(client, admissions, make_user):
    client.force_login(make_user(admissions.bloc, "viewer"))
    assert "/reports/admissions/issue/" not in client.get(f"/reports/admissions/?{QUERY}").content.decode()
    assert client.post(f"/reports/admissions/issue/?{QUERY}").status_code == 403
    assert not IssuedDocument.objects.exists()
