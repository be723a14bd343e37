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
import xml.etree.ElementTree as ET  # noqa: S405  small workbook parts; the sheet itself goes through expat  # nosec B405
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

CHUNK = 1 << 20
REL_OFFICE = "officeDocument"
REL_SHEET = "worksheet"
REL_STRINGS = "sharedStrings"
REL_STYLES = "styles"


class Formula(str):
    """A formula cell's text, `=` first, as openpyxl gives it; its own type so that a text cell that merely begins
    with `=` (as our exports write a name typed that way, issue #14 item 6) is told apart and read as text."""

    __slots__ = ()


class Malformed(Exception):
    """The archive is not a readable workbook."""


def _local(tag: str) -> str:
    return tag.rpartition("}")[2].rpartition(":")[2]


def _parse_xml(archive: zipfile.ZipFile, path: str):
    try:
        with archive.open(path) as stream:
            return ET.parse(stream).getroot()  # noqa: S314  expat ≥ 2.4 refuses entity-expansion bombs  # nosec B314
    except (KeyError, ET.ParseError) as error:
        raise Malformed(path) from error


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """The relationships of a part: id → (type's last word, target path in the archive)."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_path not in archive.NameToInfo:
        return {}
    found = {}
    for element in _parse_xml(archive, rels_path):
        target = element.get("Target", "")
        absolute = target.startswith("/")
        path = target.lstrip("/") if absolute else posixpath.normpath(posixpath.join(folder, target))
        found[element.get("Id")] = (element.get("Type", "").rpartition("/")[2], path)
    return found


class Workbook:
    """The parts of a workbook the first sheet's values need."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        root_rels = _relations(archive, "")
        workbook_path = next((path for kind, path in root_rels.values() if kind == REL_OFFICE), "xl/workbook.xml")
        workbook = _parse_xml(archive, workbook_path)
        relations = _relations(archive, workbook_path)
        self.epoch = CALENDAR_WINDOWS_1900
        sheet_id = None
        for element in workbook.iter():
            name = _local(element.tag)
            if name == "workbookPr" and element.get("date1904") in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904
            if name == "sheet" and sheet_id is None:
                sheet_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
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
        """The cell style indices whose number format shows a date (openpyxl's is_date_format)."""
        if not path or path not in self.archive.NameToInfo:
            return frozenset()
        root = _parse_xml(self.archive, path)
        formats = dict(BUILTIN_FORMATS)
        dates = set()
        for element in root:
            name = _local(element.tag)
            if name == "numFmts":
                for number_format in element:
                    formats[int(number_format.get("numFmtId", "0"))] = number_format.get("formatCode", "")
            elif name == "cellXfs":
                for index, xf in enumerate(element):
                    if is_date_format(formats.get(int(xf.get("numFmtId", "0")), "")):
                        dates.add(index)
        return frozenset(dates)

    def _shared_strings(self, path: str | None) -> list[str]:
        if not path or path not in self.archive.NameToInfo:
            return []
        strings: list[str] = []
        parts: list[str] = []
        state = {"text": False, "phonetic": False}

        def start(name, attrs):
            name = name.rpartition(":")[2]
            if name == "t":
                state["text"] = not state["phonetic"]
            elif name == "si":
                parts.clear()
            elif name == "rPh":
                state["phonetic"] = True

        def end(name):
            name = name.rpartition(":")[2]
            if name == "t":
                state["text"] = False
            elif name == "si":
                strings.append("".join(parts))
            elif name == "rPh":
                state["phonetic"] = False

        def text(data):
            if state["text"]:
                parts.append(data)

        _feed_all(self.archive, path, start, end, text)
        return strings

    def rows(self) -> Iterator[tuple[int, tuple]]:
        """(row number, values) for each row the sheet holds, values padded with None up to the last cell."""
        return SheetReader(self).rows()


def _feed(archive, path, start, end, text, after_chunk=None):
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        with archive.open(path) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
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


class SheetReader:
    def __init__(self, workbook: Workbook):
        self.workbook = workbook
        self.columns: dict[str, int] = {}

    def column_index(self, reference: str) -> int:
        letters = reference.rstrip("0123456789")
        index = self.columns.get(letters)
        if index is None:
            index = 0
            for letter in letters:
                index = index * 26 + ord(letter) - 64
            self.columns[letters] = index
        return index

    def rows(self) -> Iterator[tuple[int, tuple]]:
        strings, date_styles, epoch = self.workbook.strings, self.workbook.date_styles, self.workbook.epoch
        done: list[tuple[int, tuple]] = []
        buffer: list[str] = []
        cell = {"row": 0, "column": 0, "type": "n", "style": 0, "formula": None, "collect": None, "text": None}
        values: dict[int, object] = {}
        column_index = self.column_index

        formula: list[str] = []

        def start(name, attrs):
            if ":" in name:
                name = name.rpartition(":")[2]
            if name == "c":
                reference = attrs.get("r")
                cell["column"] = column_index(reference) if reference else cell["column"] + 1
                cell["type"] = attrs.get("t", "n")
                style = attrs.get("s")
                cell["style"] = int(style) if style else 0
                cell["formula"] = None
                cell["text"] = None
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
                cell["column"] = 0
                values.clear()

        def end(name):
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
                values[cell["column"]] = self.value(cell, strings, date_styles, epoch)
            elif name == "row":
                if values:
                    width = max(values)
                    done.append((cell["row"], tuple(values.get(i) for i in range(1, width + 1))))
                else:
                    done.append((cell["row"], ()))

        def text(data):
            collect = cell["collect"]
            if collect == "value":
                buffer.append(data)
            elif collect == "formula":
                formula.append(data)

        def flush():
            rows = done[:]
            done.clear()
            yield from rows

        yield from _feed(self.workbook.archive, self.workbook.sheet_path, start, end, text, flush)

    @staticmethod
    def value(cell, strings, date_styles, epoch):
        formula = cell["formula"]
        if formula is not None:
            return Formula(f"={formula}")  # a shared formula's copies have no text of their own: still a formula
        text = cell.get("text")
        kind = cell["type"]
        if text is None:
            return None
        if kind == "s":
            return strings[int(text)]
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
