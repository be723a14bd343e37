import datetime

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from ninja import Field, Query, Router, Schema

from ptdv.membership.models import Membership, MembershipStatus
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
    member_count: int = Field(description="Members the unit declared for itself: stands only while its roll is empty")
    members_on_roll: int = Field(
        description="Probationary and full members on the unit's own roll (its sub-units apart)"
    )

    @staticmethod
    def resolve_members_on_roll(obj):
        counted = getattr(obj, "members_on_roll", None)
        return counted if counted is not None else _on_roll(Unit.objects.filter(pk=obj.pk)).get().members_on_roll


class UnitFilters(In):
    q: str = ""
    unit_type: str = ""
    include_closed: bool = False
    cursor: str | None = None
    limit: Limit = 50


def _on_roll(units):
    """Each unit with the members on its own roll, counted in the same query (the tree counts them so too)."""
    current = Membership.objects.filter(
        unit=OuterRef("pk"), status__in=[MembershipStatus.PROBATIONARY, MembershipStatus.FULL]
    )
    counted = current.order_by().values("unit").annotate(n=Count("pk")).values("n")
    return units.annotate(members_on_roll=Coalesce(Subquery(counted), 0))


def _list(units, filters: UnitFilters):
    if filters.q.strip():
        units = units.filter(Q(code__icontains=filters.q.strip()) | Q(name__icontains=filters.q.strip()))
    if filters.unit_type:
        units = units.filter(unit_type=filters.unit_type)
    if not filters.include_closed:
        units = units.filter(valid_to__isnull=True)
    return keyset_page(_on_roll(units), order=("path", "pk"), cursor=filters.cursor, limit=filters.limit)


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
