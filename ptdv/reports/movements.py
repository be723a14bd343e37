"""Biểu 1 (roll.md; exchange.md `report movements`): the roll of a unit's subtree at the start and end of a period,
the gains and losses between, the same a year earlier, and each direct child's start and end.

The units counted are fixed for the period: those in the subtree as it stood at the period's end (a unit closed
during the period where it stood on its last day). A member counts at the start or end when their period on the
roll holds that day in one of those units; an event in the period is a gain when it brings a member into them, a
loss when it takes one out (membership.rules.movement_line). Both read the same replayed history, so start + gains
− losses = end holds by construction."""

import datetime
from collections import Counter

from django.db.models import Case, Count, F, Q, Sum, When

from ptdv.membership import rules as roll_rules
from ptdv.membership.counts import counts_on
from ptdv.membership.models import RollEvent
from ptdv.membership.selectors import periods_on
from ptdv.units.history import TreeHistory
from ptdv.units.models import Unit, UnitPlacement, subtree_q

from . import rules
from .selectors import UnitNotInTree, children_on, placement_of

SMALL = 50  # units: up to this many, a report reads its events unit by unit


class Counted(dict):
    """{unit id: the direct child of the report's unit it counts under (None for the unit itself)} for the units
    counted in a period, with the SQL that selects them (a subquery on the placements, not a list of ids)."""

    def __init__(self, mapping, path: str, day: datetime.date, closed: list[int]):
        super().__init__(mapping)
        self.path, self.day, self.closed = path, day, closed

    def q(self, field: str) -> Q:
        placed = UnitPlacement.objects.subtree_on(self.path, self.day).values("unit_id")
        where = Q(**{f"{field}__in": placed})
        if self.closed:
            where |= Q(**{f"{field}__in": self.closed})
        return where


def counted_units(unit: Unit, date_from: datetime.date, date_to: datetime.date) -> Counted:
    """The units counted in the period: the subtree at the period's end, and the units closed during it where they
    stood on their last day; each with the direct child of `unit` it counts under."""
    path = placement_of(unit, date_to)
    if path is None:
        raise UnitNotInTree(unit.code)
    result = {}
    # The units standing under the unit at the end, by their path: the child is the prefix one level below.
    children = {p: u for u, p in UnitPlacement.objects.subtree_on(path, date_to).filter(parent=unit).exclude(
        unit=unit).values_list("unit_id", "path")}  # fmt: skip
    for unit_id, unit_path in UnitPlacement.objects.subtree_on(path, date_to).values_list("unit_id", "path"):
        result[unit_id] = _child_of(unit_path, path, children)
    # Units closed in the period (or the day before it) that stood under the unit on their last day.
    own_paths = set(
        UnitPlacement.objects.filter(unit=unit)
        .overlapping(date_from - datetime.timedelta(days=1), date_to)
        .values_list("path", flat=True)
    )
    under = Q()
    for own in own_paths:
        under |= subtree_q(own)
    closed = (
        UnitPlacement.objects.filter(under)
        .filter(valid_to__gte=date_from - datetime.timedelta(days=1), valid_to__lt=date_to)
        .values_list("unit_id", flat=True)
    )
    candidates = [pk for pk in set(closed) if pk not in result]
    extra = []
    if candidates:
        history = TreeHistory().load_units(candidates)
        pairs = [(pk, history.last_day(pk)) for pk in candidates if history.last_day(pk)]
        for (pk, _day), above in history.ancestors_on(pairs).items():
            if unit.pk in above:
                position = above.index(unit.pk)
                child = above[position + 1] if position + 1 < len(above) else None
                result[pk] = child if child in children.values() else None
                extra.append(pk)
    extra.extend(_predecessors(result, date_from, date_to))
    return Counted(result, path, date_to, extra)


def _predecessors(result: dict, date_from: datetime.date, date_to: datetime.date) -> list[int]:
    """Units merged during the period into a counted unit (a restructuring act, roll.md) are counted with it, under
    the same child: the members the act moves into it are neither gains nor losses (exchange.md)."""
    added, frontier = [], set(result)
    while frontier:
        found = Unit.objects.filter(
            successor_id__in=sorted(frontier),
            valid_to__gte=date_from - datetime.timedelta(days=1),
            valid_to__lt=date_to,
        ).exclude(pk__in=list(result))
        frontier = set()
        for pk, successor in found.values_list("pk", "successor_id"):
            result[pk] = result.get(successor)
            added.append(pk)
            frontier.add(pk)
    return added


def _child_of(unit_path: str, path: str, children: dict[str, int]) -> int | None:
    for child_path, child in children.items():
        if unit_path.startswith(child_path):
            return child
    return None


