"""Files made by an attacker, not by Excel (issue #14): each is generated here, read in a child process whose
address space is capped at 1 GiB and whose time is capped, and must end quickly with one Vietnamese line. A
regression then fails the test (a crash, a MemoryError, a timeout) instead of eating the machine."""

import io
import os
import select
import struct
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ptdv.exchange import jobs, limits, xlsx
from ptdv.exchange.models import ImportJob, ImportStatus

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
STYLES = "xl/styles.xml"
HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>Mã đơn vị</t></is></c></row>'

MEMORY_LIMIT = 1 << 30  # 1 GiB of address space for the child (Python and Django take ~150 MB of it)
SECONDS = 20  # the child is killed after this; each file is expected to take well under a second

DAMAGED = "Không đọc được tệp như một sổ tính Excel (.xlsx): tệp có thể bị hỏng. Hãy lưu lại tệp từ Excel."
DTD = (
    "Sổ tính chứa khai báo XML (DTD, thực thể) mà Excel không bao giờ ghi: hãy mở bằng Excel và lưu lại dưới dạng "
    ".xlsx."
)
TOO_LARGE = "Sổ tính quá lớn khi giải nén (lớn hơn mức Excel ghi cho số dòng cho phép): hãy chia thành nhiều tệp."
BEYOND = (
    "Trang tính có ô nằm ngoài cột cuối (XFD) hoặc dòng cuối (1.048.576) của Excel: hãy mở bằng Excel và lưu lại "
    "dưới dạng .xlsx."
)
ENCRYPTED = "Sổ tính được bảo vệ bằng mật khẩu: hãy mở bằng Excel, bỏ mật khẩu, lưu lại rồi nhập lại."
COMPRESSION = "Tệp được nén theo cách Excel không dùng: hãy mở bằng Excel và lưu lại dưới dạng .xlsx."
MEMBERS = "Tệp có quá nhiều thành phần, không thể là sổ tính do Excel lưu: hãy lưu lại dưới dạng .xlsx."
CELL = "Một ô chứa hơn 32.767 ký tự, quá giới hạn của Excel: hãy mở tệp bằng Excel và lưu lại dưới dạng .xlsx."


# ---------------------------------------------------------------- building files


def sheet_xml(rows: str = HEADER_ROW + '<row r="2"><c r="A2"><v>1</v></c></row>', head: str = "") -> str:
    declaration = '<?xml version="1.0" encoding="UTF-8"?>'
    return f'{declaration}{head}<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'


def workbook(parts: dict | None = None, *, level: int = 6) -> bytes:
    """A minimal workbook (workbook, relationships, a sheet, styles, shared strings), any part replaced by `parts`
    (str or bytes, or an iterable of bytes chunks for a large part, streamed into the zip)."""
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}"><Relationship Id="r1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
        STYLES: f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><cellXfs count="1">'
        '<xf numFmtId="0"/></cellXfs></styleSheet>',
        STRINGS: f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"><si><t>x</t></si></sst>',
        SHEET: sheet_xml(),
    }
    files.update(parts or {})
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, content in files.items():
            if isinstance(content, (str, bytes)):
                archive.writestr(name, content)
            else:
                with archive.open(name, "w", force_zip64=True) as out:
                    for chunk in content:
                        out.write(chunk)
    return stream.getvalue()


