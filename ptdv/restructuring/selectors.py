"""Reads of the restructuring acts, scoped to the user; admissions of a past period in today's structure."""

import datetime

from django.db.models import Count

from ptdv.reports.models import AdmissionRecord
from ptdv.units.access import units_visible_to
from ptdv.units.models import Unit, subtree_q

from .models import RestructureAct, RestructureItem


def acts_visible_to(user):
    """The acts whose every unit the user may see: an act naming any other unit is not shown at all."""
    visible = units_visible_to(user)
    hidden = RestructureItem.objects.exclude(source__in=visible).values("act_id")
    hidden_successors = (
        RestructureItem.objects.filter(successor__isnull=False).exclude(successor__in=visible).values("act_id")
    )
    return RestructureAct.objects.filter(items__isnull=False).exclude(pk__in=hidden).exclude(
        pk__in=hidden_successors).distinct()  # fmt: skip


def admissions_in_todays_structure(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Admissions decided in [from, to] counted in the tree as it stands today (issue #17): each under the unit that
    now holds its cell, whatever the tree was on the decision date. The report says which view it shows."""
    period = (date_from, date_to)
    records = AdmissionRecord.objects.filter(subtree_q(unit.path, "unit__path"), decision_date__range=period)
    children = list(Unit.objects.filter(parent=unit, valid_to__isnull=True).order_by("path"))
    rows = [
        {
            "code": child.code,
            "name": child.name,
            "admitted": records.filter(subtree_q(child.path, "unit__path")).count(),
        }
        for child in children
    ]
    by_unit = records.values("unit_id").annotate(n=Count("pk"))
    return {
        "view": "today",
        "unit": {"code": unit.code, "name": unit.name},
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "admitted": sum(row["n"] for row in by_unit),
        "units": rows,
    }
