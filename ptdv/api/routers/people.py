import datetime
from typing import Annotated

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from ptdv.core import search
from ptdv.people.access import access_candidate, access_person, persons_visible_to
from ptdv.people.selectors import PoolFilters, person_search, pool_candidates
from ptdv.training.models import Enrolment
from ptdv.units.access import access_unit
from ptdv.units.models import subtree_q

from ..errors import ApiError, ErrorOut
from ..pagination import MAX_LIMIT, Page, keyset_list, keyset_page
from ..schemas import Id, In, Limit, PathId

router = Router(tags=["persons and pool"])
SEARCH_LIMIT = 1000  # a search's matches, paged from memory


class PersonOut(Schema):
    id: int
    full_name: str
    sex: str
    birth_date: datetime.date
    citizen_id: str
    occupation: str
    workplace: str
    general_education: str
    youth_union: bool
    trade_union: bool
    unit_id: int


class PersonFilters(In):
    unit: Id | None = None
    q: str = Field(
        "", max_length=200, description="Search by name like the pages (no digits: see POST /persons/search)"
    )
    cursor: str | None = None
    limit: Limit = 50


class CandidateOut(Schema):
    id: int
    person: PersonOut
    unit_id: int
    entered_on: datetime.date
    source: str
    left_on: datetime.date | None
    leave_reason: str
    education_exception: bool = Field(description="Below lower-secondary education, admitted by exception")
    education_exception_reason: str

    @staticmethod
    def resolve_education_exception(obj):
        return bool(obj.education_exception)

    @staticmethod
    def resolve_education_exception_reason(obj):
        return obj.education_exception


class PoolQuery(In):
    unit: Id | None = None
    occupation: str = ""
    youth_union: bool | None = None
    min_age: Annotated[int, Field(ge=0, le=150)] | None = None
    max_age: Annotated[int, Field(ge=0, le=150)] | None = None
    course: str = ""
    min_months_in_pool: Annotated[int, Field(ge=0, le=1200)] | None = None
    cursor: str | None = None
    limit: Limit = 50


class CertificateOut(Schema):
    id: int
    course_id: int
    course_title: str
    course_kind: str
    result: str
    certificate_number: str
    certificate_date: datetime.date | None

    @staticmethod
    def resolve_course_title(obj):
        return obj.course.title

    @staticmethod
    def resolve_course_kind(obj):
        return obj.course.kind


class PersonSearch(In):
    """A search in the body, so that a citizen ID or a phone number stays out of URLs (and their logs)."""

    q: str = Field(..., min_length=1, max_length=200, description="Words of the name, CCCD or phone, as on the pages")
    unit: Id | None = None
    cursor: str | None = None
    limit: Limit = 50


def _persons(user, *, unit_id, q: str, cursor, limit) -> dict:
    unit = access_unit(user, unit_id) if unit_id is not None else None
    order = ("sort_name", "pk")
    if q.strip():  # the pages' search: every word, ignoring case and diacritics, by name, CCCD or phone
        # The first page of a search over the whole scope needs its rows and one more (is there a next page?), not
        # SEARCH_LIMIT: when every word is common the search walks the scope in name order until it has them all
        # (issue 21: 1.1 s for "nguyen van" over a province reading 1,000 rows, for 50 shown).
        first_page = cursor is None and unit is None
        found = person_search(user=user, query=q, limit=min(limit, MAX_LIMIT) + 1 if first_page else SEARCH_LIMIT)
        if unit is not None:
            found = [p for p in found if p.unit.path.startswith(unit.path)]
        return keyset_list(found, order=order, cursor=cursor, limit=limit)
    persons = persons_visible_to(user)
    if unit is not None:
        persons = persons.filter(subtree_q(unit.path, "unit__path"))
    return keyset_page(persons, order=order, cursor=cursor, limit=limit)


@router.get(
    "/persons",
    response=Page[PersonOut],
    tags=["persons and pool"],
    description="`q` searches by name only: numbers (CCCD, phone) in a URL end up in logs, so a `q` with a digit "
    "is refused (422 `identifier_in_url`); search for them with POST /persons/search.",
)
def person_list(request, filters: Query[PersonFilters]):
    if search.has_identifier(filters.q):
        raise ApiError(
            422,
            "identifier_in_url",
            _("Search by citizen ID or phone number with POST /api/v1/persons/search: numbers do not go into URLs."),
        )
    return _persons(request.auth, unit_id=filters.unit, q=filters.q, cursor=filters.cursor, limit=filters.limit)


@router.post(
    "/persons/search",
    response={200: Page[PersonOut], 404: ErrorOut},  # 404: a `unit` outside the user's units
    tags=["persons and pool"],
    summary="Search persons by name, CCCD or phone (words in the body)",
)
def person_search_post(request, data: PersonSearch):
    return _persons(request.auth, unit_id=data.unit, q=data.q, cursor=data.cursor, limit=data.limit)


@router.get("/persons/{int:person_id}", response=PersonOut)
def person_detail(request, person_id: PathId):
    return access_person(request.auth, person_id)


@router.get("/persons/{int:person_id}/certificates", response=list[CertificateOut])
def person_certificates(request, person_id: PathId):
    person = access_person(request.auth, person_id)
    return list(Enrolment.objects.filter(person=person).select_related("course").order_by("course__starts_on", "pk"))


@router.get("/pool", response=Page[CandidateOut], summary="The active candidates, filtered like the pool page")
def pool_list(request, query: Query[PoolQuery]):
    filters = PoolFilters(
        unit=access_unit(request.auth, query.unit) if query.unit is not None else None,
        occupation=query.occupation,
        youth_union=query.youth_union,
        min_age=query.min_age,
        max_age=query.max_age,
        course=query.course if query.course in ("done", "missing") else "",
        min_months_in_pool=query.min_months_in_pool,
    )
    found = pool_candidates(user=request.auth, filters=filters, on=timezone.localdate()).select_related(
        "person", "unit"
    )
    return keyset_page(found, order=("unit__path", "person__sort_name", "pk"), cursor=query.cursor, limit=query.limit)


@router.get("/pool/{int:candidate_id}", response=CandidateOut)
def pool_detail(request, candidate_id: PathId):
    return access_candidate(request.auth, candidate_id)
