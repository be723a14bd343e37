import datetime
from dataclasses import dataclass

from django.db.models import Q

from ptdv.units.models import Unit

from .counting import admitted_with_children
from .models import Quota


@dataclass(frozen=True)
class QuotaRow:
    unit: Unit
    quota: int | None
    admitted: int

    @property
    def percent(self) -> float | None:
        return self.admitted / self.quota * 100 if self.quota else None


def _table(unit: Unit, quotas_of, date_from: datetime.date, date_to: datetime.date):
    # One definition of "admitted" for the yearly page, the term page and the reports (statistics.md): the reports'
    # count from the admission records and rollups, over the tree as it stood at the period's end.
    admitted = admitted_with_children(unit=unit, date_from=date_from, date_to=date_to)
    quotas = quotas_of([unit.pk, *(child.pk for child, _count in admitted.children)])
    own = QuotaRow(unit, quotas.get(unit.pk), admitted.admitted)
    rows = [QuotaRow(child, quotas.get(child.pk), count) for child, count in admitted.children]
    set_quotas = [r.quota for r in rows if r.quota is not None]
    return own, rows, (sum(set_quotas) if set_quotas else None)


def quota_table(*, unit: Unit, year: int) -> tuple[QuotaRow, list[QuotaRow], int | None]:
    """The unit's quota and admissions for `year`, each child's (as the tree stands at the year's end), and the
    children's quotas' sum (None when none is set) — the page warns when it differs from the unit's quota."""

    def quotas_of(ids):
        return dict(Quota.objects.filter(unit__in=ids, year=year).values_list("unit_id", "quota"))

    return _table(unit, quotas_of, datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def term_quota_table(*, unit: Unit, term) -> tuple[QuotaRow, list[QuotaRow], int | None]:
    """Like quota_table, for a whole term: the term quotas and the admissions of the term so far."""
    from .models import TermQuota

    def quotas_of(ids):
        return dict(TermQuota.objects.filter(unit__in=ids, term=term).values_list("unit_id", "quota"))

    return _table(unit, quotas_of, term.starts_on, term.ends_on)


def quota_history(*, unit: Unit, limit: int = 30):
    """The latest quota changes of the unit and its children, with who made them and why (the events' `reason`)."""
    from ptdv.audit.models import Event

    units = Unit.objects.filter(Q(pk=unit.pk) | Q(parent=unit)).values("pk")
    return (
        Event.objects.filter(action__in=["quota.set", "quota.term_set"], unit__in=units)
        .select_related("actor", "unit")
        .order_by("-at", "-id")[:limit]
    )
