import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone

from ptdv.membership.models import Membership
from ptdv.units.models import Unit, subtree_q

from .models import Quota


def admitted_in(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> int:
    """Admissions in the unit's subtree by admission decision date (statistics.md), struck-off members included."""
    return Membership.objects.filter(
        subtree_q(unit.path, "unit__path"), decision_date__range=(date_from, date_to)
    ).count()


@dataclass(frozen=True)
class QuotaRow:
    unit: Unit
    quota: int | None
    admitted: int

    @property
    def percent(self) -> float | None:
        return self.admitted / self.quota * 100 if self.quota else None


def quota_table(*, unit: Unit, year: int) -> tuple[QuotaRow, list[QuotaRow], int | None]:
    """The unit's quota and admissions for `year`, each open child's, and the children's quotas' sum (None when none
    is set) — the page warns when it differs from the unit's quota."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    children = list(Unit.objects.filter(parent=unit).open_on(start).order_by("name"))
    quotas = dict(Quota.objects.filter(unit__in=[unit, *children], year=year).values_list("unit_id", "quota"))
    prefix_length = len(unit.path) + 4
    by_branch = {}
    for row in (
        Membership.objects.filter(subtree_q(unit.path, "unit__path"), decision_date__range=(start, end))
        .annotate(branch=Substr("unit__path", 1, prefix_length))
        .values("branch")
        .annotate(n=Count("id"))
    ):
        by_branch[row["branch"]] = row["n"]
    own = QuotaRow(unit, quotas.get(unit.pk), sum(by_branch.values()))
    rows = [QuotaRow(child, quotas.get(child.pk), by_branch.get(child.path, 0)) for child in children]
    set_quotas = [r.quota for r in rows if r.quota is not None]
    return own, rows, (sum(set_quotas) if set_quotas else None)


def term_quota_table(*, unit: Unit, term) -> tuple[QuotaRow, list[QuotaRow], int | None]:
    """Like quota_table, for a whole term: the term quotas and the admissions of the term so far."""
    from ptdv.reports.selectors import UnitNotInTree, period_figures

    from .models import TermQuota

    children = list(Unit.objects.filter(parent=unit).open_on(min(term.ends_on, timezone.localdate())).order_by("name"))
    quotas = dict(TermQuota.objects.filter(unit__in=[unit, *children], term=term).values_list("unit_id", "quota"))
    try:
        figures = period_figures(
            unit=unit, date_from=term.starts_on, date_to=term.ends_on, targets=[child.pk for child in children]
        )
        totals = figures.totals
    except UnitNotInTree:
        totals = {}
    own = QuotaRow(unit, quotas.get(unit.pk), totals.get(unit.pk, 0))
    rows = [QuotaRow(child, quotas.get(child.pk), totals.get(child.pk, 0)) for child in children]
    set_quotas = [r.quota for r in rows if r.quota is not None]
    return own, rows, (sum(set_quotas) if set_quotas else None)


def quota_history(*, unit: Unit, limit: int = 30):
    """The latest quota changes of the unit and its children, with who made them and why (the events' `reason`)."""
    from ptdv.audit.models import Event

    units = Unit.objects.filter(Q(pk=unit.pk) | Q(parent=unit)).values("pk")
    return (
        Event.objects.filter(action__in=["quota.set", "quota.term_set"], unit__in=units)
        .select_related("actor", "unit")
        .order_by("-at", "-id")[:limit]
    )