def repeated(head: bytes, body: bytes, times: int, tail: bytes) -> list[bytes]:
    """A large part as chunks: `body` repeated `times` times between `head` and `tail`."""
    per_chunk = max(1, (1 << 20) // len(body))
    chunks = [head]
    while times > 0:
        count = min(times, per_chunk)
        chunks.append(body * count)
        times -= count
    chunks.append(tail)
    return chunks


def patch_member(
    data: bytes, name: str, *, flags: int = 0, method: int | None = None, size: int | None = None
) -> bytes:
    """Rewrite a member's local header and directory entry: add general-purpose flag bits, change the compression
    method or the declared uncompressed size — what a crafted file's headers say, whatever its bytes hold."""
    data = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(name)
        directory_start = data.rfind(b"PK\x05\x06")
        (start,) = struct.unpack("<I", data[directory_start + 16 : directory_start + 20])
    local = info.header_offset
    central = next(
        at
        for at in _entries(data, start)
        if data[at + 46 : at + 46 + struct.unpack("<H", data[at + 28 : at + 30])[0]] == name.encode()
    )
    for header, flag_at, method_at, size_at in ((local, 6, 8, 22), (central, 8, 10, 24)):
        (old_flags,) = struct.unpack("<H", data[header + flag_at : header + flag_at + 2])
        data[header + flag_at : header + flag_at + 2] = struct.pack("<H", old_flags | flags)
        if method is not None:
            data[header + method_at : header + method_at + 2] = struct.pack("<H", method)
        if size is not None:
            data[header + size_at : header + size_at + 4] = struct.pack("<I", size)
    return bytes(data)


def _entries(data: bytearray, start: int):
    at = start
    while data[at : at + 4] == b"PK\x01\x02":
        yield at
        name, extra, comment = struct.unpack("<HHH", data[at + 28 : at + 34])
        at += 46 + name + extra + comment


# ---------------------------------------------------------------- reading under limits

# The child reads one path a line from its standard input and answers one line: the user's message, or what it read.
# It is started once for the module (Django and openpyxl take a second to import); a test whose file kills it (a
# crash, MemoryError) fails and the next test gets a new one. `path|NAME=VALUE` lowers one of limits.py's caps for
# that file, for the caps whose real value takes seconds to reach (millions of shared strings).
CHILD = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
    import django
    from django.conf import settings
    settings.configure(
        USE_I18N=True, LANGUAGE_CODE="vi", LOCALE_PATHS=[{locale!r}],
        PTDV_IMPORT_MAX_BYTES=30_000_000, PTDV_IMPORT_MAX_ROWS=200_000,
    )
    django.setup()
    from ptdv.exchange import limits
    from ptdv.exchange.reader import FileProblem, open_sheet
    real = dict(vars(limits))
    for line in sys.stdin:
        path, *overrides = line.strip().split("|")
        vars(limits).update(real)
        for override in overrides:
            name, value = override.split("=")
            setattr(limits, name, int(value))
        with open(path, "rb") as stream:
            try:
                sheet = open_sheet(stream)
                count = sum(1 for _row in sheet.rows)
                sheet.close()
            except FileProblem as problem:
                answer = problem.message
            else:
                answer = f"read {{count}} rows, header {{sheet.header[:3]}}"
        print(answer, flush=True)
    """
)


class Child:
    def __init__(self):
        script = CHILD.format(memory=MEMORY_LIMIT, locale=str(django_settings.LOCALE_PATHS[0]))
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter, a script of this file
            [sys.executable, "-c", script],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])},
        )

    def read(self, path: Path, overrides: dict) -> str:
        line = "|".join([str(path), *(f"{name}={value}" for name, value in overrides.items())])
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        ready, _w, _x = select.select([self.process.stdout], [], [], SECONDS)
        if not ready:
            self.process.kill()
            raise AssertionError(f"no answer in {SECONDS} s")
        answer = self.process.stdout.readline()
        if not answer:
            code = self.process.wait()
            raise AssertionError(f"the reader died ({code}): {self.process.stderr.read()[-2000:]}")
        return answer.strip()

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def child():
    holder = {"child": Child()}
    yield holder
    holder["child"].close()


@pytest.fixture
def read_capped(child, tmp_path):
    """What reading `data` as an upload tells the user, read in the child under MEMORY_LIMIT, within SECONDS."""

    def read(data: bytes, **overrides) -> str:
        if child["child"].process.poll() is not None:
            child["child"] = Child()
        path = tmp_path / "crafted.xlsx"
        path.write_bytes(data)
        started = time.perf_counter()
        answer = child["child"].read(path, overrides)
        seconds = time.perf_counter() - started
        assert seconds < 5, f"took {seconds:.1f} s"
        return answer

    return read


# ---------------------------------------------------------------- DTDs and entities

LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    + "]>"
)


def nested_entities(depth: int = 20_000) -> str:
    """Entities each referring to the previous one, as deep as 1 MB allows: the shape that crashed expat."""
    return (
        "<!DOCTYPE worksheet [<!ENTITY e0 'x'>"
        + "".join(f"<!ENTITY e{i} '&e{i - 1};'>" for i in range(1, depth))
        + "]>"
    )


def with_dtd(part: str, dtd: str) -> dict:
    xml = {
        SHEET: sheet_xml(HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>', dtd),
        STRINGS: f'<?xml version="1.0"?>{dtd}<sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>',
        STYLES: f'<?xml version="1.0"?>{dtd}<styleSheet xmlns="{MAIN}"/>',
        "xl/workbook.xml": f'<?xml version="1.0"?>{dtd}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?>{dtd}<Relationships xmlns="{PACKAGE}">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
        "_rels/.rels": f'<?xml version="1.0"?>{dtd}<Relationships xmlns="{PACKAGE}"><Relationship Id="r1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    }
    return {part: xml[part]}


PARTS = [SHEET, STRINGS, STYLES, "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels"]


@pytest.mark.parametrize("part", PARTS)
def test_billion_laughs_in_any_part(read_capped, part):
    assert read_capped(workbook(with_dtd(part, LAUGHS))) == DTD


def test_nested_entities_never_reach_expansion(read_capped):
    dtd = nested_entities()
    assert len(dtd) > 400_000
    parts = with_dtd(SHEET, dtd)
    parts[SHEET] = parts[SHEET].replace("&lol9;", "&e19999;")
    assert read_capped(workbook(parts)) == DTD


@pytest.mark.parametrize(
    "dtd",
    [
        '<!DOCTYPE worksheet SYSTEM "file:///etc/passwd">',  # an external DTD
        '<!DOCTYPE worksheet [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',  # a parameter entity
        "<!DOCTYPE worksheet>",  # even an empty one: Excel never writes it
    ],
)
def test_any_doctype_is_refused(read_capped, dtd):
    assert read_capped(workbook(with_dtd(SHEET, dtd))) == DTD


def test_the_guard_refuses_before_any_entity_is_declared():
    """Directly: the parser stops at `<!DOCTYPE`, before the internal subset's first declaration is reported."""
    parser = xlsx._parser()
    declared = []
    parser.EntityDeclHandler = lambda *args: declared.append(args)
    with pytest.raises(xlsx.Refused):
        parser.Parse(f"{LAUGHS}<a>&lol9;</a>".encode(), True)
    assert declared == []


# ---------------------------------------------------------------- the sheet's coordinates


@pytest.mark.parametrize("reference", ["ZZZZZZ1", "XFE1", "A1048577", "AAAA2"])
def test_a_cell_beyond_excels_sheet(read_capped, reference):
    rows = HEADER_ROW + f'<row r="2"><c r="{reference}"><v>1</v></c></row>'
    assert read_capped(workbook({SHEET: sheet_xml(rows)})) == BEYOND


def test_a_row_beyond_excels_last(read_capped):
    rows = HEADER_ROW + '<row r="1048577"><c><v>1</v></c></row>'
    assert read_capped(workbook({SHEET: sheet_xml(rows)})) == BEYOND
    rows = HEADER_ROW + '<row r="99999999999999999999999"><c><v>1</v></c></row>'
    assert read_capped(workbook({SHEET: sheet_xml(rows)})) == BEYOND


def test_the_last_column_is_read_and_costs_one_cell(read_capped):
    """XFD is Excel's last column: accepted. 20,000 rows with a cell there each stay cheap: the import reads no
    column beyond the header's, and rows are padded only that far."""
    rows = [HEADER_ROW.encode()]
    body = '<row><c r="A{n}" t="inlineStr"><is><t>P</t></is></c><c r="XFD{n}"><v>1</v></c></row>'
    rows.extend(
        "".join(body.format(n=n) for n in range(start, start + 10_000)).encode() for start in range(2, 20_002, 10_000)
    )
    parts = {SHEET: [f'<worksheet xmlns="{MAIN}"><sheetData>'.encode(), *rows, b"</sheetData></worksheet>"]}
    assert read_capped(workbook(parts, level=1)) == "read 20000 rows, header ['Mã đơn vị']"


# ---------------------------------------------------------------- bombs


def test_styles_bomb(read_capped):
    """More cell formats than Excel allows (each would have been an element kept by ElementTree)."""
    body = b'<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    styles = repeated(f'<styleSheet xmlns="{MAIN}"><cellXfs>'.encode(), body, 150_000, b"</cellXfs></styleSheet>")
    assert read_capped(workbook({STYLES: styles}, level=9)) == TOO_LARGE


def test_styles_larger_than_any_excel_writes(read_capped):
    styles = repeated(f'<styleSheet xmlns="{MAIN}"><fonts>'.encode(), b"<font/>", 3_000_000, b"</fonts></styleSheet>")
    assert read_capped(workbook({STYLES: styles}, level=9)) == TOO_LARGE


def test_shared_strings_bomb_by_count(read_capped):
    """The cap lowered to 10,000 for the test (2,000,000 empty strings take seconds to parse, not memory)."""
    strings = repeated(f'<sst xmlns="{MAIN}">'.encode(), b"<si/>", 10_001, b"</sst>")
    assert read_capped(workbook({STRINGS: strings}), MAX_SHARED_STRINGS=10_000) == TOO_LARGE
    assert read_capped(workbook({STRINGS: strings}), MAX_SHARED_STRINGS=10_001).startswith("read 1 rows")


def test_shared_strings_bomb_by_length(read_capped):
    """The cap lowered to 4 M characters for the test; the strings' total counts, not each string's."""
    text = b"<si><t>" + b"a" * 30_000 + b"</t></si>"
    strings = [f'<sst xmlns="{MAIN}">'.encode(), *[text] * 140, b"</sst>"]
    assert read_capped(workbook({STRINGS: strings}), MAX_SHARED_STRINGS_CHARS=4_000_000) == TOO_LARGE


def test_a_cell_longer_than_excel_allows(read_capped):
    rows = HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>' + "a" * 40_000 + "</t></is></c></row>"
    assert read_capped(workbook({SHEET: sheet_xml(rows)})) == CELL
    rows = HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is>' + "<r><t>aaaa</t></r>" * 10_000 + "</is></c></row>"
    assert read_capped(workbook({SHEET: sheet_xml(rows)})) == CELL


def test_elements_nested_a_million_deep(read_capped):
    sheet = [f'<worksheet xmlns="{MAIN}"><sheetData>'.encode(), b"<a>" * 1_000_000]
    assert read_capped(workbook({SHEET: sheet}, level=9)) == DAMAGED


def test_one_huge_token(read_capped):
    """A 40 MB comment: expat would buffer it whole; the reader stops once 8 MB went by without an event."""
    sheet = [f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}<!--'.encode(), *[b"x" * (1 << 20)] * 40, b"-->"]
    assert read_capped(workbook({SHEET: sheet}, level=9)) == DAMAGED


def test_zip_bomb_member(read_capped):
    """A sheet that unpacks past the sheet's cap: refused from the directory before a byte is decompressed."""
    data = workbook()
    assert read_capped(patch_member(data, SHEET, size=limits.MAX_SHEET_BYTES + 1)) == TOO_LARGE
    assert read_capped(patch_member(data, STYLES, size=limits.MAX_PART_BYTES + 1)) == TOO_LARGE


def test_zip_bomb_whose_directory_lies(read_capped):
    """The directory declares 2 KB; the member unpacks to 20 MB of rows. Reading stops at the declared size."""
    body = b'<row><c t="inlineStr"><is><t>P</t></is></c></row>'
    sheet = repeated(
        f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}'.encode(), body, 400_000, b"</sheetData></worksheet>"
    )
    data = patch_member(workbook({SHEET: sheet}, level=9), SHEET, size=2048)
    assert len(data) < 200_000
    assert read_capped(data) == DAMAGED


