"""Rules about persons and the candidate pool, as plain Python (no database).

Sources: ../shared/domain/procedure.md, "Conditions checked before the cell votes"."""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from dateutil.relativedelta import relativedelta

# ---------------------------------------------------------------- search folding


def fold(text: str) -> str:
    """Lower case without Vietnamese diacritics, for search: 'Đào Thị Dũng' → 'dao thi dung'.

    Works on composed (NFC) and decomposed (NFD) input alike; đ/Đ, which Unicode does not decompose, become d."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return " ".join(stripped.lower().split())


# ---------------------------------------------------------------- Vietnamese order of names

# The Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), with the Latin letters it lacks
# (f j w z) where the Latin alphabet puts them, so foreign names sort sensibly too.
VIETNAMESE_LETTERS = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
# Tones after letters, in the order of Vietnamese dictionaries (CLDR vi): ngang, huyền, hỏi, ngã, sắc, nặng.
TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)
_CODES = {letter: f"{11 + i:02d}" for i, letter in enumerate(VIETNAMESE_LETTERS)}
_CODES.update({str(d): f"{1 + d:02d}" for d in range(10)})
_UNKNOWN = "99"  # any other letter or symbol: after every Vietnamese letter
SORT_NAME_MAX_LENGTH = 400


def _word_key(word: str) -> str:
    """A word's letters (two digits each), "00", then its tone (one digit)."""
    codes = []
    tone = 0
    for char in unicodedata.normalize("NFD", word.lower()):
        if char in TONE_MARKS:
            tone = tone or TONE_MARKS[char]
        elif char in _LETTER_MARKS:
            if codes:
                composed = unicodedata.normalize("NFC", codes[-1][1] + char)
                if composed in _CODES:
                    codes[-1] = (_CODES[composed], composed)
        elif unicodedata.combining(char):
            continue
        elif char in _CODES:
            codes.append((_CODES[char], char))
        elif char.isalnum():
            codes.append((_UNKNOWN, char))
        # punctuation (hyphens, apostrophes, dots) does not count
    return "".join(code for code, _char in codes) + "00" + str(tone)


def name_sort_key(full_name: str) -> str:
    """The key that sorts full names as Vietnamese lists do: by given name (the last word), then the middle names in
    order, then the family name (the first word); each word letter by letter in the Vietnamese alphabet, its tone
    deciding only between words of the same letters:
    'Nguyễn Văn An' < 'Trần Anh' < 'Lê Thị Anh' < 'Lê Thị Ánh' < 'Bùi Đình Bình'.

    Digits only, of fixed width per letter: it compares the same way byte by byte (SQLite) and in any PostgreSQL
    collation, so a database index on it gives the order and keyset pagination works on it."""
    words = [w for w in unicodedata.normalize("NFC", full_name or "").split() if _word_key(w) != "000"]
    if not words:
        return ""
    given, middle, family = words[-1], words[1:-1], words[:1] if len(words) > 1 else []
    # the middle names end with "00", before any letter: no middle name sorts before any middle name
    key = _word_key(given) + "".join(_word_key(w) for w in middle) + "00" + "".join(_word_key(w) for w in family)
    return key[:SORT_NAME_MAX_LENGTH]


DIGIT_GROUP_SEPARATORS = re.compile(r"(?<=\d)[\s.\-]+(?=\d)")


def search_tokens(*texts: str) -> set[str]:
    """The words a person can be found by: folded words of the names, and the digits of IDs and phones.

    Digits typed in groups ('0912 345 678', '079.203.004.567') are one number, when indexed and when searched."""
    tokens: set[str] = set()
    for text in texts:
        text = DIGIT_GROUP_SEPARATORS.sub("", unicodedata.normalize("NFKC", text or ""))
        for word in re.split(r"[^0-9a-z]+", fold(text)):
            if word:
                tokens.add(word[:64])
    return tokens


def query_tokens(query: str) -> list[str]:
    """The words of a search box, folded; each must prefix one of a person's tokens."""
    return sorted(search_tokens(query))


# ---------------------------------------------------------------- citizen ID

CITIZEN_ID = re.compile(r"^\d{12}$")


def normalise_citizen_id(value: str) -> str:
    """Spaces and dots people type between groups of digits are dropped: '001 203 004 567' → '001203004567';
    full-width digits (typed with some Vietnamese keyboards) become ASCII."""
    return re.sub(r"[\s.\-]", "", unicodedata.normalize("NFKC", value or ""))


def citizen_id_problem(value: str) -> str | None:
    """None when `value` is a valid 12-digit citizen ID (CCCD); else what is wrong, as a code."""
    if not value:
        return "missing"
    if not re.fullmatch(r"[0-9]+", value):
        return "not_digits"
    if len(value) != 12:
        return "length"
    return None


