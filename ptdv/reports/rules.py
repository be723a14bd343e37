"""The arithmetic of the admissions report (statistics.md), without the database.

An admission is counted by its decision date, in every category that applied to the person on that day; the rollup
keeps, per cell and month, one count per *key*: ``total``, ``age_sum``, ``struck_off``, ``category:<code>``,
``occupation:<code>``, ``age_band:<band>``."""

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

CATEGORIES = ["woman", "ethnic_minority", "religious", "youth_union", "business_owner", "readmitted"]
OCCUPATIONS = [
    "civil_servant_state",
    "civil_servant_party",
    "commune_official",
    "village_staff",
    "public_employee",
    "private_employee",
    "enterprise_manager",
    "worker",
    "farmer",
    "armed_forces",
    "university_student",
    "pupil",
    "other",
]
AGE_BANDS = ["18-30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60", "over-60"]
# "học sinh, sinh viên" in the seeds: a report's `student` is both occupations together.
STUDENT_OCCUPATIONS = ("university_student", "pupil")
YOUNG_AGE = 30  # "đảng viên trẻ": up to 30


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Age in whole years on `day` (a birthday on 29 February falls on 1 March in common years)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_band(age: int) -> str:
    """The band of statistics.md: 18-30 (younger ones, which the rules do not admit, count there too), then
    five-year bands to 56-60, then over-60."""
    if age <= 30:
        return "18-30"
    if age > 60:
        return "over-60"
    low = 31 + (age - 31) // 5 * 5
    return f"{low}-{low + 4}"


@dataclass(frozen=True)
class AdmissionFacts:
    """What a report needs to know of one admission."""

    decision_date: datetime.date
    occupation: str
    age: int
    categories: frozenset[str]
    struck_off: bool = False


def keys_of(facts: AdmissionFacts) -> Counter[str]:
    """The rollup keys one admission adds to (age_sum by the age)."""
    keys = Counter({"total": 1, "age_sum": facts.age, f"occupation:{facts.occupation}": 1})
    keys[f"age_band:{age_band(facts.age)}"] += 1
    for code in facts.categories:
        keys[f"category:{code}"] += 1
    if facts.struck_off:
        keys["struck_off"] += 1
    return keys


def percent(part: int, whole: int | None) -> float | None:
    """part / whole × 100 at full precision (rounded only when written); None when there is no whole."""
    if not whole:
        return None
    return part / whole * 100


def shares(counts: Counter[str], prefix: str, codes: list[str]) -> dict[str, dict[str, Any]]:
    """{code: {"count": N, "percent": P}} for every code, P a share of all admitted."""
    admitted = counts.get("total", 0)
    return {
        code: {
            "count": counts.get(f"{prefix}:{code}", 0),
            "percent": percent(counts.get(f"{prefix}:{code}", 0), admitted),
        }
        for code in codes
    }


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def split_period(
    date_from: datetime.date, date_to: datetime.date
) -> tuple[tuple[datetime.date, datetime.date] | None, list[tuple[datetime.date, datetime.date]]]:
    """The whole months inside [from, to] (first and last month start, or None) and the partial edges as date
    ranges: the report reads whole months from the rollup and only the edges from the admissions themselves."""
    first = date_from if date_from.day == 1 else month_end(date_from) + datetime.timedelta(days=1)
    last = date_to if date_to == month_end(date_to) else month_start(date_to) - datetime.timedelta(days=1)
    if first > last:
        return None, [(date_from, date_to)]
    edges = []
    if date_from < first:
        edges.append((date_from, first - datetime.timedelta(days=1)))
    if last < date_to:
        edges.append((last + datetime.timedelta(days=1), date_to))
    return (first, month_start(last)), edges


def shift_year(day: datetime.date, years: int = -1) -> datetime.date:
    """The same day a year earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def previous_period(date_from: datetime.date, date_to: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The same period one year earlier; a period ending on the last day of February ends there again."""
    end = shift_year(date_to)
    if date_to == month_end(date_to):
        end = month_end(end)
    return shift_year(date_from), end


def comparison_period(
    date_from: datetime.date, date_to: datetime.date, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """ "Cùng kỳ năm trước": the same dates one year earlier (statistics.md, `previous`). A period still running
    counts only up to today, so it is compared with the same dates a year earlier up to the same day — the year so
    far against the same months and days of last year, on the full report as on the dashboard — not with the whole
    of last year's period. A period wholly past (or wholly to come) is compared as it is."""
    end = min(date_to, today) if date_from <= today else date_to
    return previous_period(date_from, end)


def years_of(date_from: datetime.date, date_to: datetime.date) -> list[int]:
    return list(range(date_from.year, date_to.year + 1))


def year_fraction(date_from: datetime.date, date_to: datetime.date, year: int) -> float:
    """The share of `year`'s days that lie in [from, to]."""
    start = max(date_from, datetime.date(year, 1, 1))
    end = min(date_to, datetime.date(year, 12, 31))
    if end < start:
        return 0.0
    days_in_year = 366 if calendar.isleap(year) else 365
    return ((end - start).days + 1) / days_in_year


def prorated_quota(quotas: dict[int, int], date_from: datetime.date, date_to: datetime.date) -> float | None:
    """The part of the yearly quotas that falls in the period (a half year: half the quota); None without quota."""
    if not quotas:
        return None
    return sum(quota * year_fraction(date_from, date_to, year) for year, quota in quotas.items())


def forecast_year_end(*, admitted_so_far: int, pipeline: dict[str, int], conversion: dict[str, float]) -> float:
    """Admitted this year so far, plus each stage's dossiers times the share of past dossiers at that stage that
    went on to an admission decision."""
    return admitted_so_far + sum(count * conversion.get(stage, 0.0) for stage, count in pipeline.items())


PERIOD_KINDS = ["year", "half", "quarter", "month", "term", "custom"]


class PeriodError(ValueError):
    """A period that cannot be read (the message says which part)."""


def period_bounds(
    kind: str,
    year: int,
    number: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a report period: a year; its half (1–2), quarter (1–4) or month (1–12); or any
    dates ("custom", also a term's dates)."""
    if kind in ("custom", "term"):
        if date_from is None or date_to is None:
            raise PeriodError("dates")
        if date_from > date_to:
            raise PeriodError("order")
        return date_from, date_to
    if kind == "year":
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    months = {"half": 6, "quarter": 3, "month": 1}.get(kind)
    if months is None:
        raise PeriodError("kind")
    if number is None or not 1 <= number <= 12 // months:
        raise PeriodError("number")
    first = datetime.date(year, (number - 1) * months + 1, 1)
    return first, month_end(datetime.date(year, number * months, 1))
