"""Which accounts a user may see and manage: rules.py applied to users (the account pages and the admin site)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from ptdv.units.models import subtree_q

from . import rules
from .models import Role, User


def account_of(user) -> rules.Account:
    """The rules' view of a user: its roles as they are stored, even while disabled (a disabled administrator stays
    an administrator for the rules, so a peer cannot enable and take over the account)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return rules.Account(pk=None, unit_path=None, roles=frozenset(), is_active=False)
    unit = user.unit if user.unit_id else None
    return rules.Account(
        pk=user.pk,
        unit_path=unit.path if unit else None,
        roles=user.stored_roles(),
        is_superuser=user.is_superuser,
        is_active=user.is_active,
    )


def can_manage_accounts(user) -> bool:
    """Does the user manage accounts at all (the account pages)?"""
    return bool(
        user.is_authenticated and user.is_active and (user.is_superuser or (user.unit_id and user.has_role(Role.ADMIN)))
    )


def can_reset_passwords(user) -> bool:
    """Does the user reset passwords (the account pages): administrators, and the units' staff (rules.py)."""
    return can_manage_accounts(user) or bool(
        user.is_authenticated and user.is_active and user.unit_id and user.has_role(Role.STAFF)
    )


def accounts_visible_to(user) -> QuerySet[User]:
    """The accounts `user` may see: everything for a superuser; an administrator's subtree without superusers; for
    the unit's staff, the same subtree (to reset passwords: rules.may_see_for_reset)."""
    if not can_reset_passwords(user):
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    return User.objects.filter(subtree_q(user.unit.path, "unit__path"), Q(is_superuser=False))


def can_manage_account(user, target: User) -> bool:
    return rules.may_manage_account(account_of(user), account_of(target))


def can_reset_password(user, target: User) -> bool:
    return rules.may_reset_password(account_of(user), account_of(target))


def access_account(user, pk, *, for_edit: bool = False, for_reset: bool = False) -> User:
    """Fetch an account and check the user's right to it in one step: 404 outside what the user may see, 403 for
    a change the user may not make (their own account, a peer administrator)."""
    try:
        target = accounts_visible_to(user).select_related("unit").get(pk=int(pk))
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if for_edit and not can_manage_account(user, target):
        raise PermissionDenied
    if for_reset and not can_reset_password(user, target):
        raise PermissionDenied
    return target
