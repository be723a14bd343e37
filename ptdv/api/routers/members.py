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


@router.get("/quotas", response=Page[QuotaOut], tags=["quotas"])
def quota_list(request, filters: Query[QuotaFilters]):
    quotas = Quota.objects.filter(unit__in=units_visible_to(request.auth)).select_related("unit")
    if filters.unit is not None:
        quotas = quotas.filter(unit=access_unit(request.auth, filters.unit))
    if filters.year is not None:
        quotas = quotas.filter(year=filters.year)
    return keyset_page(quotas, order=("year", "unit__path", "pk"), cursor=filters.cursor, limit=filters.limit)
