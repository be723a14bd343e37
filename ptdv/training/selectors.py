import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from ptdv.people.access import persons_visible_to
from ptdv.people.models import Candidate
from ptdv.units.models import Unit, subtree_q

from .access import courses_visible_to
from .models import Course, CourseKind, Enrolment, EnrolmentResult


def course_list(*, user, kind: str = "") -> QuerySet[Course]:
    courses = courses_visible_to(user).select_related("organiser").annotate(participants=Count("enrolments"))
    if kind:
        courses = courses.filter(kind=kind)
    return courses.order_by("-starts_on", "-pk")


def course_participants(*, user, course: Course) -> QuerySet[Enrolment]:
    """The participants the user may see (a cell secretary sees their own people in a bloc's course)."""
    visible = persons_visible_to(user).values("pk")
    return course.enrolments.filter(person__in=visible).select_related("person", "person__unit")


def enrolment_candidates(*, user, course: Course) -> QuerySet[Candidate]:
    """Active pool candidates the user may see, below the organiser, not yet in the course."""
    return (
        Candidate.objects.filter(left_on__isnull=True, person__in=persons_visible_to(user).values("pk"))
        .filter(subtree_q(course.organiser.path, "unit__path"))
        .exclude(person__enrolments__course=course)
        .select_related("person", "unit")
        .order_by("unit__path", "person__sort_name", "pk")
    )


def courses_for_person(*, user, person) -> QuerySet[Course]:
    """The courses the user sees that a person may join: organised by the person's unit or a unit above it, not
    yet followed by the person; the newest first."""
    path = person.unit.path
    above = [path[:end] for end in range(4, len(path) + 1, 4)]
    return (
        courses_visible_to(user)
        .filter(organiser__path__in=above)
        .exclude(enrolments__person=person)
        .select_related("organiser")
        .order_by("-starts_on", "-pk")
    )


@dataclass(frozen=True)
class CourseStatistics:
    kind: str
    courses: int
    participants: int
    passed: int


def course_statistics(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> list[CourseStatistics]:
    """Courses organised in `unit`'s subtree that ended in the period, with participants and passes per kind:
    "12 lớp bồi dưỡng nhận thức về Đảng với 655 quần chúng". The caller checks the user may see `unit`."""
    courses = Course.objects.filter(subtree_q(unit.path, "organiser__path"), ends_on__range=(date_from, date_to))
    result = []
    for kind in CourseKind.values:
        of_kind = courses.filter(kind=kind)
        totals = Enrolment.objects.filter(course__in=of_kind).aggregate(
            participants=Count("pk"), passed=Count("pk", filter=Q(result=EnrolmentResult.PASSED))
        )
        result.append(CourseStatistics(kind, of_kind.count(), totals["participants"], totals["passed"]))
    return result
