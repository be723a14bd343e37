"""Reading spreadsheet cells as people write them (../shared/domain/exchange.md), as plain Python: no database.

Each `parse_*` takes a cell's value as openpyxl gives it (str, int, float, bool, datetime, or None) and returns the
typed value, or raises CellError with a Vietnamese-translatable message saying what to fix."""

import calendar
import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


class CellError(ValueError):
    """A cell's value cannot be read; the message says what to write instead."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------- folding


def fold(text: str) -> str:
    """Lower case, without Vietnamese diacritics and without any spaces: 'Mã  đơn vị ' → 'madonvi'.

    Composed (NFC) and decomposed (NFD) input fold alike; đ/Đ, which Unicode does not decompose, become d;
    full-width forms and non-breaking spaces (NFKC) become plain ones."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text or ""))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return "".join(stripped.lower().split())


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------- values


def parse_text(value: object) -> str:
    """A cell as text, spaces collapsed; whole numbers without '.0' (Excel stores 123 as 123.0 sometimes)."""
    if value is None:
        return ""
    if type(value) is str:  # the common case, fast
        return " ".join((value if value.isascii() else unicodedata.normalize("NFC", value)).split())
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


DATE_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(value: object) -> datetime.date | None:
    """dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd, or an Excel date cell; empty → None."""
    if is_empty(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = parse_text(value)
    match = DATE_DMY.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = DATE_ISO.match(text)
        if not match:
            raise CellError(
                _("“%(value)s” is not a date: write it as dd/mm/yyyy (e.g. 22/11/2026) or yyyy-mm-dd.")
                % {"value": text}
            )
        year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(
            _("%(value)s is not a day of the calendar: check the day and the month.") % {"value": text}
        ) from None


YES = {"co", "x", "1", "yes", "true"}
NO = {"", "khong", "0", "no", "false"}


YES_NO_EXACT = {"Có": True, "Không": False, "x": True, "X": True, "1": True, "0": False, "": False, None: False}


def parse_yes_no(value: object) -> bool:
    """Có/Không, x/empty, 1/0, yes/no (any case, with or without diacritics)."""
    if isinstance(value, bool):
        return value
    if type(value) is str or value is None:
        exact = YES_NO_EXACT.get(value)
        if exact is not None:
            return exact
    folded = fold(parse_text(value))
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise CellError(_("Write “Có” or “Không” (or x / empty, 1 / 0), not “%(value)s”.") % {"value": parse_text(value)})


def code_lookup(labels: dict[str, str], aliases: dict[str, str] | None = None) -> dict[str, str]:
    """The folded forms a coded column accepts (each code and its Vietnamese label, plus aliases) → the code."""
    table = {}
    for code, label in labels.items():
        table[fold(code)] = code
        table[fold(label)] = code
        table[f"={code}"] = code  # exact spellings: found without folding (the "=" keeps them apart)
        table[f"={label}"] = code
    for alias, code in (aliases or {}).items():
        table[fold(alias)] = code
    return table


def parse_code(value: object, table: dict[str, str], labels: dict[str, str]) -> str:
    """The code of a coded column, given the code itself or its Vietnamese label; empty → ''."""
    text = parse_text(value)
    if not text:
        return ""
    code = table.get(f"={text}") or table.get(fold(text))
    if code is None:
        accepted = "; ".join(labels.values())
        raise CellError(_("“%(value)s” is not in the list. Accepted values: %(accepted)s.") % {
            "value": text, "accepted": accepted})  # fmt: skip
    return code


def parse_int(value: object) -> int | None:
    """A whole number (a number cell, or digits as text); empty → None."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("Write a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError(_("Write a whole number, not %(value)s.") % {"value": parse_text(value)})
    text = parse_text(value).replace(".", "").replace(" ", "")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    raise CellError(_("Write a whole number, not “%(value)s”.") % {"value": parse_text(value)})


def parse_citizen_id(value: object) -> str:
    """A 12-digit citizen ID. Spaces, dots and dashes between groups are dropped; a number cell gets back the
    leading zeros Excel removes (79203004567 → 079203004567)."""
    if type(value) is str and len(value) == 12 and value.isascii() and value.isdigit():
        return value  # the common case, fast
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        if value >= 0 and len(text) <= 12:
            text = text.zfill(12)
    else:
        text = re.sub(r"[\s.\-]", "", unicodedata.normalize("NFKC", parse_text(value)))
    if not text:
        return ""
    if not text.isascii() or not text.isdigit():
        raise CellError(_("The citizen ID has digits only: %(value)s contains other characters.") % {"value": text})
    if len(text) != 12:
        raise CellError(
            _("The citizen ID has 12 digits; %(value)s has %(count)s.") % {"value": text, "count": len(text)}
        )
    return text


# ---------------------------------------------------------------- columns and headers


@dataclass(frozen=True)
class Column:
    """One column of a format: its English code name, its Vietnamese header, how its cells are read."""

    key: str
    header: str
    kind: str = "text"  # text, date, yesno, code, int, citizen_id
    required: bool = False
    labels: dict[str, str] | None = None  # for kind "code": code → Vietnamese label
    aliases: dict[str, str] | None = None  # other accepted spellings → code
    table: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind == "code":
            self.table.update(code_lookup(self.labels or {}, self.aliases))

    @property
    def parser(self) -> Callable[[object], Any]:
        """The function that reads this column's cells."""
        if self.kind == "code":
            table, labels = self.table, self.labels or {}
            return lambda value: parse_code(value, table, labels)
        return PARSERS[self.kind]

    def parse(self, value: object) -> Any:
        return self.parser(value)


PARSERS = {
    "text": parse_text,
    "date": parse_date,
    "yesno": parse_yes_no,
    "int": parse_int,
    "citizen_id": parse_citizen_id,
}


@dataclass
class HeaderMatch:
    columns: dict[int, Column]  # position in the row → column
    headers: dict[str, str]  # column key → the header as written in the file
    missing: list[Column]
    unknown: list[str]
    duplicated: list[str]


def match_headers(cells: list[object], columns: list[Column]) -> HeaderMatch:
    """Match a header row to a format's columns, ignoring case, diacritics and spaces; the English code name is
    accepted too. Columns come in any order; unknown ones are reported (a warning), as are duplicates."""
    by_folded = {}
    for column in columns:
        by_folded[fold(column.header)] = column
        by_folded[fold(column.key)] = column
    found: dict[int, Column] = {}
    headers: dict[str, str] = {}
    unknown, duplicated = [], []
    for position, cell in enumerate(cells):
        text = parse_text(cell)
        if not text:
            continue
        matched = by_folded.get(fold(text))
        if matched is None:
            unknown.append(text)
        elif matched.key in headers:
            duplicated.append(text)
        else:
            found[position] = matched
            headers[matched.key] = text
    missing = [column for column in columns if column.required and column.key not in headers]
    return HeaderMatch(columns=found, headers=headers, missing=missing, unknown=unknown, duplicated=duplicated)


# ---------------------------------------------------------------- members' dates


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months, the 31st clamped to a shorter month's end (as people.rules.add_months, whose
    relativedelta is too slow for 100,000 rows)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def member_date_problems(
    *,
    birth_date: datetime.date | None,
    decision_date: datetime.date | None,
    ceremony_date: datetime.date | None,
    full_member_date: datetime.date | None,
    today: datetime.date,
    min_age_years: int = 18,
) -> dict[str, str]:
    """Impossible orders of a member's dates, by column key: a decision before the 18th birthday, a ceremony
    before the decision, recognition earlier than 12 months after the ceremony (or after the decision when no
    ceremony date is given), any of them in the future."""
    problems: dict[str, str] = {}
    for key, day in (
        ("decision_date", decision_date),
        ("ceremony_date", ceremony_date),
        ("full_member_date", full_member_date),
    ):
        if day is not None and day > today:
            problems[key] = _("The date %(date)s is in the future.") % {"date": day.strftime("%d/%m/%Y")}
    if birth_date and decision_date and "decision_date" not in problems:
        adult = add_months(birth_date, 12 * min_age_years)
        if decision_date < adult:
            problems["decision_date"] = _(
                "The admission decision (%(date)s) is before the %(years)s-th birthday (%(birthday)s)."
            ) % {"date": decision_date.strftime("%d/%m/%Y"), "years": min_age_years,
                 "birthday": adult.strftime("%d/%m/%Y")}  # fmt: skip
    if ceremony_date and decision_date and ceremony_date < decision_date and "ceremony_date" not in problems:
        problems["ceremony_date"] = _("The ceremony (%(date)s) is before the admission decision (%(decision)s).") % {
            "date": ceremony_date.strftime("%d/%m/%Y"),
            "decision": decision_date.strftime("%d/%m/%Y"),
        }
    start = ceremony_date or decision_date
    if full_member_date and start and "full_member_date" not in problems:
        earliest = add_months(start, 12)
        if full_member_date < earliest:
            if ceremony_date:
                message = _(
                    "The full-member date %(date)s is earlier than 12 months after the ceremony (%(earliest)s)."
                )
            else:
                message = _(
                    "The full-member date %(date)s is earlier than 12 months after the admission decision "
                    "(%(earliest)s)."
                )
            problems["full_member_date"] = message % {
                "date": full_member_date.strftime("%d/%m/%Y"),
                "earliest": earliest.strftime("%d/%m/%Y"),
            }
    return problems


def error_line(row: int, column: str, message: str) -> str:
    """One problem as exchange.md prints it: dòng R, cột "C": message."""
    if not column:
        return _("row %(row)s: %(message)s") % {"row": row, "message": message}
    return _('row %(row)s, column "%(column)s": %(message)s') % {"row": row, "column": column, "message": message}
