"""Writes of the reminders app: the digest, the inbox, the user's frequency and the calendar feed's token. Each
write that a person makes records its audit event in the same transaction; the digest records what it sent
(ReminderSent), so that running it twice on one day sends nothing the second time."""

import datetime
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ptdv.accounts.models import User
from ptdv.audit.services import event_record

from . import selectors
from .models import CalendarToken, Frequency, Notification, ReminderPreference, ReminderSent, hash_key

logger = logging.getLogger(__name__)
FEED_PREFIX = "cal_"


# ---------------------------------------------------------------- the user's frequency


def frequency_of(user) -> str:
    preference = ReminderPreference.objects.filter(user=user).first()
    return preference.frequency if preference else Frequency.DAILY


@transaction.atomic
def reminder_frequency_set(*, actor, user, frequency: str) -> ReminderPreference:
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": [_("Choose daily, weekly or never.")]})
    if actor is not None and actor.pk != user.pk:
        raise ValidationError({"__all__": [_("You can only change your own reminders.")]})
    preference, created = ReminderPreference.objects.select_for_update().get_or_create(user=user)
    before = None if created else preference.frequency
    preference.frequency = frequency
    preference.save(update_fields=["frequency", "updated_at"])
    event_record(
        actor=actor,
        action="reminders.frequency",
        target=preference,
        unit=user.unit,
        before={"frequency": before},
        after={"frequency": frequency},
    )
    return preference


def wants_digest(frequency: str, day: datetime.date) -> bool:
    """Daily: every day; weekly: on PTDV_REMINDER_WEEKDAY (Monday by default); off: never."""
    if frequency == Frequency.DAILY:
        return True
    if frequency == Frequency.WEEKLY:
        return day.weekday() == settings.PTDV_REMINDER_WEEKDAY
    return False


# ---------------------------------------------------------------- the inbox


@transaction.atomic
def notifications_mark_read(*, actor, user) -> int:
    if actor is not None and actor.pk != user.pk:
        raise ValidationError({"__all__": [_("You can only read your own messages.")]})
    count = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        event_record(actor=actor, action="notifications.read", target=user, unit=user.unit, after={"count": count})
    selectors.unread_count_forget(user=user)
    return count


# ---------------------------------------------------------------- the daily digest


@dataclass(frozen=True)
class DigestResult:
    users: int  # users who received a digest
    items: int  # reminders sent (an item to a user)


def _digest_items(entries, user) -> list[dict]:
    return [
        {
            "key": e.item.key,
            "label": e.item.deadline.label,
            "person": e.item.person,
            "cell": e.cell.name,
            "unit": e.unit.name,
            "due": e.item.due.isoformat(),
            "state": e.item.state,
            "state_text": e.state_text,
            "escalated": (escalated := selectors.entry_for_user(e, user) == "escalated"),
            "url": e.detail_url if escalated else e.url,
        }
        for e in entries
    ]


def _send_one(user, day: datetime.date, entries, sent_today: set[str]) -> int:
    """The digest of one user: the items not yet sent to them today (`sent_today`); nothing when there are none."""
    entries = [e for e in entries if e.item.key not in sent_today]
    if not entries:
        return 0
    overdue = sum(e.item.state == "overdue" for e in entries)
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "PTĐV: %(count)s item to do (%(overdue)s overdue)",
            "PTĐV: %(count)s items to do (%(overdue)s overdue)",
            len(entries),
        ) % {"count": len(entries), "overdue": overdue}
        items = _digest_items(entries, user)
        context = {"user": user, "items": items, "day": day, "site": settings.PTDV_SITE_URL}
        body = render_to_string("reminders/digest.txt", context)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(user=user, day=day, subject=subject, body=body, items=items)
            ReminderSent.objects.bulk_create(
                [ReminderSent(user=user, item_key=e.item.key, day=day, notification=notification) for e in entries]
            )
            event_record(
                actor=None,
                action="reminders.digest",
                target=notification,
                unit=user.unit,
                after={"items": len(entries)},
            )
    except IntegrityError:  # another run sent them meanwhile
        return 0
    selectors.unread_count_forget(user=user)
    if user.email:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except OSError:
            logger.warning("reminder email to user %s failed", user.pk)  # the inbox has it; no personal data logged
    return len(entries)


