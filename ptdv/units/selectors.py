from dataclasses import dataclass
from typing import Protocol

from django.db.models import Count, Expression, Q, Sum, Value
from django.db.models.functions import Substr

from . import rules
from .access import units_visible_to
from .models import Unit


class RollCounter(Protocol):
    """What the tree asks of the roll (the membership app, a layer above, fills it in: roll_counter_register)."""

    def loaded(self) -> Expression:
        """A condition on a Unit query: the unit (OuterRef("pk")) has anyone on its roll, of any status."""

    def members_by_branch(self, path: str, length: int) -> dict[str, int]:
        """Members on the roll now (probationary and full) of the units whose path starts with `path`, grouped by
        the first `length` characters of their unit's path: one query."""


class _NoRoll:
    def loaded(self) -> Expression:
        return Value(False)

    def members_by_branch(self, path: str, length: int) -> dict[str, int]:
        return {}


_roll: RollCounter = _NoRoll()


def roll_counter_register(counter: RollCounter) -> None:
    """The roll tells the tree how to count members (membership.apps); the tree never imports the roll."""
    global _roll
    _roll = counter


@dataclass(frozen=True)
class UnitCounts:
    """What a node of the tree says of its subtree: `units` open below it (itself not counted), `members` on the
    roll (probationary and full, as the roll page and the reports count them) and `declared`, the members declared
    for the open units whose roll is not loaded yet (Unit.member_count; shown apart, marked as declared)."""

    units: int
    members: int
    declared: int = 0


def _declared_sum() -> Sum:
    # A unit's declared count stands only while nobody is on its roll; the cheap test first.
    return Sum("member_count", filter=Q(member_count__gt=0) & ~Q(_roll.loaded()))


def _branch_counts(unit: Unit, length: int) -> dict[str, UnitCounts]:
    """The counts of `unit`'s subtree grouped by the first `length` characters of the paths (the unit's own rows
    group under its own path): one grouped query over the open units (their number, and the declared members of
    those whose roll is not loaded), one over the roll."""
    grouped = (
        Unit.objects.subtree(unit)
        .open_on()
        .annotate(branch=Substr("path", 1, length))
        .values("branch")
        .annotate(units=Count("id"), declared=_declared_sum())
        .order_by()
    )
    members = _roll.members_by_branch(unit.path, length)
    counts = {row["branch"]: (row["units"], row["declared"] or 0) for row in grouped}
    return {
        branch: UnitCounts(units=counts.get(branch, (0, 0))[0], members=members.get(branch, 0),
                           declared=counts.get(branch, (0, 0))[1])
        for branch in {*counts, *members}
    }  # fmt: skip


@dataclass(frozen=True)
class TreeCounts:
    """A unit's figures for its page and for its node of the tree: `total` for its whole subtree (`units` below
    it), `own` for the unit itself (its own roll, or its declared members while that is not loaded), and each
    visible child with the counts of the child's subtree."""

    total: UnitCounts
    own: UnitCounts
    children: list[tuple[Unit, UnitCounts]]


def unit_tree_counts(*, user, unit: Unit, include_closed: bool = False) -> TreeCounts:
    """The counts of `unit`, of itself and of each child the user may see, in three queries whatever the number of
    children: the children, then the units and the roll of the subtree grouped by child (a path prefix)."""
    children = units_visible_to(user).filter(parent=unit)
    if not include_closed:
        children = children.open_on()
    children = list(children.order_by("name"))
    by_branch = _branch_counts(unit, len(unit.path) + rules.PATH_STEP)
    empty = UnitCounts(0, 0)
    own = by_branch.get(unit.path, empty)
    total = UnitCounts(
        units=max(sum(c.units for c in by_branch.values()) - 1, 0),
        members=sum(c.members for c in by_branch.values()),
        declared=sum(c.declared for c in by_branch.values()),
    )
    rows = []
    for child in children:
        counts = by_branch.get(child.path, empty)
        rows.append(
            (child, UnitCounts(units=max(counts.units - 1, 0), members=counts.members, declared=counts.declared))
        )
    return TreeCounts(total=total, own=UnitCounts(units=0, members=own.members, declared=own.declared), children=rows)


def unit_subtree_counts(*, unit: Unit) -> UnitCounts:
    """The counts of `unit`'s subtree, the unit itself included (its `units` are those below it)."""
    by_branch = _branch_counts(unit, len(unit.path))
    counts = by_branch.get(unit.path, UnitCounts(0, 0))
    return UnitCounts(units=max(counts.units - 1, 0), members=counts.members, declared=counts.declared)


def unit_roll_loaded(*, unit: Unit) -> bool:
    """Whether anyone (of any status) is on the unit's own roll: from then on its members are counted, not declared."""
    return Unit.objects.filter(pk=unit.pk).filter(_roll.loaded()).exists()


def unit_children_with_counts(*, user, unit: Unit, include_closed: bool = False) -> list[tuple[Unit, UnitCounts]]:
    """The children of `unit` the user may see, each with the counts of its subtree (unit_tree_counts)."""
    return unit_tree_counts(user=user, unit=unit, include_closed=include_closed).children


def unit_competent_committee(*, unit: Unit) -> Unit | None:
    """The committee that decides admissions for `unit` (rules.competent_committee), in one query."""
    chain = [unit, *reversed(unit.ancestors())]
    return rules.competent_committee(chain)


def unit_search(*, user, query: str, limit: int = 50) -> list[Unit]:
    """Visible units whose code or name contains `query`."""
    query = query.strip()
    if not query:
        return []
    return list(
        units_visible_to(user).filter(Q(code__icontains=query) | Q(name__icontains=query)).order_by("path")[:limit]
    )


def unit_grassroots(*, unit: Unit) -> Unit | None:
    """The grassroots organisation (đảng bộ cơ sở / chi bộ cơ sở) `unit` belongs to, itself included."""
    return rules.grassroots_of([unit, *reversed(unit.ancestors())])
