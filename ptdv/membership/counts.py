"""The roll's counts kept as rollups, so that the roll of any unit on any date and Biểu 1 read a few thousand rows
for a province of 300,000 members rather than every period of its members (benchmarks/roll_history.py).

RollCount holds, for each counted day (RollCountDay: the last day of each year from the roll's first period to the
current year), the members on the roll of each cell at the end of that day, by status, exempted and away on a
temporary stay. The roll of a set of units on a day D is the counts of the counted day S nearest to D, plus the
periods that began in (S, D] less those that ended in [S, D) (or the reverse when S is after D): both read from the
periods' (unit, date) indexes.

Kept in the transaction of every change of the periods: membership.history.history_rebuild adds, to each counted
day, the difference between the members' periods before and after. `ptdv rebuild_rollups` recomputes them from the
periods; a property test compares them with a count from the periods over random histories."""

import bisect
import datetime
from collections import Counter
from collections.abc import Iterable

from django.db import connection
from django.db.models import Case, F, Min, Q, Sum, Value, When
from django.utils import timezone

from .models import MembershipStatus, RollCount, RollCountDay, RollPeriod

# (unit id, status, exempted, away on a temporary stay)
Key = tuple[int, str, bool, bool]
# A period as history_rebuild compares them: (unit id, status, exempted, away id, away outside, from, to)
PERIOD_FIELDS = ("unit_id", "status", "exempted", "away_id", "away_outside", "valid_from", "valid_to")
CHUNK = 500


def _key(unit_id, status, exempted, away_id, away_outside) -> Key:
    return (unit_id, status, bool(exempted), away_id is not None or bool(away_outside))


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def counted_days() -> list[datetime.date]:
    return list(RollCountDay.objects.order_by("day").values_list("day", flat=True))


def _count_days(days: list[datetime.date]) -> None:
    """Count every period holding at the end of each of `days` (sorted) into RollCount, in one pass over the
    periods, and mark the days counted."""
    counts = Counter()
    periods = RollPeriod.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=days[0]), valid_from__lte=days[-1])
    for unit, status, exempted, away, outside, valid_from, valid_to in periods.values_list(*PERIOD_FIELDS).iterator(
        chunk_size=10_000
    ):
        key = _key(unit, status, exempted, away, outside)
        first = bisect.bisect_left(days, valid_from)
        last = len(days) if valid_to is None else bisect.bisect_right(days, valid_to)
        for day in days[first:last]:
            counts[(day, *key)] += 1
    RollCount.objects.bulk_create(
        (RollCount(day=day, unit_id=unit, status=status, exempted=exempted, away=away, n=n)
         for (day, unit, status, exempted, away), n in counts.items()),
        batch_size=5000,
    )  # fmt: skip
    RollCountDay.objects.bulk_create(RollCountDay(day=day) for day in days)


def days_ensure(earliest: datetime.date | None) -> list[datetime.date]:
    """Count the last days of the years from `earliest`'s (or, while nothing is counted, the roll's first period's)
    to the current year that are not counted yet, from the periods as they stand; returns every counted day. Once a
    year (the first change of the periods in a new year) this counts the new year's last day."""
    days = counted_days()
    if not days:
        first = RollPeriod.objects.aggregate(first=Min("valid_from"))["first"]
        earliest = min(day for day in (earliest, first) if day) if (earliest or first) else None
    if earliest is None:
        return days
    wanted = {year_end(year) for year in range(earliest.year, timezone.localdate().year + 1)}
    missing = sorted(wanted.difference(days))
    if missing:
        _count_days(missing)
    return sorted({*days, *missing})


