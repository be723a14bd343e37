"""Opening an uploaded workbook safely: streamed (xlsx.py), so memory does not grow with the file, every part read
within the caps of limits.py and no DTD ever parsed; every kind of bad file ends in one clear Vietnamese message
(FileProblem), never a stack trace."""

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from . import limits, xlsx

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: an encrypted .xlsx, or an old .xls
ZIP_SIGNATURE = b"PK\x03\x04"
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*ref=\"([A-Z]+\d+:[A-Z]+\d+)\"")


def DAMAGED() -> str:  # a message, translated when asked
    return _("The file could not be read as an Excel workbook (.xlsx): it may be damaged. Save it again from Excel.")


class FileProblem(Exception):
    """The file as a whole cannot be imported; the message says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Sheet:
    header: list
    rows: Iterator[tuple[int, tuple]]  # (Excel row number, values), empty rows skipped
    declared_rows: int  # rows below the header as the file declares them (for progress), 0 when unknown
    close: object


def max_rows() -> int:
    return settings.PTDV_IMPORT_MAX_ROWS


def max_bytes() -> int:
    return settings.PTDV_IMPORT_MAX_BYTES


def megabytes(size: int) -> str:
    """50 MB, 2,5 MB: the Vietnamese decimal comma."""
    value = f"{size / 1_000_000:.1f}".replace(".", ",")
    return value.removesuffix(",0")


def _size(file) -> int:
    position = file.tell()
    file.seek(0, 2)
    size = file.tell()
    file.seek(position)
    return size


def _is_encrypted(file) -> bool:
    file.seek(0)
    tail = b""
    while chunk := file.read(1 << 20):
        if ENCRYPTION_STREAM in tail + chunk:
            return True
        tail = chunk[-len(ENCRYPTION_STREAM) :]
    return False


def check_file(file) -> None:
    """The checks that need no parsing: size, and whether the bytes are an .xlsx at all."""
    size = _size(file)
    if size > max_bytes():
        raise FileProblem(
            _("The file is %(size)s MB; the limit is %(limit)s MB. Split it into several files.")
            % {"size": megabytes(size), "limit": megabytes(max_bytes())}
        )
    file.seek(0)
    start = file.read(8)
    file.seek(0)
    if not start:
        raise FileProblem(_("The file is empty."))
    if start == OLE_SIGNATURE:
        if _is_encrypted(file):
            file.seek(0)
            raise FileProblem(
                _("The workbook is protected by a password: open it in Excel, remove the password, save and try again.")
            )
        file.seek(0)
        raise FileProblem(_("This is an old Excel file (.xls): open it in Excel and save it as .xlsx."))
    if not start.startswith(ZIP_SIGNATURE):
        raise FileProblem(_("The file is not an Excel workbook (.xlsx): save it from Excel as .xlsx."))


def _merged_ranges(archive: zipfile.ZipFile, path: str) -> list[str]:
    """Merged ranges of the sheet: its XML, streamed (they follow the rows, so a scan of the raw bytes), within the
    sheet's cap."""
    found: list[str] = []
    tail = b""
    stream, declared = xlsx.open_part(archive, path, limits.MAX_SHEET_BYTES)
    with stream:
        counted = xlsx.Counted(stream, declared)
        while chunk := counted.read(limits.CHUNK_BYTES):
            data = tail + chunk
            found.extend(m.decode() for m in MERGE_CELL.findall(data))
            tail = data[-200:]  # a match straddling the boundary is found twice: duplicates dropped below
            if len(found) > 1000:
                break  # enough to name five of them
    return list(dict.fromkeys(found))


DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]*\d*:?[A-Z]*(\d+)\"")


def declared_rows(archive: zipfile.ZipFile, path: str) -> int:
    """The last row the sheet declares in its <dimension> element (Excel always writes one), read from the first
    bytes of the sheet's XML; 0 when there is none or it is beyond Excel's last row. Not trusted: it only sizes the
    progress bar and refuses early a file that says it is too long; the rows are counted as they are read, and
    where the file is checked is decided from the zip's directory (jobs.looks_large)."""
    stream, _declared = xlsx.open_part(archive, path, limits.MAX_SHEET_BYTES)
    with stream:
        head = stream.read(4096)
    match = DIMENSION.search(head)
    if not match or len(match.group(1)) > 7:
        return 0
    number = int(match.group(1))
    return number if number <= limits.MAX_ROW else 0


def open_workbook(file) -> tuple[zipfile.ZipFile, xlsx.Workbook]:
    """The archive and its workbook parts, or FileProblem."""
    check_file(file)
    try:
        archive = xlsx.open_archive(file)
    except xlsx.Refused as refused:
        raise FileProblem(refused.message) from None
    except (xlsx.Malformed, OSError, ValueError, EOFError):
        raise FileProblem(DAMAGED()) from None
    try:
        return archive, xlsx.Workbook(archive)
    except xlsx.Refused as refused:
        archive.close()
        raise FileProblem(refused.message) from None
    except Exception:  # bad XML, a damaged member (zlib, CRC), a value that is no number: still one clear message
        archive.close()
        raise FileProblem(DAMAGED()) from None


def open_sheet(file) -> Sheet:
    """The first sheet's header row and a stream of its data rows. Raises FileProblem."""
    archive, workbook = open_workbook(file)
    try:
        declared = declared_rows(archive, workbook.sheet_path)
        if declared - 1 > max_rows():
            raise FileProblem(_too_many_rows())
        merged = _merged_ranges(archive, workbook.sheet_path)
        if merged:
            shown = ", ".join(merged[:5]) + (", …" if len(merged) > 5 else "")
            raise FileProblem(
                _("The sheet has merged cells (%(ranges)s): unmerge them so that each row holds one record.")
                % {"ranges": shown}
            )
        reader = xlsx.SheetReader(workbook)
        rows = _rows(reader)
        header = next(rows, None)
        if header is None:
            raise FileProblem(_("The first sheet is empty: row 1 must hold the column headers."))
        if header[0] != 1:
            raise FileProblem(_("Row 1 of the first sheet is empty: it must hold the column headers."))
        reader.width = len(header[1])  # the import reads no column beyond the header's
    except FileProblem:
        archive.close()
        raise
    except xlsx.Refused as refused:
        archive.close()
        raise FileProblem(refused.message) from None
    except Exception:  # a damaged inside: still one clear message
        archive.close()
        raise FileProblem(DAMAGED()) from None
    return Sheet(header=list(header[1]), rows=_limited(rows), declared_rows=max(declared - 1, 0), close=archive.close)


def _too_many_rows() -> str:
    return _("The file has more than %(limit)s rows: split it into several files.") % {
        "limit": f"{max_rows():,}".replace(",", ".")
    }


def _rows(reader: xlsx.SheetReader) -> Iterator[tuple[int, tuple]]:
    """The sheet's non-blank rows; whatever goes wrong reading them is a FileProblem with one line."""
    try:
        yield from reader.rows(skip_blank=True)
    except xlsx.Refused as refused:
        raise FileProblem(refused.message) from None
    except Exception:  # bad XML, a damaged member (zlib, CRC), a value that is no number
        raise FileProblem(DAMAGED()) from None


def _limited(rows) -> Iterator[tuple[int, tuple]]:
    limit = max_rows()
    for count, item in enumerate(rows, start=1):
        if count > limit:
            raise FileProblem(_too_many_rows())
        yield item
