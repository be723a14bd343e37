import datetime

from ninja import Query, Router, Schema

from ptdv.training.access import access_course, courses_visible_to

from ..pagination import Page, keyset_page
from ..schemas import In, Limit, PathId
from .people import PersonOut

router = Router(tags=["courses and certificates"])


class CourseOut(Schema):
    id: int
    kind: str
    title: str
    organiser_id: int
    starts_on: datetime.date
    ends_on: datetime.date
    place: str


class CourseFilters(In):
    kind: str = ""
    cursor: str | None = None
    limit: Limit = 50


class EnrolmentOut(Schema):
    id: int
    person: PersonOut
    result: str
    certificate_number: str
    certificate_date: datetime.date | None


class PageQuery(In):
    cursor: str | None = None
    limit: Limit = 50


@router.get("", response=Page[CourseOut])
def course_list(request, filters: Query[CourseFilters]):
    courses = courses_visible_to(request.auth)
    if filters.kind:
        courses = courses.filter(kind=filters.kind)
    return keyset_page(courses, order=("starts_on", "pk"), cursor=filters.cursor, limit=filters.limit)


@router.get("/{int:course_id}", response=CourseOut)
def course_detail(request, course_id: PathId):
    return access_course(request.auth, course_id)


@router.get("/{int:course_id}/enrolments", response=Page[EnrolmentOut], summary="Participants and their certificates")
def course_enrolments(request, course_id: PathId, page: Query[PageQuery]):
    from ptdv.training.selectors import course_participants

    course = access_course(request.auth, course_id)
    enrolments = course_participants(user=request.auth, course=course)
    return keyset_page(enrolments, order=("person__sort_name", "pk"), cursor=page.cursor, limit=page.limit)
