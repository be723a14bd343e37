"""A streaming reader of an .xlsx workbook's first sheet, for imports of 100,000s of rows.

openpyxl's read-only mode streams too, but builds Python objects for every cell and every shared string (about
3,000 rows of 19 columns a second on the 2-core machine; reading 100,000 members took 30-40 s of the 60 s the import
may take). This reader feeds the sheet's XML to expat (C) and keeps per cell only what the import needs, giving the
same values openpyxl's `iter_rows(values_only=True)` gives with `data_only=False`: shared and inline strings, numbers
(int or float), booleans, dates for cells whose number format is a date (openpyxl's own test), formulas as their
text beginning with '='. The tests compare both readers on the same workbooks (tests/test_xlsx.py).

Memory stays flat: the XML is read 1 MB at a time; only the shared-strings table (what the file itself holds once)
is kept whole, as openpyxl keeps it."""

import datetime
import posixpath
import struct
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from . import limits

REL_OFFICE = "officeDocument"
REL_SHEET = "worksheet"
REL_STRINGS = "sharedStrings"
REL_STYLES = "styles"
END_OF_DIRECTORY = b"PK\x05\x06"

# The oldest expat (the XML parser inside Python's pyexpat) the reader runs with, checked at start-up (a system
# check, exchange/checks.py) and again before any workbook is opened. Expat 2.4.0 (May 2021) added protection
# against billion laughs (CVE-2013-0340: entity expansion beyond an amplification limit is refused); 2.4.1, out days
# later, is the first fix release of that series and the version the issue names. An older expat expands whatever
# entities a file declares. The version is the second line of defence, not the first: the reader refuses the DTD
# before any entity is declared whatever the version, because even recent ones crash on some DTDs (Python 3.13's
# bundled 2.6.3 overflows its stack on deeply nested entities, CVE-2024-8176, fixed only in 2.7.0).
EXPAT_MINIMUM = (2, 4, 1)


def expat_version() -> tuple[int, int, int]:
    return tuple(expat.version_info)


def expat_too_old() -> bool:
    return expat_version() < EXPAT_MINIMUM


def expat_message() -> str:
    return _(
        "This server cannot read workbooks safely: its XML library (expat %(version)s) is older than %(minimum)s. "
        "Tell the administrator: Python must be updated."
    ) % {"version": ".".join(map(str, expat_version())), "minimum": ".".join(map(str, EXPAT_MINIMUM))}


COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # the only ones Excel writes


class Formula(str):
    """A formula cell's text, `=` first, as openpyxl gives it; its own type so that a text cell that merely begins
    with `=` (as our exports write a name typed that way, issue #14 item 6) is told apart and read as text."""

    __slots__ = ()


class Malformed(Exception):
    """The archive is not a readable workbook."""


class Refused(Malformed):
    """The workbook is refused for a reason the user can act on: `message` says it in one line."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _too_large() -> Refused:
    return Refused(
        _("The workbook is too large once unpacked (more than Excel writes for the rows allowed): split it into "
          "several files.")
    )  # fmt: skip


def _declarations() -> Refused:
    return Refused(
        _("The workbook contains XML declarations (DTD, entities) that Excel never writes: open it in Excel and save "
          "it again as .xlsx.")
    )  # fmt: skip


def _beyond_sheet() -> Refused:
    return Refused(
        _("The sheet has a cell beyond Excel's last column (XFD) or last row (1,048,576): open it in Excel and save "
          "it again as .xlsx.")
    )  # fmt: skip


def _local(tag: str) -> str:
    return tag.rpartition("}")[2].rpartition(":")[2]


# ---------------------------------------------------------------- the archive


def _member_count(file) -> int | None:
    """The number of members the zip's end-of-directory record declares, read before zipfile lists them all
    (None when the record is not found: zipfile then says the archive is damaged)."""
    file.seek(0, 2)
    size = file.tell()
    file.seek(max(0, size - 22 - 0xFFFF))
    tail = file.read()
    file.seek(0)
    at = tail.rfind(END_OF_DIRECTORY)
    if at < 0 or len(tail) < at + 22:
        return None
    return struct.unpack("<H", tail[at + 10 : at + 12])[0]


def open_archive(file) -> zipfile.ZipFile:
    """The zip archive, its directory checked: not too many members, none encrypted, none compressed in a way
    Excel never uses, none declaring more bytes than any part may hold. Raises Refused or Malformed."""
    if expat_too_old():
        raise Refused(expat_message())
    count = _member_count(file)
    if count is not None and count > limits.MAX_ZIP_MEMBERS:  # 0xFFFF: a Zip64 directory, never an Excel one
        raise Refused(_("The file holds too many parts to be a workbook saved by Excel: save it again as .xlsx."))
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, struct.error) as error:
        raise Malformed("zip") from error
    try:
        infos = archive.infolist()
        if len(infos) > limits.MAX_ZIP_MEMBERS:
            raise Refused(_("The file holds too many parts to be a workbook saved by Excel: save it again as .xlsx."))
        for info in infos:
            if info.flag_bits & 0x1:
                raise Refused(
                    _("The workbook is protected by a password: open it in Excel, remove the password, save and try "
                      "again.")
                )  # fmt: skip
            if info.compress_type not in COMPRESSIONS:
                raise Refused(
                    _("The file is compressed in a way Excel does not use: open it in Excel and save it again as "
                      ".xlsx.")
                )  # fmt: skip
            if info.file_size > limits.MAX_SHEET_BYTES:
                raise _too_large()
    except BaseException:
        archive.close()
        raise
    return archive


class Counted:
    """A member's stream that stops with Refused past `limit` bytes, whatever the directory declared."""

    def __init__(self, stream, limit: int):
        self.stream, self.left = stream, limit

    def read(self, size: int) -> bytes:
        data = self.stream.read(size)
        self.left -= len(data)
        if self.left < 0:
            raise _too_large()
        return data