def _roll_counts(units: Counted, day: datetime.date):
    """Members on the roll of the units at the end of `day`: the totals and each child's count."""
    total = Counter()
    per_child = Counter()
    counted = counts_on(units.q("unit_id"), day)  # the rollups (membership.counts)
    if counted is not None:
        rows = [(unit_id, count, probationary, exempted) for unit_id, (count, probationary, exempted, _away)
                in counted.items()]  # fmt: skip
    else:  # nothing counted yet: the periods
        rows = (
            periods_on(day)
            .filter(units.q("unit_id"))
            .values_list("unit_id")
            .annotate(
                n=Count("pk"),
                probationary=Sum(Case(When(status=roll_rules.PROBATIONARY, then=1), default=0)),
                exempted=Sum(Case(When(exempted=True, then=1), default=0)),
            )
            .order_by()
        )
    for unit_id, n, probationary, exempted in rows:
        if unit_id not in units:
            continue
        total["count"] += n
        total["probationary"] += probationary
        total["exempted"] += exempted
        child = units.get(unit_id)
        if child is not None:
            per_child[child] += n
    return {"count": total["count"], "probationary": total["probationary"], "exempted": total["exempted"]}, per_child


def movements(
    *, unit: Unit, date_from: datetime.date, date_to: datetime.date, units: Counted | None = None, cache=None
) -> dict:
    """start, gains, losses and end of Biểu 1 for the unit's subtree in [from, to] (exchange.md's keys). `cache`
    keeps roll counts by day and units across calls (a year's start is the year before's end)."""
    units = units if units is not None else counted_units(unit, date_from, date_to)
    cache = {} if cache is None else cache

    def counts(day):
        key = (day, tuple(sorted(units)))
        if key not in cache:
            cache[key] = _roll_counts(units, day)
        return cache[key]

    start, start_children = counts(date_from - datetime.timedelta(days=1))
    end, end_children = counts(date_to)
    gains = {code: {"count": 0, "probationary": 0} for code in roll_rules.GAINS}
    losses = {code: {"count": 0, "probationary": 0} for code in roll_rules.LOSSES}
    gains["transferred_in"]["outside"] = 0
    losses["transferred_out"]["outside"] = 0
    # A change that stays in one unit (a status, an exemption, a card) is never a movement: left out in SQL, and
    # the rest counted by kind and units rather than read one by one.
    events = RollEvent.objects.filter(date__range=(date_from, date_to)).filter(
        Q(unit_before__isnull=True) | Q(unit_after__isnull=True) | ~Q(unit_before=F("unit_after"))
    )
    if len(units) <= SMALL:  # a few units: their events through the (unit, date) indexes
        events = events.filter(units.q("unit_before_id") | units.q("unit_after_id"))
    # Otherwise every event of the period, read once by date and sorted here (an OR over two IN lists of thousands
    # of units is ten times slower on SQLite).
    rows = (
        events.values_list("kind", "unit_before_id", "unit_after_id", "status_before", "status_after")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for kind, before, after, status_before, status_after, n in rows.iterator(chunk_size=5000):
        inside_before, inside_after = before in units, after in units
        line = roll_rules.movement_line(kind, inside_before, inside_after)
        if line is None:
            continue
        figures = gains[line] if inside_after else losses[line]
        figures["count"] += n
        status = status_after if inside_after else status_before
        if status == roll_rules.PROBATIONARY:
            figures["probationary"] += n
        if "outside" in figures and (before is None if inside_after else after is None):
            figures["outside"] += n
    return {"start": start, "gains": gains, "losses": losses, "end": end,
            "_children": (start_children, end_children)}  # fmt: skip


def movements_report(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Biểu 1 as exchange.md's JSON object."""
    units = counted_units(unit, date_from, date_to)
    cache = {}
    figures = movements(unit=unit, date_from=date_from, date_to=date_to, units=units, cache=cache)
    start_children, end_children = figures.pop("_children")
    path = placement_of(unit, date_to)
    child_ids = children_on(unit=unit, path=path, day=date_to)
    names = {u.pk: u for u in Unit.objects.filter(pk__in=child_ids)}
    report = {
        "unit": {"code": unit.code, "name": unit.name},
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        **figures,
        "units": [
            {
                "code": names[pk].code,
                "name": names[pk].name,
                "start": start_children.get(pk, 0),
                "end": end_children.get(pk, 0),
            }
            for pk in child_ids
            if pk in names
        ],
    }
    previous_from, previous_to = rules.previous_period(date_from, date_to)
    if placement_of(unit, previous_to) is None:
        report["previous"] = None
    else:
        earlier = movements(unit=unit, date_from=previous_from, date_to=previous_to, cache=cache)
        earlier.pop("_children")
        report["previous"] = {"from": previous_from.isoformat(), "to": previous_to.isoformat(), **earlier}
    return report


def balance(report: dict) -> int:
    """start + Σ gains − Σ losses (equals end.count)."""
    return (
        report["start"]["count"]
        + sum(row["count"] for row in report["gains"].values())
        - sum(row["count"] for row in report["losses"].values())
    )
