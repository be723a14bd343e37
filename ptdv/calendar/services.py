"""Every write to the working calendar's special days. Each runs in one transaction and records its event in it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record, snapshot

from . import rules
from .access import can_change_calendar
from .models import SpecialDay, SpecialDayKind

RECORDED_FIELDS = ["day", "kind", "reason"]
REASON_MAX_LENGTH = 255


def _day(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _check_actor(actor) -> None:
    if actor is not None and not can_change_calendar(actor):
        raise ValidationError({"__all__": _("Only the administrators of the top unit may change working days.")})


def _correction(actor, day: datetime.date, correction: str) -> tuple[str, dict[str, str]]:
    """A day already past changes deadlines that have run (items may stop being overdue, or become so, in every
    unit): a user must say why, and the reason goes into the event. The system (actor None) need not."""
    correction = " ".join((correction or "").replace("\x00", "").split())
    if len(correction) > REASON_MAX_LENGTH:
        return correction, {
            "correction": _("The reason has at most %(count)s characters.") % {"count": REASON_MAX_LENGTH}
        }
    if actor is not None and day < timezone.localdate() and not correction:
        return correction, {
            "correction": _(
                "%(date)s is in the past: changing it changes deadlines that have already run in every unit. "
                "Enter why it must be changed."
            )
            % {"date": _day(day)}
        }
    return correction, {}


def _check_day(day) -> None:
    if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
        raise ValidationError({"day": _("Enter a valid date.")})


def _kind_problem(day: datetime.date, kind: str) -> str | None:
    """Why `kind` cannot be declared on `day`, or None. A special day must change something: an extra day off
    only on a day the public calendar has as a working day, a make-up working day only on one it has off."""
    if kind not in SpecialDayKind.values:
        return _("Choose an extra day off or a make-up working day.")
    public_working = rules.is_public_working_day(day)
    if kind == SpecialDayKind.DAY_OFF and not public_working:
        name = rules.public_holiday_name(day)
        if name:
            return _("%(date)s is already a public holiday (%(name)s): it cannot be made an extra day off.") % {
                "date": _day(day),
                "name": name,
            }
        return _("%(date)s is a Saturday or a Sunday: it is already a day off.") % {"date": _day(day)}
    if kind == SpecialDayKind.WORKING_DAY and public_working:
        return _(
            "%(date)s is already a working day: only a Saturday, a Sunday or a public holiday can be made a "
            "make-up working day."
        ) % {"date": _day(day)}
    return None


@transaction.atomic
def special_day_set(*, actor, day: datetime.date, kind: str, reason: str, correction: str = "") -> SpecialDay:
    """Declare `day` an extra day off or a make-up working day, as the government announced it, replacing what
    was recorded on that day before. `actor` None: the system. A day in the past needs a `correction`: why."""
    _check_actor(actor)
    _check_day(day)
    reason = " ".join((reason or "").split())
    correction, errors = _correction(actor, day, correction)
    problem = _kind_problem(day, kind)
    if problem:
        errors["kind"] = problem
    if not reason:
        errors["reason"] = _("Enter the reason: the announcement that declares the day.")
    elif len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = _("The reason has at most %(count)s characters.") % {"count": REASON_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    special = SpecialDay.objects.select_for_update().filter(day=day).first()
    if special is None:
        special = SpecialDay.objects.create(day=day, kind=kind, reason=reason, created_by=_user_or_none(actor))
        after = snapshot(special, RECORDED_FIELDS) | ({"correction": correction} if correction else {})
        event_record(actor=actor, action="special_day.create", target=special, after=after)
        return special
    if special.kind == kind and special.reason == reason:
        return special  # nothing changes: nothing to record
    before = snapshot(special, RECORDED_FIELDS)
    special.kind, special.reason = kind, reason
    special.save(update_fields=["kind", "reason"])
    event_record(
        actor=actor,
        action="special_day.update",
        target=special,
        before=before,
        after=snapshot(special, RECORDED_FIELDS) | ({"correction": correction} if correction else {}),
    )
    return special


@transaction.atomic
def special_day_remove(*, actor, day: datetime.date, correction: str = "") -> None:
    """Remove the special day recorded on `day`: the day follows the public calendar again. A day in the past
    needs a `correction`: why."""
    _check_actor(actor)
    _check_day(day)
    special = SpecialDay.objects.select_for_update().filter(day=day).first()
    if special is None:
        raise ValidationError(
            {"day": _("No extra day off or make-up working day is recorded on %(date)s.") % {"date": _day(day)}}
        )
    correction, errors = _correction(actor, day, correction)
    if errors:
        raise ValidationError(errors)
    before = snapshot(special, RECORDED_FIELDS)
    # after: every field gone, and the correction's reason when there is one
    after = ({name: None for name in RECORDED_FIELDS} | {"correction": correction}) if correction else None
    event_record(actor=actor, action="special_day.remove", target=special, before=before, after=after)
    special.delete()


def _user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None
