"""Files that cannot be imported: each gets one clear Vietnamese message, and nothing is written."""

import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from ptdv.exchange.services import import_file
from ptdv.quotas.models import Quota

from .conftest import xlsx
from .test_imports import run

pytestmark = pytest.mark.django_db

HEADER = ["Mã đơn vị", "Năm", "Chỉ tiêu"]


def check(file, kind="quotas"):
    result = import_file(actor=None, kind=kind, file=file)
    assert not result.ok and not result.written
    assert not Quota.objects.exists()
    return result.error_lines()


def raw_xlsx(rows: int, *, dimension: bool, header=HEADER) -> io.BytesIO:
    """A workbook written directly as XML (as other tools write them), `rows` data rows long, built fast."""
    stream = io.BytesIO()
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}" xmlns:r="{rel}"><sheets><sheet '
            'name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}">'
            if dimension:
                head += f'<dimension ref="A1:C{rows + 1}"/>'
            cells = "".join(
                f'<c r="{col}1" t="inlineStr"><is><t>{title}</t></is></c>'
                for col, title in zip("ABC", header, strict=True)
            )
            sheet.write(f'{head}<sheetData><row r="1">{cells}</row>'.encode())
            chunk = []
            for number in range(2, rows + 2):
                chunk.append(
                    f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>P.B.U</t></is></c>'
                    f'<c r="B{number}"><v>2026</v></c><c r="C{number}"><v>1</v></c></row>'
                )
                if len(chunk) == 10000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
    stream.seek(0)
    return stream


def test_not_a_workbook(tree):
    assert check(io.BytesIO("Mã đơn vị;Năm;Chỉ tiêu\nP.B.U;2026;5\n".encode())) == [
        "Tệp không phải sổ tính Excel (.xlsx): hãy lưu tệp từ Excel dưới dạng .xlsx."
    ]


def test_empty_file(tree):
    assert check(io.BytesIO(b"")) == ["Tệp rỗng."]


def test_zip_that_is_not_a_workbook(tree):
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    assert check(stream) == [
        "Không đọc được tệp như một sổ tính Excel (.xlsx): tệp có thể bị hỏng. Hãy lưu lại tệp từ Excel."
    ]


def test_truncated_workbook(tree):
    data = xlsx([HEADER, ["P.B.U", 2026, 5]]).getvalue()
    assert "bị hỏng" in check(io.BytesIO(data[: len(data) // 2]))[0]


def ole_file(*streams: str) -> io.BytesIO:
    """A Compound File (the container of encrypted .xlsx and old .xls files) naming the given streams."""
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\0") + b"\0" * 64 for name in ("Root Entry", *streams))
    return io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + directory + b"\0" * 4096)


def test_password_protected_workbook(tree):
    """Excel saves an encrypted .xlsx as a Compound File holding EncryptionInfo and EncryptedPackage streams."""
    assert check(ole_file("EncryptionInfo", "EncryptedPackage")) == [
        "Sổ tính được bảo vệ bằng mật khẩu: hãy mở bằng Excel, bỏ mật khẩu, lưu lại rồi nhập lại."
    ]


def test_old_xls(tree):
    assert check(ole_file("Workbook", "\x05SummaryInformation")) == [
        "Đây là tệp Excel định dạng cũ (.xls): hãy mở bằng Excel và lưu lại dưới dạng .xlsx."
    ]


def test_empty_sheet(tree):
    assert check(xlsx([])) == ["Trang tính đầu tiên trống: dòng 1 phải là dòng tiêu đề cột."]


def test_header_not_on_row_1(tree):
    workbook = Workbook()
    workbook.active["A3"] = "Mã đơn vị"
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    assert check(stream) == ["Dòng 1 của trang tính đầu tiên đang trống: dòng này phải là dòng tiêu đề cột."]


def test_headers_only(tree):
    assert check(xlsx([HEADER])) == ["Trang tính có dòng tiêu đề nhưng không có dòng dữ liệu nào."]


def test_missing_required_columns(tree):
    assert check(xlsx([["Mã đơn vị", "Ghi chú"], ["P.B.U", "x"]])) == ["Dòng 1 thiếu cột bắt buộc: “Năm”, “Chỉ tiêu”."]


def test_same_column_twice(tree):
    assert check(xlsx([[*HEADER, "năm"], ["P.B.U", 2026, 5, 2027]])) == ["Dòng 1 có cột bị lặp lại: “năm”."]


def test_a_million_rows_refused_at_once(tree):
    stream = raw_xlsx(1_000_000, dimension=True)
    started = time.perf_counter()
    assert check(stream) == ["Tệp có hơn 200.000 dòng: hãy chia thành nhiều tệp."]
    assert time.perf_counter() - started < 5  # read from the sheet's declared size, not by parsing the rows


def test_too_many_rows_without_a_declared_size(tree, settings):
    settings.PTDV_IMPORT_MAX_ROWS = 100
    assert check(raw_xlsx(101, dimension=False)) == ["Tệp có hơn 100 dòng: hãy chia thành nhiều tệp."]
    assert import_file(actor=None, kind="quotas", file=raw_xlsx(1, dimension=False)).ok


def test_formulas_instead_of_values(tree):
    errors = check(xlsx([HEADER, ["P.B.U", 2026, "=2+3"], ["P.B.C", "=YEAR(TODAY())", 3]]))
    assert errors == [
        'dòng 2, cột "Chỉ tiêu": Ô chứa công thức (=2+3): hãy dán giá trị (Paste Values) thay cho công thức.',
        'dòng 3, cột "Năm": Ô chứa công thức (=YEAR(TODAY())): hãy dán giá trị (Paste Values) thay cho công thức.',
    ]


def test_merged_cells(tree):
    workbook = Workbook()
    sheet = workbook.active
    for row in [HEADER, ["P.B.U", 2026, 5], ["", 2027, 6]]:
        sheet.append(row)
    sheet.merge_cells("A2:A3")
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    assert check(stream) == ["Trang tính có ô gộp (A2:A3): hãy bỏ gộp ô để mỗi dòng là một bản ghi."]


def test_a_50_mb_file(tree, tmp_path):
    path = tmp_path / "big.xlsx"
    with path.open("wb") as out:
        out.write(b"PK\x03\x04")
        out.truncate(50 * 1000 * 1000)  # sparse: no time spent writing it
    with path.open("rb") as stream:
        assert check(stream) == ["Tệp nặng 50 MB, vượt giới hạn 30 MB. Hãy chia thành nhiều tệp nhỏ hơn."]


def test_command_exits_1_with_one_clear_line(tree, tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"not a workbook")
    code, out, err = run("units", path)
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == "Tệp không phải sổ tính Excel (.xlsx): hãy lưu tệp từ Excel dưới dạng .xlsx."
