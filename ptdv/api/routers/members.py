import datetime
from typing import Annotated

from django.http import Http404
from ninja import Field, Query, Router, Schema

from ptdv.membership.models import Membership
from ptdv.quotas.models import Quota
from ptdv.units.access import access_unit, units_visible_to
from ptdv.units.models import subtree_q

from ..pagination import Page, keyset_page
from ..schemas import Id, In, Limit, PathId

router = Router()


class MemberOut(Schema):
    id: int
    person_id: int
    full_name: str
    unit_id: int
    status: str
    decision_date: datetime.date
    decision_number: str
    ceremony_date: datetime.date | None
    full_member_date: datetime.date | None
    probation_ends_on: datetime.date | None  # a probationary member's: 12 months after the ceremony
    readmitted: bool
    card_number: str

    @staticmethod
    def resolve_full_name(obj):
        return obj.person.full_name


class MemberFilters(In):
    unit: Id | None = None
    status: str = ""
    cursor: str | None = None
    limit: Limit = 50


class QuotaOut(Schema):
    id: int
    unit_id: int
    unit_code: str
    year: int
    quota: int

    @staticmethod
    def resolve_unit_code(obj):
        return obj.unit.code


class QuotaFilters(In):
    unit: Id | None = None
    year: Annotated[int, Field(ge=1900, le=2200)] | None = None
    cursor: str | None = None
    limit: Limit = 50


def members_visible_to(user):
    user_unit = getattr(user, "unit", None)
    if user_unit is None:
        return Membership.objects.none()
    return Membership.objects.filter(subtree_q(user_unit.path, "unit__path")).select_related("person", "unit")


@router.get("/members", response=Page[MemberOut], tags=["members"])
def member_list(request, filters: Query[MemberFilters]):
    members = members_visible_to(request.auth)
    if filters.unit is not None:
        members = members.filter(subtree_q(access_unit(request.auth, filters.unit).path, "unit__path"))
    if filters.status:
        members = members.filter(status=filters.status)
    return keyset_page(members, order=("person__sort_name", "pk"), cursor=filters.cursor, limit=filters.limit)


@router.get("/members/{int:member_id}", response=MemberOut, tags=["members"])
def member_detail(request, member_id: PathId):
    found = members_visible_to(request.auth).filter(pk=member_id).first()
    if found is None:
        raise Http404
    return found


class RollEventOut(Schema):
    id: int
    kind: str
    date: datetime.date
    unit_before_id: int | None
    unit_after_id: int | None
    status_after: str
    other_place: str
    document_number: str
    document_date: datetime.date | None
    document_unit_id: int | None
    note: str


class TransferOut(Schema):
    id: int
    kind: str
    state: str
    origin_id: int
    destination_id: int | None
    other_place: str
    reason: str
    letter_number: str
    letter_date: datetime.date
    received_on: datetime.date | None
    cell_id: int | None


class MemberHistoryOut(Schema):
    member: MemberOut
    events: list[RollEventOut]
    transfers: list[TransferOut]


@router.get("/members/{int:member_id}/history", response=MemberHistoryOut, tags=["members"])
def member_history(request, member_id: PathId):
    """Every dated event of the member's roll history (admission, transfers, exits, exemptions), with its document."""
    found = members_visible_to(request.auth).filter(pk=member_id).first()
    if found is None:
        raise Http404
    return {"member": found, "events": list(found.events.all()), "transfers": list(found.transfers.all())}


class RollQuery(In):
    unit: Id
    date: datetime.date


class RollOut(Schema):
    unit_id: int
    date: datetime.date
    count: int
    probationary: int
    full: int
    exempted: int
    away: int
    guests: int
    members: list[int]


@router.get("/roll", response=RollOut, tags=["members"])
def roll_at(request, query: Query[RollQuery]):
    """The roll of a unit (its subtree as the tree stood that day) at the end of a date: the counts of roll.md and
    the ids of the members counted."""
    from ptdv.membership.selectors import roll_members_on, roll_on

    unit = access_unit(request.auth, query.unit)
    counts = roll_on(unit=unit, day=query.date)
    members = list(roll_members_on(unit=unit, day=query.date).values_list("membership_id", flat=True)[:100_000])
    return {"unit_id": unit.pk, "date": query.date, **counts, "members": members}


@router.get("/quotas", response=Page[QuotaOut], tags=["quotas"])
def quota_list(request, filters: Query[QuotaFilters]):
    quotas = Quota.objects.filter(unit__in=units_visible_to(request.auth)).select_related("unit")
    if filters.unit is not None:
        quotas = quotas.filter(unit=access_unit(request.auth, filters.unit))
    if filters.year is not None:
        quotas = quotas.filter(year=filters.year)
    return keyset_page(quotas, order=("year", "unit__path", "pk"), cursor=filters.cursor, limit=filters.limit)