def open_part(archive: zipfile.ZipFile, path: str, limit: int):
    try:
        info = archive.getinfo(path)
    except KeyError as error:
        raise Malformed(path) from error
    if info.file_size > limit:
        raise _too_large()
    return archive.open(info), min(info.file_size, limit)


# ---------------------------------------------------------------- XML


def _refuse_declarations(*_args) -> None:
    raise _declarations()


def _parser() -> expat.XMLParserType:
    """An expat parser that refuses any document type declaration: the DTD is where entities are declared, so no
    entity is ever expanded (billion laughs, and the nested entities that crash some expat builds, never reach
    expansion: the parse stops at `<!DOCTYPE`). Excel never writes a DTD."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_declarations
    parser.EntityDeclHandler = _refuse_declarations
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    return parser


def _feed(archive, path, limit, start, end, text, after_chunk=None):
    """Stream one part through a guarded parser: its bytes counted against `limit`, and no single token longer than
    MAX_PENDING_BYTES (a parser that reports nothing for that long is buffering one huge comment or attribute)."""
    parser = _parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    fed = 0
    try:
        stream, declared = open_part(archive, path, limit)
        with stream:
            counted = Counted(stream, declared)
            while chunk := counted.read(limits.CHUNK_BYTES):
                parser.Parse(chunk, False)
                fed += len(chunk)
                if fed - max(parser.CurrentByteIndex, 0) > limits.MAX_PENDING_BYTES:
                    raise Malformed(path)
                if after_chunk is not None:
                    yield from after_chunk()
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise Malformed(path) from error
    if after_chunk is not None:
        yield from after_chunk()


def _feed_all(*args) -> None:
    for _item in _feed(*args):
        pass


def _elements(archive, path, limit, start, end=None, text=None):
    """Stream a small part, calling start(local name, attributes, depth) for each element."""
    depth = [0]

    def on_start(name, attrs):
        depth[0] += 1
        if depth[0] > limits.MAX_XML_DEPTH:
            raise Malformed(path)
        start(name.rpartition(":")[2], attrs, depth[0])

    def on_end(name):
        if end is not None:
            end(name.rpartition(":")[2], depth[0])
        depth[0] -= 1

    _feed_all(archive, path, limit, on_start, on_end, text or (lambda _data: None))


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """The relationships of a part: id → (type's last word, target path in the archive)."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_path not in archive.NameToInfo:
        return {}
    found = {}

    def start(name, attrs, depth):
        if name != "Relationship" or depth != 2:
            return
        target = attrs.get("Target", "")
        absolute = target.startswith("/")
        path = target.lstrip("/") if absolute else posixpath.normpath(posixpath.join(folder, target))
        found[attrs.get("Id")] = (attrs.get("Type", "").rpartition("/")[2], path)

    _elements(archive, rels_path, limits.MAX_PART_BYTES, start)
    return found


class Workbook:
    """The parts of a workbook the first sheet's values need. Every part is streamed through the guarded parser."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        root_rels = _relations(archive, "")
        workbook_path = next((path for kind, path in root_rels.values() if kind == REL_OFFICE), "xl/workbook.xml")
        relations = _relations(archive, workbook_path)
        self.epoch = CALENDAR_WINDOWS_1900
        first = []

        def start(name, attrs, _depth):
            if name == "workbookPr" and attrs.get("date1904") in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904
            if name == "sheet" and not first:
                first.append(next((v for k, v in attrs.items() if _local(k) == "id"), None))

        _elements(archive, workbook_path, limits.MAX_PART_BYTES, start)
        sheet_id = first[0] if first else None
        if sheet_id is None or sheet_id not in relations:
            raise Malformed("no sheet")
        self.sheet_path = relations[sheet_id][1]
        if self.sheet_path not in archive.NameToInfo:
            raise Malformed(self.sheet_path)
        strings_path = next((path for kind, path in relations.values() if kind == REL_STRINGS), None)
        styles_path = next((path for kind, path in relations.values() if kind == REL_STYLES), None)
        self.date_styles = self._date_styles(styles_path)
        self.strings = self._shared_strings(strings_path)

    def _date_styles(self, path: str | None) -> frozenset[int]:
        """The cell style indices whose number format shows a date (openpyxl's is_date_format). Streamed: only the
        number formats and each cell format's number format are kept, each within its cap."""
        if not path or path not in self.archive.NameToInfo:
            return frozenset()
        formats = dict(BUILTIN_FORMATS)
        cell_formats: list[int] = []
        inside = [""]

        def start(name, attrs, depth):
            if depth == 2:
                inside[0] = name
            elif depth == 3 and name == "numFmt" and inside[0] == "numFmts":
                if len(formats) > limits.MAX_NUMBER_FORMATS + len(BUILTIN_FORMATS):
                    raise _too_large()
                formats[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")[: limits.MAX_CELL_CHARS]
            elif depth == 3 and inside[0] == "cellXfs":
                if len(cell_formats) >= limits.MAX_CELL_FORMATS:
                    raise _too_large()
                cell_formats.append(int(attrs.get("numFmtId", "0")))

        _elements(self.archive, path, limits.MAX_PART_BYTES, start)
        dates: dict[int, bool] = {}
        found = set()
        for index, number_format in enumerate(cell_formats):
            if number_format not in dates:
                dates[number_format] = is_date_format(formats.get(number_format, ""))
            if dates[number_format]:
                found.add(index)
        return frozenset(found)

    def _shared_strings(self, path: str | None) -> list[str]:
        if not path or path not in self.archive.NameToInfo:
            return []
        strings: list[str] = []
        parts: list[str] = []
        state = {"text": False, "phonetic": False, "chars": 0, "depth": 0}

        def start(name, attrs):
            state["depth"] += 1
            if state["depth"] > limits.MAX_XML_DEPTH:
                raise Malformed(path)
            name = name.rpartition(":")[2]
            if name == "t":
                state["text"] = not state["phonetic"]
            elif name == "si":
                parts.clear()
                if len(strings) >= limits.MAX_SHARED_STRINGS:
                    raise _too_large()
            elif name == "rPh":
                state["phonetic"] = True

        def end(name):
            state["depth"] -= 1
            name = name.rpartition(":")[2]
            if name == "t":
                state["text"] = False
            elif name == "si":
                strings.append("".join(parts))
                parts.clear()
            elif name == "rPh":
                state["phonetic"] = False

        def text(data):
            if state["text"]:
                state["chars"] += len(data)
                if state["chars"] > limits.MAX_SHARED_STRINGS_CHARS:
                    raise _too_large()
                parts.append(data)

        _feed_all(self.archive, path, limits.MAX_SHARED_STRINGS_BYTES, start, end, text)
        return strings

    def rows(self) -> Iterator[tuple[int, tuple]]:
        """(row number, values) for each row the sheet holds, values padded with None up to the last cell."""
        return SheetReader(self).rows()


class SheetReader:
    """The first sheet's rows, streamed. Rows are kept sparse (column → value) while parsing and padded with None
    only as each is handed on, up to `width` when it is set (the header's width: the import reads no column beyond
    it), so a row with one cell at column XFD costs one cell, not 16,384."""

    def __init__(self, workbook: Workbook):
        self.workbook = workbook
        self.columns: dict[str, int] = {}
        self.width: int | None = None

    def column_index(self, reference: str) -> int:
        letters = reference.rstrip("0123456789")
        if len(reference) - len(letters) > 6 and int(reference[len(letters) :]) > limits.MAX_ROW:
            raise _beyond_sheet()
        index = self.columns.get(letters)
        if index is None:
            if not 1 <= len(letters) <= 3 or not letters.isascii() or not letters.isupper():
                raise _beyond_sheet() if len(letters) > 3 else Malformed(reference)
            index = 0
            for letter in letters:
                index = index * 26 + ord(letter) - 64
            if index > limits.MAX_COLUMN:
                raise _beyond_sheet()
            self.columns[letters] = index
        return index

    def rows(self, skip_blank: bool = False) -> Iterator[tuple[int, tuple]]:
        """(row number, values); with `skip_blank`, rows whose cells are all empty or blank text are left out."""
        strings, date_styles, epoch = self.workbook.strings, self.workbook.date_styles, self.workbook.epoch
        count = len(strings)
        done: list[tuple[int, dict]] = []
        buffer: list[str] = []
        cell = {
            "row": 0,
            "column": 0,
            "type": "n",
            "style": 0,
            "formula": None,
            "collect": None,
            "text": None,
            "chars": 0,
        }
        depth = [0]
        values: dict[int, object] = {}
        column_index = self.column_index
        formula: list[str] = []
        max_depth, max_row, max_column, max_chars = (
            limits.MAX_XML_DEPTH, limits.MAX_ROW, limits.MAX_COLUMN, limits.MAX_CELL_CHARS
        )  # fmt: skip

        def start(name, attrs):
            depth[0] += 1
            if depth[0] > max_depth:
                raise Malformed("depth")
            if ":" in name:
                name = name.rpartition(":")[2]
            if name == "c":
                reference = attrs.get("r")
                if reference:
                    cell["column"] = column_index(reference)
                else:
                    cell["column"] += 1
                    if cell["column"] > max_column:
                        raise _beyond_sheet()
                cell["type"] = attrs.get("t", "n")
                style = attrs.get("s")
                cell["style"] = int(style) if style else 0
                cell["formula"] = None
                cell["text"] = None
                cell["chars"] = 0
                buffer.clear()
            elif name == "v" or name == "t":  # a value, or one run of an inline string: runs add up
                cell["collect"] = "value"
                if cell["text"] is None:
                    cell["text"] = ""
            elif name == "f":
                cell["collect"] = "formula"
                formula.clear()
            elif name == "row":
                number = attrs.get("r")
                cell["row"] = int(number) if number else cell["row"] + 1
                if not 0 < cell["row"] <= max_row:
                    raise _beyond_sheet()
                cell["column"] = 0
                values.clear()

        def end(name):
            depth[0] -= 1
            if ":" in name:
                name = name.rpartition(":")[2]
            if name == "v" or name == "t":
                cell["collect"] = None
            elif name == "f":
                cell["collect"] = None
                cell["formula"] = "".join(formula)
            elif name == "c":
                if cell["text"] is not None:
                    cell["text"] = "".join(buffer)
                values[cell["column"]] = self.value(cell, strings, count, date_styles, epoch)
            elif name == "row" and not (skip_blank and _blank(values)):
                done.append((cell["row"], dict(values)))

        def text(data):
            collect = cell["collect"]
            if collect is None:
                return
            cell["chars"] += len(data)
            if cell["chars"] > max_chars:
                raise _cell_too_long()
            if collect == "value":
                buffer.append(data)
            else:
                formula.append(data)

        def flush():
            rows = done[:]
            done.clear()
            for number, found in rows:
                if not found:
                    yield number, ()
                    continue
                width = max(found)
                if self.width is not None:
                    width = min(width, self.width)
                padded = [None] * width
                for column, value in found.items():
                    if column <= width:
                        padded[column - 1] = value
                yield number, tuple(padded)

        yield from _feed(
            self.workbook.archive, self.workbook.sheet_path, limits.MAX_SHEET_BYTES, start, end, text, flush
        )

    @staticmethod
    def value(cell, strings, count, date_styles, epoch):
        formula = cell["formula"]
        if formula is not None:
            return Formula(f"={formula}")  # a shared formula's copies have no text of their own: still a formula
        text = cell.get("text")
        kind = cell["type"]
        if text is None:
            return None
        if kind == "s":
            index = int(text)
            if not 0 <= index < count:
                raise Malformed("shared string")
            return strings[index]
        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "b":
            return text in ("1", "true")
        if kind == "d":
            return datetime.datetime.fromisoformat(text)
        if text == "":
            return None
        number = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
        if cell["style"] in date_styles:
            try:
                return from_excel(number, epoch)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return number


def _blank(values: dict) -> bool:
    return all(value is None or (type(value) is str and not value.strip()) for value in values.values())


def _cell_too_long() -> Refused:
    return Refused(
        _("A cell holds more than 32,767 characters, Excel's limit: open the file in Excel and save it again as .xlsx.")
    )