def digests_send(*, day: datetime.date | None = None) -> DigestResult:
    """Send each user who wants one today the digest of their queue (overdue, due today, coming soon), by email
    and to their inbox. The due items are computed once for the whole tree, then shared out by unit."""
    day = day or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        return _digests_send(day)


def _digests_send(day: datetime.date) -> DigestResult:
    users = [
        user
        for user in User.objects.filter(is_active=True, unit__isnull=False).select_related(
            "unit", "reminder_preference"
        )
        if wants_digest(getattr(getattr(user, "reminder_preference", None), "frequency", Frequency.DAILY), day)
    ]
    if not users:
        return DigestResult(0, 0)
    entries = selectors.due_entries(root=None, today=day)
    by_unit: dict[int, list] = {}
    for entry in entries:
        by_unit.setdefault(entry.unit.pk, []).append(entry)
        if entry.escalated and entry.unit.parent_id:
            by_unit.setdefault(entry.unit.parent_id, []).append(entry)
    sent_today: dict[int, set[str]] = {}  # what earlier runs sent today, read once for every user
    for user_id, key in ReminderSent.objects.filter(day=day).values_list("user_id", "item_key"):
        sent_today.setdefault(user_id, set()).add(key)
    reached = sent = 0
    for user in users:
        mine = [e for e in by_unit.get(user.unit_id, []) if selectors.entry_for_user(e, user)]
        count = _send_one(user, day, mine, sent_today.get(user.pk, set()))
        reached += bool(count)
        sent += count
    return DigestResult(reached, sent)


# ---------------------------------------------------------------- the calendar feed's token


@transaction.atomic
def calendar_token_create(*, actor, user) -> tuple[CalendarToken, str]:
    """A new private feed link for `user`; the user's earlier links are revoked (one link at a time). Returns the
    record and the token, which is never stored nor shown again."""
    if actor is not None and actor.pk != user.pk:
        raise ValidationError({"__all__": [_("You can only create your own calendar link.")]})
    for old in CalendarToken.objects.active().filter(user=user).select_for_update():
        _revoke(actor, old)
    raw = FEED_PREFIX + secrets.token_urlsafe(32)
    token = CalendarToken.objects.create(user=user, prefix=raw[: len(FEED_PREFIX) + 6], key_hash=hash_key(raw))
    event_record(actor=actor, action="calendar_token.create", target=token, unit=user.unit)
    return token, raw


def _revoke(actor, token: CalendarToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    event_record(actor=actor, action="calendar_token.revoke", target=token, unit=token.user.unit)


@transaction.atomic
def calendar_token_revoke(*, actor, token: CalendarToken) -> CalendarToken:
    token = CalendarToken.objects.select_for_update(of=("self",)).select_related("user__unit").get(pk=token.pk)
    if actor is not None and actor.pk != token.user_id:
        raise ValidationError({"__all__": [_("You can only revoke your own calendar link.")]})
    if token.revoked_at is None:
        _revoke(actor, token)
    return token


@transaction.atomic
def calendar_tokens_revoke_all(*, actor, user) -> int:
    """Revoke `user`'s calendar links (their password changed, or the account was disabled); one event each."""
    tokens = list(CalendarToken.objects.active().filter(user=user).select_for_update())
    for token in tokens:
        _revoke(actor, token)
    return len(tokens)


def calendar_token_user(raw: str):
    """The active user whose active feed token is `raw`, or None."""
    if not raw or not raw.startswith(FEED_PREFIX) or len(raw) > 100:
        return None
    token = (
        CalendarToken.objects.active()
        .filter(key_hash=hash_key(raw), user__is_active=True)
        .select_related("user__unit")
        .first()
    )
    return token.user if token else None


def feed_url(request, raw: str) -> str:
    return request.build_absolute_uri(reverse("reminders:feed", args=[raw]))
