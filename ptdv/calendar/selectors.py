"""Reads of the working calendar. The calendar is the same for every user: nothing to scope."""

import datetime

from .models import SpecialDay, SpecialDayKind
from .rules import WorkingCalendar


def working_calendar() -> WorkingCalendar:
    """The working calendar: the public holidays with the special days recorded in the table.

    One small query each call (a few rows a year), so a change shows at once in every process. A caller that needs
    the calendar many times in one request should call this once and pass the calendar on."""
    days_off, working_days = [], []
    for day, kind in SpecialDay.objects.values_list("day", "kind"):
        (days_off if kind == SpecialDayKind.DAY_OFF else working_days).append(day)
    return WorkingCalendar.of(days_off=days_off, working_days=working_days)


def special_days(*, year: int | None = None) -> list[SpecialDay]:
    """The recorded special days, in date order; those of `year` only when given."""
    rows = SpecialDay.objects.select_related("created_by")
    if year is not None:
        rows = rows.filter(day__gte=datetime.date(year, 1, 1), day__lte=datetime.date(year, 12, 31))
    return list(rows)