def counts_change(old: Iterable[tuple], new: Iterable[tuple], days: list[datetime.date]) -> None:
    """Add to each counted day what the change of periods `old` → `new` (PERIOD_FIELDS tuples) makes to it."""
    deltas = Counter()
    for sign, periods in ((-1, old), (1, new)):
        for unit, status, exempted, away, outside, valid_from, valid_to in periods:
            key = _key(unit, status, exempted, away, outside)
            first = bisect.bisect_left(days, valid_from)
            last = len(days) if valid_to is None else bisect.bisect_right(days, valid_to)
            for day in days[first:last]:
                deltas[(day, *key)] += sign
    rows = [(day, unit, status, exempted, away, n) for (day, unit, status, exempted, away), n in deltas.items() if n]
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(RollCount._meta.db_table)
    day_c, unit_c, status_c, exempted_c, away_c, n_c = (
        quote(name) for name in ("day", "unit_id", "status", "exempted", "away", "n")
    )
    # INSERT … ON CONFLICT adds to the stored count, so concurrent changes never lose one (SQLite and PostgreSQL).
    sql = (
        f"INSERT INTO {table} ({day_c}, {unit_c}, {status_c}, {exempted_c}, {away_c}, {n_c}) "  # noqa: S608  names from the model, values as parameters  # nosec B608
        "VALUES (%s, %s, %s, %s, %s, %s) "
        f"ON CONFLICT ({day_c}, {unit_c}, {status_c}, {exempted_c}, {away_c}) "
        f"DO UPDATE SET {n_c} = {table}.{n_c} + excluded.{n_c}"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[start : start + 2000])
    emptied = sorted({row[1] for row in rows if row[5] < 0})
    for start in range(0, len(emptied), CHUNK):
        RollCount.objects.filter(unit_id__in=emptied[start : start + CHUNK], n__lte=0).delete()


def rebuild() -> int:
    """Recount every counted day from the periods (after a bulk load, or to check them). Returns the rows."""
    RollCount.objects.all().delete()
    RollCountDay.objects.all().delete()
    days_ensure(None)
    return RollCount.objects.count()


FIGURES = ("count", "probationary", "exempted", "away")


def _figures(rows, group: bool, counted, away: Q) -> dict:
    """{unit id (or None): [count, probationary, exempted, away]} of `rows`, summed in SQL (`counted`: what one
    row counts for)."""
    sums = {
        "count": Sum(counted),
        "probationary": Sum(Case(When(status=MembershipStatus.PROBATIONARY, then=counted), default=0)),
        "exempted": Sum(Case(When(exempted=True, then=counted), default=0)),
        "away": Sum(Case(When(away, then=counted), default=0)),
    }
    if not group:
        figures = rows.aggregate(**sums)
        return {None: [figures[name] or 0 for name in FIGURES]}
    return {unit: list(values) for unit, *values in rows.values_list("unit_id").annotate(**sums).order_by()}


def counts_on(units: Q, day: datetime.date, *, by_unit: bool = True) -> dict | None:
    """{unit id: [members, probationary, exempted, away on a temporary stay]} on the roll, at the end of `day`, of
    the units `units` selects (a Q on `unit_id`); one total under None unless `by_unit`. From the counted day
    nearest to `day`, and the periods that began or ended between the two. None when no day is counted (the caller
    counts the periods)."""
    days = counted_days()
    if not days:
        return None
    nearest = min(days, key=lambda counted: abs((counted - day).days))
    result = _figures(RollCount.objects.filter(units, day=nearest), by_unit, F("n"), Q(away=True))
    if nearest != day:
        low, high = sorted((nearest, day))
        sign = 1 if nearest < day else -1  # the periods that began after `low` are on the roll at `high`
        began = RollPeriod.objects.filter(units, valid_from__gt=low, valid_from__lte=high)
        ended = RollPeriod.objects.filter(units, valid_to__gte=low, valid_to__lt=high)
        away = Q(away__isnull=False) | Q(away_outside=True)
        for periods, change in ((began, sign), (ended, -sign)):
            for unit, values in _figures(periods, by_unit, Value(1), away).items():
                figures = result.setdefault(unit, [0, 0, 0, 0])
                for index, value in enumerate(values):
                    figures[index] += change * (value or 0)
    return {unit: figures for unit, figures in result.items() if any(figures)}
