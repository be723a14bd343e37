import datetime

from django.db.models import Q
from ninja import Query, Router, Schema

from ptdv.units.access import access_unit, units_visible_to
from ptdv.units.models import Unit

from ..pagination import Page, keyset_page
from ..schemas import In, Limit, PathId

router = Router(tags=["units"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    unit_type: str
    sector: str
    may_admit: bool
    parent_id: int | None
    depth: int
    valid_from: datetime.date
    valid_to: datetime.date | None
    member_count: int


class UnitFilters(In):
    q: str = ""
    unit_type: str = ""
    include_closed: bool = False
    cursor: str | None = None
    limit: Limit = 50


def _list(units, filters: UnitFilters):
    if filters.q.strip():
        units = units.filter(Q(code__icontains=filters.q.strip()) | Q(name__icontains=filters.q.strip()))
    if filters.unit_type:
        units = units.filter(unit_type=filters.unit_type)
    if not filters.include_closed:
        units = units.filter(valid_to__isnull=True)
    return keyset_page(units, order=("path", "pk"), cursor=filters.cursor, limit=filters.limit)


@router.get("", response=Page[UnitOut], summary="The user's tree: every unit the user may see, in tree order")
def unit_list(request, filters: Query[UnitFilters]):
    return _list(units_visible_to(request.auth), filters)


@router.get("/{int:unit_id}", response=UnitOut)
def unit_detail(request, unit_id: PathId):
    return access_unit(request.auth, unit_id)


@router.get("/{int:unit_id}/subtree", response=Page[UnitOut], summary="A unit and every unit below it, in tree order")
def unit_subtree(request, unit_id: PathId, filters: Query[UnitFilters]):
    unit = access_unit(request.auth, unit_id)
    return _list(Unit.objects.subtree(unit), filters)
