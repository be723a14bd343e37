"""How party documents write names, numbers and dates (documents.md, Hướng dẫn 36-HD/VPTW). Pure Python, no DB."""

import datetime
import re
from typing import Any

BLANK = "…………………"
SHORT_BLANK = "……"

# The issuer's abbreviation after the slash of a register number: 15-QĐ/ĐU (documents.md).
ISSUER_ABBREVIATIONS = {
    "cell": "CB",
    "grassroots_cell": "CB",
    "group": "CB",
    "grassroots_committee": "ĐU",
    "sub_committee": "ĐU",
    "commune": "ĐU",
    "ward": "ĐU",
    "special_zone": "ĐU",
    "bloc": "ĐUK",  # Đảng ủy Khối
    "district": "HU",
    "province": "TU",
}
CELL_TYPES = {"cell", "grassroots_cell", "group"}


def issuer_abbreviation(unit_type: str, setting: str = "") -> str:
    """The unit's own setting when it has one (the bloc committee: "ĐUK"), else the usual one of its type."""
    return setting.strip() or ISSUER_ABBREVIATIONS.get(unit_type, "ĐU")


def document_code(number: int, kind: str, issuer: str) -> str:
    """15, "QĐ", "ĐU" → "15-QĐ/ĐU"; numbers below 10 written with a leading zero (01-NQ/CB)."""
    if number < 1:
        raise ValueError("register numbers start at 1")
    return f"{number:02d}-{kind}/{issuer}"


def blank_code(kind: str, issuer: str) -> str:
    """The number line of a document not yet numbered: "……-QĐ/ĐU", filled in by hand."""
    return f"{SHORT_BLANK}-{kind}/{issuer}"


def short_date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "…/…/……"


def date_text(day: datetime.date | None) -> str:
    """ "ngày 14 tháng 9 năm 2022", or the blanks to fill in by hand. As the style guide writes dates: a leading
    zero only for days below 10 and for months 1 and 2 ("ngày 05 tháng 02", "ngày 14 tháng 8")."""
    if day is None:
        return "ngày … tháng … năm ……"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place: str, day: datetime.date | None) -> str:
    return f"{place or SHORT_BLANK}, {date_text(day)}"


_BODY_PREFIXES = (("đảng bộ bộ phận ", "Đảng ủy bộ phận "), ("đảng bộ ", "Đảng ủy "))


def body_name(unit_name: str, unit_type: str, *, standing: bool = False) -> str:
    """The body that issues a document for a unit: a cell issues as itself (Chi bộ …); a party organisation with a
    committee issues as its committee (Đảng bộ X → Đảng ủy X), or as the committee's standing committee
    (Ban Thường vụ Đảng ủy X) when it decides as the committee above the grassroots."""
    name = unit_name.strip()
    if unit_type not in CELL_TYPES:
        lowered = name.lower()
        for prefix, replacement in _BODY_PREFIXES:
            if lowered.startswith(prefix):
                name = replacement + name[len(prefix) :]
                break
        if standing:
            name = "Ban Thường vụ " + name
    return name


def signature(unit_type: str, *, standing: bool = False, deputy: bool = False) -> tuple[str, str]:
    """ "T/M CHI BỘ" / "BÍ THƯ", "T/M ĐẢNG ỦY" / "BÍ THƯ", "T/M BAN THƯỜNG VỤ" / "BÍ THƯ"."""
    title = "PHÓ BÍ THƯ" if deputy else "BÍ THƯ"
    if unit_type in CELL_TYPES:
        return "T/M CHI BỘ", title
    if standing:
        return "T/M BAN THƯỜNG VỤ", title
    return "T/M ĐẢNG ỦY", title


_PLACE_PREFIX = re.compile(
    r"^(đảng bộ|chi bộ|đảng ủy)\s+(khối\s+)?(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)?\s*",
    re.IGNORECASE,
)


def place_name(unit_name: str) -> str:
    """The place a document is dated at, from the name of the province-level unit: "Đảng bộ tỉnh Bình Sơn" →
    "Bình Sơn"."""
    return _PLACE_PREFIX.sub("", unit_name.strip()).strip() or unit_name.strip()


def upper(text: str) -> str:
    return text.upper()


def vote_arithmetic(votes_for: int | None, denominator: int | None) -> dict[str, Any]:
    """A vote as the resolutions write it: 9 of 10 in favour = 90,0%, at least 2/3 (or blanks when not held)."""
    from ptdv.admission.rules import vote_percent, vote_result

    if votes_for is None or not denominator:
        return {"held": False, "yes": SHORT_BLANK, "of": SHORT_BLANK, "percent": SHORT_BLANK, "no": SHORT_BLANK}
    return {
        "held": True,
        "yes": str(votes_for),
        "of": str(denominator),
        "percent": vote_percent(votes_for, denominator),
        "no": str(denominator - votes_for),
        "passed": vote_result(votes_for, denominator).passed,
    }
