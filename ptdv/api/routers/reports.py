import datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Query, Router

from ptdv.reports.selectors import UnitNotInTree, admissions_report
from ptdv.units.access import access_unit

from ..errors import ApiError
from ..schemas import Id, In

router = Router(tags=["reports"])


class ReportQuery(In):
    unit: Id
    date_from: datetime.date
    date_to: datetime.date


@router.get(
    "/admissions",
    response=dict[str, Any],
    summary="The admissions report of a unit for a period (the JSON of exchange.md)",
)
def report_admissions(request, query: Query[ReportQuery]):
    return unit_period_report(request, query, admissions_report)


def unit_period_report(request, query: ReportQuery, build):
    """A report of one of the user's units for a valid period, over the tree as it stood at the period's end."""
    unit = access_unit(request.auth, query.unit)
    if query.date_to < query.date_from:
        raise ApiError(422, "invalid_period", _("The period ends before it begins."))
    if (query.date_to - query.date_from).days > 366 * 10:
        raise ApiError(422, "invalid_period", _("The period is longer than ten years."))
    try:
        return build(unit=unit, date_from=query.date_from, date_to=query.date_to)
    except UnitNotInTree:
        raise ApiError(
            422, "unit_not_in_tree", _("The unit did not stand in the tree at the end of the period.")
        ) from None


@router.get(
    "/movements",
    response=dict[str, Any],
    summary="Biểu 1, gains and losses of members of a unit's subtree for a period (the JSON of exchange.md)",
)
def report_movements(request, query: Query[ReportQuery]):
    from ptdv.reports.movements import movements_report

    return unit_period_report(request, query, movements_report)
