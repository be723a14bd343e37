"""Who may see and edit which units. Every selector and view goes through these helpers.

A grant holds for the user's unit and its whole subtree (design.md, "Access")."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from . import rules
from .models import Unit, UnitQuerySet

# accounts.Role.STAFF and ADMIN, by value: accounts sits above units (tests/test_rules.py checks they agree)
EDIT_ROLES = ("staff", "admin")


def units_visible_to(user) -> UnitQuerySet:
    """The units this user may see: their unit's subtree; nothing for an account without a unit."""
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return Unit.objects.none()
    return Unit.objects.subtree(user.unit)


def units_editable_by(user) -> UnitQuerySet:
    """The units this user may edit: their unit's subtree, for the staff and admin roles."""
    if not user.is_authenticated or not user.has_role(*EDIT_ROLES):
        return Unit.objects.none()
    return units_visible_to(user)


def can_see_unit(user, unit: Unit) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.unit_id is not None
        and rules.is_in_subtree(unit.path, user.unit.path)
    )


def can_edit_unit(user, unit: Unit) -> bool:
    return can_see_unit(user, unit) and user.has_role(*EDIT_ROLES)


def can_restructure_unit(user, unit: Unit) -> bool:
    """Closing or moving a unit: only strictly below the user's own unit, so nobody cuts off their own scope."""
    return can_edit_unit(user, unit) and unit.pk != user.unit_id


def access_unit(user, pk, *, for_edit: bool = False) -> Unit:
    """Fetch a unit and check the user's right to it in one step.

    Outside the user's subtree: 404, so that nothing tells whether the unit exists. Visible but not editable
    when an edit is asked: 403."""
    try:
        unit = Unit.objects.select_related("parent", "successor").get(pk=int(pk))
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_see_unit(user, unit):
        raise Http404
    if for_edit and not can_edit_unit(user, unit):
        raise PermissionDenied
    return unit
