"""Working days, as plain Python (no database).

Deadlines in the rules are counted in working days, which exclude Saturdays, Sundays and Vietnam's public holidays,
Tết included (procedure.md, "Deadlines"). Public holidays come from the `holidays` package (observed days and the
package's known make-up Saturdays included); the days the government announces on top of them (an extra day off, a
Saturday declared a working day) are passed in, as the SpecialDay table holds them.

Conventions (Civil Code 2015, art. 147: a period starts the day after the event that opens it):
- `add_working_days(start, n)` counts from the day after `start`: n = 1 is the first working day after `start`.
  n = 0 is `start` itself when it is a working day, else the next working day (so every result is a working day).
  Hence count_working_days(start, add_working_days(start, n)) == n for every n ≥ 1, and for n = 0 when `start` is
  a working day.
- `count_working_days(start, end)` counts the working days in (start, end]: `start` excluded, `end` included.
- `next_working_day(day)` is the first working day strictly after `day`.
"""

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

import holidays

COUNTRY = "VN"
SATURDAY = 5  # date.weekday(): Monday is 0
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class PublicYear:
    """One year of Vietnam's public calendar as the `holidays` package knows it."""

    holidays: dict[datetime.date, str]  # day → name (Vietnamese), observed days included
    working_weekend_days: frozenset[datetime.date]  # Saturdays/Sundays the government made working days


@functools.cache
def public_year(year: int) -> PublicYear:
    """Vietnam's public holidays of `year`, computed once per year and process."""
    known = holidays.country_holidays(COUNTRY, years=year)
    return PublicYear(
        holidays={day: name for day, name in known.items() if day.year == year},
        # the package keeps make-up days of other years in the same set: keep this year's only
        working_weekend_days=frozenset(day for day in known.weekend_workdays if day.year == year),
    )


def is_weekend(day: datetime.date) -> bool:
    return day.weekday() >= SATURDAY


def public_holiday_name(day: datetime.date) -> str | None:
    """The name of the public holiday on `day` (Vietnamese, as the `holidays` package gives it), or None."""
    return public_year(day.year).holidays.get(day)


def is_public_working_day(day: datetime.date) -> bool:
    """Whether `day` is a working day by the public calendar alone (without the announced extra days)."""
    year = public_year(day.year)
    if day in year.working_weekend_days:
        return True
    return not is_weekend(day) and day not in year.holidays


def _weekdays_between(start: datetime.date, end: datetime.date) -> int:
    """Monday-to-Friday days in (start, end]; 0 when end ≤ start."""
    days = (end - start).days
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    extra = sum(1 for offset in range(1, rest + 1) if not is_weekend(start + datetime.timedelta(days=offset)))
    return weeks * 5 + extra


@dataclass(frozen=True)
class WorkingCalendar:
    """Vietnam's working days, with the days the government announced on top of the public holidays.

    `extra_days_off`: days that are not worked although the public calendar says so (e.g. a bridge day before
    Tết). `makeup_working_days`: days that are worked although the public calendar says not (a Saturday declared a
    working day). The two sets must not share a day. Both override the public calendar, the package's own make-up
    Saturdays included."""

    extra_days_off: frozenset[datetime.date] = field(default_factory=frozenset)
    makeup_working_days: frozenset[datetime.date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "extra_days_off", frozenset(self.extra_days_off))
        object.__setattr__(self, "makeup_working_days", frozenset(self.makeup_working_days))
        both = self.extra_days_off & self.makeup_working_days
        if both:
            days = ", ".join(day.isoformat() for day in sorted(both))
            raise ValueError(f"a day cannot be both an extra day off and a make-up working day: {days}")

    @classmethod
    def of(
        cls, *, days_off: Iterable[datetime.date] = (), working_days: Iterable[datetime.date] = ()
    ) -> "WorkingCalendar":
        return cls(extra_days_off=frozenset(days_off), makeup_working_days=frozenset(working_days))

    def is_working_day(self, day: datetime.date) -> bool:
        """Not a Saturday or Sunday, not a public holiday, not an extra day off; or a make-up working day."""
        if day in self.makeup_working_days:
            return True
        if day in self.extra_days_off:
            return False
        return is_public_working_day(day)

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """The first working day strictly after `day`."""
        day += ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        """The day `n` working days after `start`, counting from the day after `start` (n = 1: the next working
        day). n = 0: `start` if it is a working day, else the next working day."""
        if n < 0:
            raise ValueError("n must be 0 or more")
        if n == 0:
            return start if self.is_working_day(start) else self.next_working_day(start)
        day = start
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def count_working_days(self, start: datetime.date, end: datetime.date) -> int:
        """The working days in (start, end]: `start` excluded, `end` included; 0 when end ≤ start."""
        if end <= start:
            return 0
        count = _weekdays_between(start, end)
        # Only a few days differ from "Monday to Friday": look at those.
        exceptions: set[datetime.date] = set()
        for year in range(start.year, end.year + 1):
            public = public_year(year)
            exceptions.update(public.holidays, public.working_weekend_days)
        exceptions.update(self.extra_days_off, self.makeup_working_days)
        for day in exceptions:
            if start < day <= end and self.is_working_day(day) != (not is_weekend(day)):
                count += 1 if self.is_working_day(day) else -1
        return count


# The public calendar alone, without announced days.
PUBLIC = WorkingCalendar()