# ---------------------------------------------------------------- ages and dates


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months; the 31st becomes the last day of a shorter month (Civil Code 2015, art. 148)."""
    later: datetime.date = day + relativedelta(months=months)
    return later


def latest_start(on: datetime.date, months: int) -> datetime.date:
    """The latest day d with add_months(d, months) ≤ on: the inverse of add_months, for filtering by age or time.

    When `on` is the last day of its month, every later day of the target month also clamps onto `on`
    (29/02/2008 + 18 years = 28/02/2026), so the answer is the last day of that month."""
    start = add_months(on, -months)
    if (on + datetime.timedelta(days=1)).day == 1:
        start = add_months(start.replace(day=1), 1) - datetime.timedelta(days=1)
    return start


def age_in_months(birth_date: datetime.date, on: datetime.date) -> int:
    """Whole months completed between birth and `on`: the largest n with birth + n months ≤ on."""
    months = (on.year - birth_date.year) * 12 + (on.month - birth_date.month)
    if add_months(birth_date, months) > on:
        months -= 1
    return months


def birthday(birth_date: datetime.date, years: int) -> datetime.date:
    """The day a person reaches `years` years of age (29/02 births: 28/02 in other years)."""
    return add_months(birth_date, 12 * years)


GENERAL_EDUCATION = re.compile(r"^\s*(\d{1,2})\s*/\s*(10|12)\s*$")


def parse_general_education(value: str) -> tuple[int, int] | None:
    """'9/12' → (9, 12); '7/10' (the old ten-year system) → (7, 10); anything else → None."""
    match = GENERAL_EDUCATION.match(value or "")
    if not match:
        return None
    grade, system = int(match.group(1)), int(match.group(2))
    return (grade, system) if 1 <= grade <= system else None


def has_lower_secondary(value: str) -> bool | None:
    """Lower-secondary level reached (9/12, or 7/10 in the old system)? None when the value is not readable.

    The grade is what the CV records; whether the diploma itself was obtained is checked on paper."""
    parsed = parse_general_education(value)
    if parsed is None:
        return None
    grade, system = parsed
    return grade >= (9 if system == 12 else 7)


# ---------------------------------------------------------------- what stands between a candidate and admission


@dataclass(frozen=True)
class CandidateFacts:
    """What the obstacle rules need to know about a candidate, read from the database by the caller."""

    birth_date: datetime.date
    general_education: str
    education_exception: bool
    certificate_date: datetime.date | None  # the latest awareness-course certificate
    helper_count: int
    over_60_consent: bool = False


@dataclass(frozen=True)
class Obstacle:
    code: str
    severity: Literal["blocking", "warning"]
    date: datetime.date | None = None  # the date the message names, if any


@dataclass(frozen=True)
class PoolRules:
    """The numbers of the rules; settings, because some are UNCONFIRMED (procedure.md)."""

    min_age_years: int = 18
    max_age_years: int = 60
    certificate_valid_months: int = 60
    certificate_warning_months: int = 6


def certificate_valid_until(certificate_date: datetime.date, rules: PoolRules) -> datetime.date:
    """The last day a certificate counts: at most `certificate_valid_months` old (06-HD/TW §5.4)."""
    return add_months(certificate_date, rules.certificate_valid_months)


def candidate_obstacles(facts: CandidateFacts, on: datetime.date, rules: PoolRules = PoolRules()) -> list[Obstacle]:
    """What still stands between a candidate and the cell's vote, if the cell voted on `on`.

    Age 18-60 in whole months (294-QĐ/TW §1.1.1), lower-secondary education or an exception (Charter art. 1),
    an awareness-course certificate at most 60 months old (06-HD/TW §5.4); a helper assigned (the pool stage)."""
    obstacles: list[Obstacle] = []
    months = age_in_months(facts.birth_date, on)
    if months < rules.min_age_years * 12:
        obstacles.append(Obstacle("under_age", "blocking", birthday(facts.birth_date, rules.min_age_years)))
    elif months > rules.max_age_years * 12 and not facts.over_60_consent:
        obstacles.append(Obstacle("over_age", "blocking"))
    education = has_lower_secondary(facts.general_education)
    if education is None:
        obstacles.append(Obstacle("education_unknown", "blocking"))
    elif not education and not facts.education_exception:
        obstacles.append(Obstacle("education_below", "blocking"))
    if facts.certificate_date is None:
        obstacles.append(Obstacle("no_certificate", "blocking"))
    else:
        valid_until = certificate_valid_until(facts.certificate_date, rules)
        if on > valid_until:
            obstacles.append(Obstacle("certificate_expired", "blocking", valid_until))
        elif on > add_months(valid_until, -rules.certificate_warning_months):
            obstacles.append(Obstacle("certificate_expiring", "warning", valid_until))
    if facts.helper_count == 0:
        obstacles.append(Obstacle("no_helper", "warning"))
    return obstacles


def obstacle_message(obstacle: Obstacle) -> str:
    """The obstacle in the user's language, with its date as dd/mm/yyyy."""
    from django.utils.translation import gettext as _

    day = obstacle.date.strftime("%d/%m/%Y") if obstacle.date else ""
    messages = {
        "under_age": _("under 18 until %(date)s"),
        "over_age": _("over 60: needs the provincial standing committee's prior written consent"),
        "education_unknown": _("general education not recorded (e.g. 9/12)"),
        "education_below": _("education below lower secondary: needs an exception"),
        "no_certificate": _("no awareness course certificate"),
        "certificate_expired": _("certificate expired on %(date)s: retake the awareness course"),
        "certificate_expiring": _("certificate expires %(date)s"),
        "no_helper": _("no helper assigned"),
    }
    return messages[obstacle.code] % {"date": day}
