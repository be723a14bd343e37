"""Courses: visible to the organiser's subtree and to the units below it that send participants; created and
changed by staff and admins of the organiser's subtree. Participants are seen and enrolled through the persons'
own scope (people/access.py)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from ptdv.accounts.models import Role
from ptdv.units.access import can_edit_unit, can_see_unit
from ptdv.units.models import subtree_q

from .models import Course


def courses_visible_to(user) -> QuerySet[Course]:
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return Course.objects.none()
    path = user.unit.path
    ancestors = [path[:end] for end in range(4, len(path), 4)]
    return Course.objects.filter(subtree_q(path, "organiser__path") | Q(organiser__path__in=ancestors))


# Certificates are issued in the organiser's name and signed for its committee: its staff, administrators and
# committee members (or those of a unit above it) produce them; never a participant's cell.
CERTIFICATE_ROLES = (Role.STAFF, Role.ADMIN, Role.COMMITTEE)


def can_manage_course(user, course: Course) -> bool:
    """Record a course's enrolments' results: staff and administrators of the organiser or a unit above it."""
    return can_edit_unit(user, course.organiser)


def can_issue_certificates(user, course: Course) -> bool:
    """Download the course's certificates (CN-NTVĐ): the organiser or a unit above it, with a role in
    CERTIFICATE_ROLES."""
    return can_see_unit(user, course.organiser) and user.has_role(*CERTIFICATE_ROLES)


def access_course(user, pk, *, for_edit: bool = False) -> Course:
    try:
        course = courses_visible_to(user).select_related("organiser").get(pk=int(pk))
    except (Course.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if for_edit and not can_manage_course(user, course):
        raise PermissionDenied
    return course
