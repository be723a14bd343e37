import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record, snapshot

from . import rules
from .history import base_sync
from .models import Membership, MembershipStatus
from .signals import memberships_changed_send

FIELDS = [
    "person",
    "unit",
    "status",
    "decision_date",
    "decision_number",
    "ceremony_date",
    "readmitted",
    "full_member_date",
    "ended_on",
]


@transaction.atomic
def membership_record(
    *,
    actor,
    person,
    unit,
    status: str,
    decision_date: datetime.date,
    full_member_date: datetime.date | None = None,
    decision_number: str = "",
    ceremony_date: datetime.date | None = None,
    readmitted: bool = False,
) -> Membership:
    """Put a person on the roll of a cell: an admission decision (from a dossier) or a member of an existing roll."""
    errors = {}
    if status not in MembershipStatus.values:
        errors["status"] = _("Choose probationary or full member.")
    if status == MembershipStatus.FULL and full_member_date is None:
        errors["full_member_date"] = _("Enter the date the person became a full member.")
    if full_member_date and full_member_date < decision_date:
        errors["full_member_date"] = _("The full-member date is before the admission decision.")
    if ceremony_date and ceremony_date < decision_date:
        errors["ceremony_date"] = _("The ceremony is before the admission decision.")
    if Membership.objects.filter(person=person).exists():
        # Neutral words: the person's membership may be another organisation's record (issue #14).
        errors["person"] = _(
            "%(name)s cannot be put on this roll: ask the organisation department to check the person's record."
        ) % {"name": person.full_name}
    if errors:
        raise ValidationError(errors)
    membership = Membership.objects.create(
        person=person,
        unit=unit,
        admission_unit=unit,
        status=status,
        decision_date=decision_date,
        decision_number=decision_number.strip(),
        ceremony_date=ceremony_date,
        readmitted=readmitted,
        full_member_date=full_member_date,
    )
    base_sync([membership], actor=actor, lenient=False)
    membership.refresh_from_db()
    event_record(
        actor=actor, action="membership.record", target=membership, unit=unit, after=snapshot(membership, FIELDS)
    )
    memberships_changed_send(memberships=[membership])  # the admission records (reports)
    return membership


def _end_probation(*, actor, person, action: str, refusal: str, **changes) -> Membership:
    """Move a probationary member on (recognised or struck off), with its event."""
    membership = Membership.objects.select_for_update().get(person=person)
    if membership.status != MembershipStatus.PROBATIONARY:
        raise ValidationError({"status": refusal})
    before = snapshot(membership, FIELDS)
    for field, value in changes.items():
        setattr(membership, field, value)
    membership.save(update_fields=list(changes))
    base_sync([membership], actor=actor, lenient=False)
    membership.refresh_from_db()
    after = snapshot(membership, FIELDS)
    event_record(actor=actor, action=action, target=membership, unit=membership.unit, before=before, after=after)
    memberships_changed_send(memberships=[membership])  # the admission records (reports)
    return membership


@transaction.atomic
def membership_record_ceremony(*, actor, person, ceremony_date: datetime.date) -> Membership:
    """The admission ceremony held: probation runs from this date (Charter art. 5)."""
    membership = Membership.objects.select_for_update().get(person=person)
    if ceremony_date < membership.decision_date:
        raise ValidationError({"ceremony_date": _("The ceremony is before the admission decision.")})
    before = snapshot(membership, FIELDS)
    membership.ceremony_date = ceremony_date
    membership.save(update_fields=["ceremony_date"])
    base_sync([membership], actor=actor, lenient=False)
    event_record(
        actor=actor,
        action="membership.ceremony",
        target=membership,
        unit=membership.unit,
        before=before,
        after=snapshot(membership, FIELDS),
    )
    return membership


@transaction.atomic
def membership_make_full(*, actor, person, full_member_date: datetime.date) -> Membership:
    """Recognition as a full member (the recognition decision)."""
    refusal = _("Only a probationary member can be recognised as a full member.")
    return _end_probation(
        actor=actor,
        person=person,
        action="membership.full",
        refusal=refusal,
        status=MembershipStatus.FULL,
        full_member_date=full_member_date,
    )


@transaction.atomic
def membership_strike_off(*, actor, person, on: datetime.date) -> Membership:
    """A probationary member struck off the roll (xóa tên); the row stays for history and reports."""
    refusal = _("Only a probationary member can be struck off the roll.")
    return _end_probation(
        actor=actor,
        person=person,
        action="membership.struck_off",
        refusal=refusal,
        status=MembershipStatus.STRUCK_OFF,
        ended_on=on,
    )


@transaction.atomic
def membership_record_card(
    *, actor, person, card_number: str, card_decision: str, handed_on: datetime.date
) -> Membership:
    """The party card (thẻ đảng viên): decided by the committee directly above the grassroots, handed over at the
    next cell meeting (29-QĐ/TW §6.1). Only full members receive it."""
    from django.utils import timezone

    membership = Membership.objects.select_for_update().get(person=person)
    before = snapshot(membership, CARD_FIELDS)
    problems = []
    if membership.status != MembershipStatus.FULL:
        problems.append(_("Only a full member receives a party card."))
    if not card_number.strip():
        problems.append(_("Enter the card number."))
    elif problem := rules.card_number_problem(card_number.strip(), settings.PTDV_CARD_NUMBER_DIGITS):
        problems.append(problem)
    elif Membership.objects.filter(card_number=card_number.strip()).exclude(pk=membership.pk).exists():
        problems.append(
            _("Card number %(number)s cannot be given: check the number on the card.") % {"number": card_number.strip()}
        )
    if handed_on > timezone.localdate():
        problems.append(_("The date %(date)s is in the future.") % {"date": handed_on.strftime("%d/%m/%Y")})
    if membership.full_member_date and handed_on < membership.full_member_date:
        problems.append(_("The card is handed over after the member becomes a full member."))
    if problems:
        raise ValidationError({"__all__": problems})
    membership.card_number, membership.card_decision = card_number.strip(), card_decision.strip()
    membership.card_handed_on = handed_on
    membership.save(update_fields=CARD_FIELDS)
    # The card's history (roll.md): the handover as a dated event, the committee's decision as its document.
    from .models import CardEvent, CardEventKind

    CardEvent.objects.update_or_create(
        membership=membership, kind=CardEventKind.HANDED_OVER, date=handed_on,
        defaults={"card_number": membership.card_number, "document_number": membership.card_decision[:64],
                  "recorded_by": actor if getattr(actor, "pk", None) else None},
    )  # fmt: skip
    event_record(
        actor=actor,
        action="membership.card",
        target=membership,
        unit=membership.unit,
        before=before,
        after=snapshot(membership, CARD_FIELDS),
    )
    return membership


CARD_FIELDS = ["card_number", "card_decision", "card_handed_on"]
