"""The rules of the follow-up of new members, as plain Python (no database). The numbers marked UNCONFIRMED in
roll.md and statistics.md are settings (ptdv/settings.py, `PTDV_RESIDENCE_*`, `PTDV_RATING_*`, `PTDV_SCREENING_*`)
passed in as arguments."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ptdv.admission.deadlines import Deadline
from ptdv.calendar.rules import WorkingCalendar
from ptdv.people.rules import add_months

# Members of organisations in these sectors are introduced to the cell where they live (213-QĐ/TW): agencies,
# enterprises, schools. A commune's or ward's members are active where they live already; the armed forces have
# their own rules.
WORK_SECTORS = frozenset({"agency", "public_service", "state_enterprise", "non_state_enterprise", "school"})
BANDS = ["excellent", "good", "completed", "not_completed"]
PERIODS = ["year", "q1", "q2", "q3", "q4"]
ON_TIME, LATE, NOT_YET, OVERDUE, EXEMPT = "on_time", "late", "not_yet", "overdue", "exempt"


def needs_residence(sector: str | None) -> bool:
    """Whether the members of a grassroots organisation of this sector are introduced to a residence cell."""
    return sector in WORK_SECTORS


def introduction_deadline(start: datetime.date, calendar: WorkingCalendar, days: int) -> Deadline:
    """A new member is introduced to their residence cell within `days` working days of the ceremony (or of the
    transfer in), counted from the day after (roll.md; UNCONFIRMED, PTDV_RESIDENCE_INTRODUCTION_WORKING_DAYS)."""
    return Deadline(
        code="residence_introduction",
        label=_("Introduce the new member to the residence cell"),
        start=start,
        due=calendar.add_working_days(start, days),
        length=_("%(days)s working days") % {"days": days},
        source="213-QĐ/TW; 33-HD/BTCTW",
        unconfirmed=True,
    )


def introduction_state(due: datetime.date, letter_date: datetime.date | None, today: datetime.date) -> str:
    """on_time (a letter dated on or before the due day), late (a letter after it), overdue (no letter and the
    due day has passed), not_yet (no letter, still in time)."""
    if letter_date is not None:
        return ON_TIME if letter_date <= due else LATE
    return OVERDUE if today > due else NOT_YET


def comments_deadline(year: int) -> Deadline:
    """The residence cell's comments on the year `year` are expected by the end of January of the next year
    (33-HD/BTCTW: comments before the year-end rating; UNCONFIRMED month, PTDV_RESIDENCE_COMMENTS_MONTH)."""
    return Deadline(
        code="residence_comments",
        label=_("Receive the residence cell's comments on %(year)s") % {"year": year},
        start=datetime.date(year, 12, 31),
        due=datetime.date(year + 1, 1, 31),
        length=_("by the end of January"),
        source="213-QĐ/TW; 33-HD/BTCTW",
        unconfirmed=True,
    )


def period_end(year: int, period: str) -> datetime.date:
    if period == "year":
        return datetime.date(year, 12, 31)
    quarter = int(period[1])
    return add_months(datetime.date(year, 3 * quarter, 1), 1) - datetime.timedelta(days=1)


def period_start(year: int, period: str) -> datetime.date:
    if period == "year":
        return datetime.date(year, 1, 1)
    return datetime.date(year, 3 * int(period[1]) - 2, 1)


def rated(decision_date: datetime.date, year: int, period: str, min_months: int) -> bool:
    """Whether a member admitted on `decision_date` is rated for the period: those admitted less than `min_months`
    months before its end are reviewed but not rated (roll.md; UNCONFIRMED, PTDV_RATING_MIN_MONTHS). Admitted
    exactly `min_months` months before the end: rated."""
    return add_months(decision_date, min_months) <= period_end(year, period)


def excellent_cap(good: int, cap_percent: float) -> int:
    """The most members a grassroots organisation may rate excellent: `cap_percent` of those rated good
    (21-HD/BTCTW; whether 366-QĐ/TW keeps it is UNCONFIRMED, PTDV_RATING_EXCELLENT_CAP_PERCENT, 0 = no cap)."""
    return int(good * cap_percent // 100)


def over_cap(excellent: int, good: int, cap_percent: float) -> bool:
    return cap_percent > 0 and excellent > excellent_cap(good, cap_percent)


def not_completed_running(years: Iterable[int], *, up_to: int, times: int) -> bool:
    """Whether the member was rated "not completed" in `times` consecutive years ending with `up_to` or the year
    before it (the last rated year): screening (roll.md: twice running; PTDV_SCREENING_NOT_COMPLETED_YEARS)."""
    rated_years = set(years)
    return any(all(last - k in rated_years for k in range(times)) for last in (up_to, up_to - 1))


@dataclass(frozen=True)
class Settings:
    introduction_days: int = 30
    min_months: int = 6
    cap_percent: float = 20
    screening_years: int = 2


class WorkingDays:
    """`calendar.add_working_days` for many start dates at once: the working days of the span listed once, each
    deadline found by bisection (the outcome figures compute one deadline per ceremony date of a whole term)."""

    def __init__(self, calendar: WorkingCalendar):
        self.calendar = calendar
        self.days: list[datetime.date] = []
        self.first: datetime.date | None = None
        self.last: datetime.date | None = None

    def _span(self, first: datetime.date, last: datetime.date) -> list[datetime.date]:
        days, day = [], first
        while day <= last:
            if self.calendar.is_working_day(day):
                days.append(day)
            day += datetime.timedelta(days=1)
        return days

    def _cover(self, start: datetime.date, end: datetime.date) -> None:
        """Extend the listed span to [start, end], listing only the days not listed yet."""
        if self.first is None or self.last is None:
            self.days, self.first, self.last = self._span(start, end), start, end
            return
        if start < self.first:
            self.days = self._span(start, self.first - datetime.timedelta(days=1)) + self.days
            self.first = start
        if end > self.last:
            self.days += self._span(self.last + datetime.timedelta(days=1), end)
            self.last = end

    def add(self, start: datetime.date, n: int) -> datetime.date:
        if n <= 0:
            return self.calendar.add_working_days(start, n)
        from bisect import bisect_right

        self._cover(start, start + datetime.timedelta(days=3 * n + 60))
        index = bisect_right(self.days, start) + n - 1
        if index >= len(self.days):
            self._cover(start, start + datetime.timedelta(days=6 * n + 120))
            index = bisect_right(self.days, start) + n - 1
        return self.days[index]

    def prepare(self, first: datetime.date, last: datetime.date, n: int) -> None:
        """List the working days from `first` to `n` working days after `last` in one pass."""
        self._cover(first, last + datetime.timedelta(days=3 * n + 60))
