"""Hooks the accounts app offers to the apps above it (design.md, "Layers"), and the net under every password
change.

`credentials_changed` is sent, inside the transaction that changes a password, when what the old password let out
must stop working: the API (personal tokens) and the reminders (calendar feed links) revoke their user's, each
with its audit event. The services send it (user_change_password); a password changed by any other path — Django's
admin forms, `ptdv changepassword` — is caught on the account's save and handled the same way."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.dispatch import Signal

from ptdv.audit.services import event_record

credentials_changed = Signal()  # sender: the User class; kwargs: user, actor

# Who is changing a password on a path that does not go through the services (the admin site's form).
_password_actor: ContextVar = ContextVar("ptdv_password_actor", default=None)
RECORDED_FLAG = "_ptdv_password_recorded"  # set by the service on the instance it saves: already recorded


@contextmanager
def password_changes_by(actor) -> Iterator[None]:
    """Password changes inside this block (by a form the project does not own) are recorded as `actor`'s."""
    token = _password_actor.set(actor)
    try:
        yield
    finally:
        _password_actor.reset(token)


def credentials_revoke(*, actor, user) -> None:
    """Tell the apps above to revoke what `user`'s old password let out. Inside the caller's transaction."""
    credentials_changed.send(sender=type(user), user=user, actor=actor)


def password_saved(sender, instance, created, **kwargs) -> None:
    """post_save of User: a password set (set_password, then save) other than by the services."""
    if created or getattr(instance, "_password", None) is None or getattr(instance, RECORDED_FLAG, False):
        return
    actor = _password_actor.get()
    with transaction.atomic():
        event_record(
            actor=actor,
            action="user.change_password",
            target=instance,
            unit=instance.unit if instance.unit_id else None,
            after={"access_revoked": True},
        )
        credentials_revoke(actor=actor, user=instance)
