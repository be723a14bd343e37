"""Download names and zip entry names (issue #14, item 9): built from what users typed, cleaned in one place."""

import io
import zipfile

import pytest

from ptdv.core.files import attachment, clean_filename, zip_entry_names


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Hồ sơ Nguyễn Văn An.zip", "Hồ sơ Nguyễn Văn An.zip"),
        ("../../etc/passwd", "etc-passwd"),
        ("/tuyệt đối.docx", "tuyệt đối.docx"),
        ("a\r\nContent-Type: text/html.docx", "a Content-Type- text-html.docx"),
        ('x"; filename="evil.exe', "x-; filename=-evil.exe"),
        ("báo cáo\u202egpj.exe", "báo cáogpj.exe"),  # a right-to-left override that disguised the extension
        ("C:\\Windows\\x.docx", "C--Windows-x.docx"),
        ("...", "tep"),
        ("", "tep"),
        ("Ho\x00so.pdf", "Hoso.pdf"),
    ],
)
def test_clean_filename(name, expected):
    assert clean_filename(name) == expected


def test_a_long_name_keeps_its_extension():
    name = clean_filename("Nguyễn " * 60 + ".docx")
    assert len(name) <= 150 and name.endswith(".docx")


def test_the_header_cannot_be_broken_out_of():
    header = attachment('bao-cao-P.B"\r\nSet-Cookie: x=1-2026.xlsx')
    assert "\r" not in header and "\n" not in header
    assert header.count('"') <= 2 or "filename*=" in header
    assert header.startswith("attachment;")
    assert attachment("Hồ sơ.zip") == "attachment; filename*=utf-8''H%E1%BB%93%20s%C6%A1.zip"


def test_zip_entries_are_clean_and_unique():
    names = zip_entry_names(["2-KNĐ ../Nguyễn An.docx", "2-KNĐ ../Nguyễn An.docx", "/abs.docx", "x\x01y.docx"])
    assert names == ["2-KNĐ .-Nguyễn An.docx", "2-KNĐ .-Nguyễn An (2).docx", "abs.docx", "xy.docx"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, b"x")
    for info in zipfile.ZipFile(buffer).infolist():
        assert not info.filename.startswith("/") and ".." not in info.filename.split("/")


def test_a_report_named_after_a_unit_code_with_quotes_stays_one_header(client, tree, make_user):
    from ptdv.units.models import Unit

    Unit.objects.filter(pk=tree.bloc.pk).update(code='P.B"\r\nX: y')
    client.force_login(make_user(tree.province, "viewer"))
    response = client.get("/reports/admissions/xlsx/", {"unit": 'P.B"\r\nX: y', "period": "year", "year": "2026"})
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert "\n" not in disposition and "X: y" not in response.headers.get("X", "")
    assert disposition.startswith("attachment;")