def test_encrypted_member(read_capped):
    assert read_capped(patch_member(workbook(), SHEET, flags=0x1)) == ENCRYPTED


@pytest.mark.parametrize("method", [99, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_unknown_compression_method(read_capped, method):
    assert read_capped(patch_member(workbook(), SHEET, method=method)) == COMPRESSION


def test_too_many_members(read_capped):
    parts = {f"xl/media/{number}.xml": b"" for number in range(limits.MAX_ZIP_MEMBERS + 1)}
    assert read_capped(workbook(parts, level=0)) == MEMBERS


def test_bad_zip_and_bad_xml(read_capped):
    assert read_capped(workbook()[:-30]) == DAMAGED  # the directory cut off
    assert read_capped(workbook({SHEET: "<worksheet><sheetData><row>"})) == DAMAGED
    assert read_capped(workbook({STYLES: "<styleSheet><cellXfs><xf numFmtId='x'/>"})) == DAMAGED
    assert read_capped(workbook({SHEET: sheet_xml(HEADER_ROW + '<row><c t="s"><v>-1</v></c></row>')})) == DAMAGED


# ---------------------------------------------------------------- where the reading happens


def test_a_lying_dimension_is_not_trusted(tmp_path):
    """A sheet that declares 2 rows and holds 5,000 is judged from the zip's directory: read by the worker."""
    body = b'<row><c t="inlineStr"><is><t>P.B.U</t></is></c><c><v>2026</v></c><c><v>1</v></c></row>'
    sheet = repeated(
        f'<worksheet xmlns="{MAIN}"><dimension ref="A1:C2"/><sheetData>{HEADER_ROW}'.encode(),
        body,
        5_000,
        b"</sheetData></worksheet>",
    )
    path = tmp_path / "lying.xlsx"
    path.write_bytes(workbook({SHEET: sheet}))
    assert jobs.looks_large(path)
    # and a dimension beyond Excel's last row is ignored, not believed
    with zipfile.ZipFile(
        io.BytesIO(
            workbook({SHEET: sheet_xml().replace("<sheetData>", '<dimension ref="A1:C99999999999"/><sheetData>')})
        )
    ) as archive:
        from ptdv.exchange.reader import declared_rows

        assert declared_rows(archive, SHEET) == 0


@pytest.mark.django_db
def test_the_upload_request_reads_crafted_files_within_the_caps(
    tree, make_user, settings, django_capture_on_commit_callbacks
):
    """Through the web: every crafted file ends as a failed job with the user's line, its file deleted, and no
    request reads more of it than its directory declares."""
    settings.PTDV_IMPORT_DIR = tmp_dir = Path(settings.PTDV_IMPORT_DIR)
    client = Client()
    client.force_login(make_user(tree.university, "staff"))
    files = {
        DTD: workbook(with_dtd(SHEET, nested_entities())),
        BEYOND: workbook({SHEET: sheet_xml(HEADER_ROW + '<row><c r="ZZZZZZ2"><v>1</v></c></row>')}),
        ENCRYPTED: patch_member(workbook(), SHEET, flags=0x1),
        COMPRESSION: patch_member(workbook(), SHEET, method=99),
        TOO_LARGE: patch_member(workbook(), STYLES, size=limits.MAX_PART_BYTES + 1),
    }
    for message, data in files.items():
        upload = SimpleUploadedFile("tep.xlsx", data)
        with django_capture_on_commit_callbacks(execute=True):  # the large ones: checked by the task
            response = client.post(reverse("exchange:upload", args=["quotas"]), {"file": upload}, follow=True)
        assert response.status_code == 200
        job = ImportJob.objects.latest("pk")
        assert job.status == ImportStatus.FAILED and job.stored_path == ""
        assert job.result["file_error"] == message
        assert message in client.get(reverse("exchange:job", args=[job.pk])).content.decode()
    assert not any(tmp_dir.glob("*.xlsx"))


# ---------------------------------------------------------------- expat's version


def test_an_old_expat_is_refused_at_start_up_and_before_any_workbook(monkeypatch):
    from django.core.checks import registry

    from ptdv.exchange import checks
    from ptdv.exchange.reader import FileProblem, open_sheet

    assert not xlsx.expat_too_old()  # this runtime's
    monkeypatch.setattr(xlsx, "expat_version", lambda: (2, 2, 10))
    message = (
        "Máy chủ này không đọc được sổ tính một cách an toàn: thư viện XML của máy chủ (expat 2.2.10) cũ hơn 2.4.1. "
        "Hãy báo quản trị hệ thống cập nhật Python."
    )
    assert checks.expat_version in registry.registry.get_checks()  # run by runserver, migrate, check, every command
    assert [(error.id, error.msg) for error in checks.expat_version()] == [("ptdv.E010", message)]
    with pytest.raises(FileProblem) as refused:
        open_sheet(io.BytesIO(workbook()))
    assert refused.value.message == message


@pytest.mark.django_db
def test_the_request_reads_no_more_than_the_directory_declares(tree, make_user, monkeypatch):
    """A file whose directory declares little is checked in the web request: there, whatever its members really
    unpack to, no more bytes are decompressed than PTDV_IMPORT_BACKGROUND_ROWS × BYTES_PER_ROW (200 KB)."""
    read = []
    original = xlsx.Counted.read

    def counted(self, size):
        data = original(self, size)
        read.append(len(data))
        return data

    monkeypatch.setattr(xlsx.Counted, "read", counted)
    body = b'<row><c t="inlineStr"><is><t>P</t></is></c></row>'
    sheet = repeated(f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}'.encode(), body, 400_000, b"</sheetData>")
    data = patch_member(workbook({SHEET: sheet}, level=9), SHEET, size=150_000)  # 20 MB declared as 150 KB
    client = Client()
    client.force_login(make_user(tree.university, "staff"))
    started = time.perf_counter()
    response = client.post(
        reverse("exchange:upload", args=["quotas"]), {"file": SimpleUploadedFile("t.xlsx", data)}, follow=True
    )
    assert time.perf_counter() - started < 5
    job = ImportJob.objects.latest("pk")
    assert (job.status, job.result["file_error"]) == (ImportStatus.FAILED, DAMAGED)
    assert DAMAGED in response.content.decode()
    assert 0 < sum(read) <= django_settings.PTDV_IMPORT_BACKGROUND_ROWS * jobs.BYTES_PER_ROW
