"""Every write to accounts: one transaction, one audit event each. `actor` None is the system (the console
commands, the demo); any other actor is held to rules.py (their subtree, the roles they cover, never their own
account's unit or roles, never superuser or staff status)."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record

from . import rules, signals
from .access import account_of
from .models import Role, User

RECORDED_FIELDS = ["username", "last_name", "first_name", "email", "unit", "is_active"]


def _messages(problems: list[str], *, unit_code: str = "") -> dict[str, list[str]]:
    """The rules' problem codes as messages on the fields they concern."""
    texts = {
        "unknown_role": ("roles", _("Choose roles from the list.")),
        "no_unit": ("unit", _("Choose the account's unit.")),
        # The same words as for a code that does not exist: a unit outside the actor's scope is not revealed.
        "unit_outside": ("unit", _("No unit has the code %(code)s: check the code.") % {"code": unit_code}),
        "role_not_covered": ("roles", _("You may only grant roles your own roles cover.")),
        "admin_not_below": (
            "roles",
            _("The administrator role can only be given to accounts of the units below your own."),
        ),
        "not_manageable": ("__all__", _("You may not change this account.")),
        "superuser": ("__all__", _("Only a superuser may change superuser status.")),
    }
    errors: dict[str, list[str]] = {}
    for code in problems:
        field, text = texts[code]
        errors.setdefault(field, []).append(text)
    return errors


def _roles_of(user: User) -> list[str]:
    return sorted(user.stored_roles())


def _snapshot(user: User, roles: list[str]) -> dict:
    return {
        "username": user.username,
        "last_name": user.last_name,
        "first_name": user.first_name,
        "email": user.email,
        "unit": user.unit_id,
        "is_active": user.is_active,
        "roles": sorted(roles),
    }


def _groups_set(user: User, roles: list[str]) -> None:
    user.groups.set([Group.objects.get_or_create(name=role)[0] for role in sorted(set(roles))])
    user.__dict__.pop("roles", None)
    if user.is_staff != (Role.ADMIN in roles) and not user.is_superuser:
        user.is_staff = Role.ADMIN in roles  # the admin role's mark; the admin site itself checks the role
        user.save(update_fields=["is_staff"])


@transaction.atomic
def user_create(
    *, actor, username: str, password: str, unit, roles: list[str], full_name: str = "", email: str = ""
) -> User:
    """Create an account in `unit` with `roles`."""
    username = (username or "").strip()
    errors: dict[str, list[str]] = {}
    unknown = set(roles) - set(Role.values)
    if unknown:
        errors["roles"] = [_("Unknown role: %(roles)s.") % {"roles": ", ".join(sorted(unknown))}]
    elif actor is not None:
        problems = rules.placement_problems(
            account_of(actor), unit_path=unit.path if unit else None, roles=frozenset(roles)
        )
        errors.update(_messages(problems, unit_code=unit.code if unit else ""))
    if not username:
        errors["username"] = [_("Enter a username.")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("The username %(username)s is taken.") % {"username": username}]
    if errors:
        raise ValidationError(errors)
    family, _sep, given = (full_name or "").strip().rpartition(" ")
    user = User(username=username, unit=unit, email=email, last_name=family, first_name=given)
    user.is_staff = Role.ADMIN in roles
    user.set_password(password)
    user.save()
    _groups_set(user, roles)
    event_record(
        actor=actor,
        action="user.create",
        target=user,
        unit=unit,
        after={"username": username, "unit": unit.pk if unit else None, "roles": sorted(roles)},
    )
    return user


@transaction.atomic
def user_update(
    *,
    actor,
    user: User,
    unit,
    roles: list[str],
    first_name: str,
    last_name: str,
    email: str,
    is_active: bool,
) -> User:
    """Change an account's names, email, unit, roles and whether it may log in; one `user.update` event with what
    changed. Deactivating also revokes the account's API tokens and calendar links."""
    user = User.objects.select_for_update(of=("self",)).select_related("unit").get(pk=user.pk)
    before_roles = _roles_of(user)
    roles = sorted(set(roles))
    if actor is not None:
        proposed = rules.Account(
            pk=user.pk,
            unit_path=unit.path if unit else None,
            roles=frozenset(roles),
            is_superuser=user.is_superuser,
            is_active=is_active,
        )
        problems = rules.change_problems(account_of(actor), account_of(user), proposed)
        if problems:
            raise ValidationError(_messages(problems, unit_code=unit.code if unit else ""))
    elif set(roles) - set(Role.values):
        raise ValidationError(_messages(["unknown_role"]))
    before = _snapshot(user, before_roles)
    user.unit, user.first_name, user.last_name = unit, first_name.strip(), last_name.strip()
    user.email, user.is_active = email.strip(), is_active
    user.save(update_fields=["unit", "first_name", "last_name", "email", "is_active"])
    if roles != before_roles:
        _groups_set(user, roles)
    after = _snapshot(user, roles)
    if after != before:
        event_record(actor=actor, action="user.update", target=user, unit=unit, before=before, after=after)
    if before["is_active"] and not is_active:
        signals.credentials_revoke(actor=actor, user=user)
    return user


@transaction.atomic
def user_set_roles(*, actor, user: User, roles: list[str]) -> User:
    """Change only the roles (kept for the callers that have nothing else to change)."""
    return user_update(
        actor=actor,
        user=user,
        unit=user.unit,
        roles=roles,
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
        is_active=user.is_active,
    )


@transaction.atomic
def user_change_password(*, actor, user: User, password: str, revoke_access: bool = True) -> User:
    """Set a new password (already validated by the form); the event never holds the password. By the user
    themselves, or by an administrator who manages the account or the unit's staff who may reset it
    (rules.may_reset_password); then the user's API tokens and calendar links are always revoked: a password is
    set by someone else when it was forgotten or the account may have been taken."""
    if actor is not None and actor.pk != user.pk:
        if not rules.may_reset_password(account_of(actor), account_of(user)):
            raise ValidationError(_messages(["not_manageable"]))
        revoke_access = True
    user.set_password(password)
    setattr(user, signals.RECORDED_FLAG, True)
    try:
        user.save(update_fields=["password"])
    finally:
        delattr(user, signals.RECORDED_FLAG)
    event_record(
        actor=actor,
        action="user.change_password",
        target=user,
        unit=user.unit if user.unit_id else None,
        after={"access_revoked": revoke_access},
    )
    if revoke_access:
        signals.credentials_revoke(actor=actor, user=user)
    return user
