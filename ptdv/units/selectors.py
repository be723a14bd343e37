from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from . import rules
from .access import units_visible_to
from .models import Unit


@dataclass(frozen=True)
class UnitCounts:
    units: int  # open units below, the unit itself not counted
    members: int  # members of the unit and every open unit below it


def unit_subtree_counts(*, unit: Unit) -> UnitCounts:
    totals = Unit.objects.subtree(unit).open_on().aggregate(units=Count("id"), members=Sum("member_count"))
    return UnitCounts(units=max(totals["units"] - 1, 0), members=totals["members"] or 0)


def unit_children_with_counts(*, user, unit: Unit, include_closed: bool = False) -> list[tuple[Unit, UnitCounts]]:
    """The children of `unit` the user may see, each with the counts of its subtree, in two queries.

    One grouped query over the subtree counts every child's descendants at once (the group key is the
    child's path prefix), so the page costs the same whatever the number of children."""
    children = units_visible_to(user).filter(parent=unit)
    if not include_closed:
        children = children.open_on()
    children = list(children.order_by("name"))
    if not children:
        return []
    prefix_length = len(unit.path) + rules.PATH_STEP
    grouped = (
        Unit.objects.descendants(unit)
        .open_on()
        .annotate(branch=Substr("path", 1, prefix_length))
        .values("branch")
        .annotate(units=Count("id"), members=Sum("member_count"))
    )
    by_branch = {row["branch"]: row for row in grouped}
    result = []
    for child in children:
        row = by_branch.get(child.path)
        counts = UnitCounts(units=row["units"] - 1, members=row["members"] or 0) if row else UnitCounts(0, 0)
        result.append((child, counts))
    return result


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
