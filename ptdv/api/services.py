"""API tokens: created and revoked by their own user (the profile page); every change has its audit event."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record

from .models import ApiToken, hash_key

TOKEN_PREFIX = "ptdv_"  # noqa: S105  the visible start of every token, not a secret  # nosec B105
MAX_ACTIVE_TOKENS = 20


@transaction.atomic
def api_token_create(*, actor, user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the record and the token itself, which is never stored nor shown again."""
    name = name.strip()
    problems = []
    if actor is not None and actor.pk != user.pk:
        problems.append(_("You can only create tokens for your own account."))
    if not name:
        problems.append(_("Give the token a name (what it is for)."))
    if ApiToken.objects.active().filter(user=user).count() >= MAX_ACTIVE_TOKENS:
        problems.append(
            _("You already have %(count)s active tokens: revoke one you no longer use.") % {"count": MAX_ACTIVE_TOKENS}
        )
    if problems:
        raise ValidationError({"__all__": problems})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:80], prefix=raw[: len(TOKEN_PREFIX) + 6], key_hash=hash_key(raw)
    )
    event_record(actor=actor, action="api_token.create", target=token, unit=user.unit, after={"name": token.name})
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if actor is not None and actor.pk != token.user_id:
        raise ValidationError({"__all__": [_("You can only revoke your own tokens.")]})
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        event_record(
            actor=actor, action="api_token.revoke", target=token, unit=token.user.unit, after={"name": token.name}
        )
    return token


@transaction.atomic
def api_tokens_revoke_all(*, actor, user) -> int:
    """Revoke every active token of `user` (their password changed, or the account was disabled); one event per
    token. Returns how many were revoked."""
    tokens = list(ApiToken.objects.active().filter(user=user).select_for_update())
    now = timezone.now()
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        event_record(
            actor=actor,
            action="api_token.revoke",
            target=token,
            unit=user.unit if user.unit_id else None,
            after={"name": token.name, "reason": "credentials_changed"},
        )
    return len(tokens)
