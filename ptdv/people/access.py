"""Who may see and change persons and pool entries: the units of their record, as for units (units/access.py)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from ptdv.accounts.models import Role
from ptdv.units import rules as unit_rules
from ptdv.units.models import subtree_q

from .models import Candidate, Person

PEOPLE_EDIT_ROLES = (Role.CELL_SECRETARY, Role.STAFF, Role.ADMIN)


def _has_scope(user) -> bool:
    return user.is_authenticated and user.is_active and user.unit_id is not None


def persons_visible_to(user) -> QuerySet[Person]:
    if not _has_scope(user):
        return Person.objects.none()
    return Person.objects.filter(subtree_q(user.unit.path, "unit__path"))


def candidates_visible_to(user) -> QuerySet[Candidate]:
    if not _has_scope(user):
        return Candidate.objects.none()
    return Candidate.objects.filter(subtree_q(user.unit.path, "unit__path"))


def can_see_person(user, person: Person) -> bool:
    """May the user see `person` (their record's unit is in the user's subtree)? As persons_visible_to, for one."""
    return _has_scope(user) and unit_rules.is_in_subtree(person.unit.path, user.unit.path)


def can_edit_in_unit(user, unit) -> bool:
    """May the user add or change persons, pool entries and enrolments in `unit`?"""
    return (
        _has_scope(user) and user.has_role(*PEOPLE_EDIT_ROLES) and unit_rules.is_in_subtree(unit.path, user.unit.path)
    )


def access_person(user, pk, *, for_edit: bool = False) -> Person:
    """Fetch a person the user may see (else 404) and, for an edit, may change (else 403)."""
    try:
        person = persons_visible_to(user).select_related("unit").get(pk=int(pk))
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if for_edit and not can_edit_in_unit(user, person.unit):
        raise PermissionDenied
    return person


def access_candidate(user, pk, *, for_edit: bool = False) -> Candidate:
    try:
        candidate = candidates_visible_to(user).select_related("person", "unit").get(pk=int(pk))
    except (Candidate.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if for_edit and not can_edit_in_unit(user, candidate.unit):
        raise PermissionDenied
    return candidate
