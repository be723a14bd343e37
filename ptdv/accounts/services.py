from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record

from .models import Role, User


@transaction.atomic
def user_create(
    *, actor, username: str, password: str, unit, roles: list[str], full_name: str = "", email: str = ""
) -> User:
    """Create an account in `unit` with `roles`; the `admin` role also opens Django's admin site."""
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError({"roles": _("Unknown role: %(roles)s.") % {"roles": ", ".join(sorted(unknown))}})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("The username %(username)s is taken.") % {"username": username}})
    family, _sep, given = full_name.rpartition(" ")
    user = User(username=username, unit=unit, email=email, last_name=family, first_name=given)
    user.is_staff = Role.ADMIN in roles
    user.set_password(password)
    user.save()
    user_set_roles(actor=actor, user=user, roles=roles, _record=False)
    event_record(
        actor=actor,
        action="user.create",
        target=user,
        unit=unit,
        after={"username": username, "unit": unit.pk if unit else None, "roles": sorted(roles)},
    )
    return user


@transaction.atomic
def user_set_roles(*, actor, user: User, roles: list[str], _record: bool = True) -> User:
    before = sorted(user.roles) if user.pk else []
    groups = [Group.objects.get_or_create(name=role)[0] for role in roles]
    user.groups.set(groups)
    user.__dict__.pop("roles", None)
    if user.is_staff != (Role.ADMIN in roles):
        user.is_staff = Role.ADMIN in roles
        user.save(update_fields=["is_staff"])
    if _record:
        event_record(
            actor=actor,
            action="user.set_roles",
            target=user,
            unit=user.unit,
            before={"roles": before},
            after={"roles": sorted(roles)},
        )
    return user


@transaction.atomic
def user_change_password(*, actor, user: User, password: str) -> User:
    """Set a new password (already validated by the form); the event never holds the password."""
    user.set_password(password)
    user.save(update_fields=["password"])
    event_record(actor=actor, action="user.change_password", target=user, unit=user.unit)
    return user
