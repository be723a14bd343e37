import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record, snapshot

from .models import Membership, MembershipStatus

FIELDS = ["person", "unit", "status", "decision_date", "full_member_date", "ended_on"]


@transaction.atomic
def membership_record(
    *,
    actor,
    person,
    unit,
    status: str,
    decision_date: datetime.date,
    full_member_date: datetime.date | None = None,
) -> Membership:
    """Put a person on the roll of a cell (loading an existing roll; admissions will come through dossiers)."""
    errors = {}
    if status not in MembershipStatus.values:
        errors["status"] = _("Choose probationary or full member.")
    if status == MembershipStatus.FULL and full_member_date is None:
        errors["full_member_date"] = _("Enter the date the person became a full member.")
    if full_member_date and full_member_date < decision_date:
        errors["full_member_date"] = _("The full-member date is before the admission decision.")
    if Membership.objects.filter(person=person).exists():
        errors["person"] = _("%(name)s is already on the roll.") % {"name": person.full_name}
    if errors:
        raise ValidationError(errors)
    membership = Membership.objects.create(
        person=person, unit=unit, status=status, decision_date=decision_date, full_member_date=full_member_date
    )
    event_record(
        actor=actor, action="membership.record", target=membership, unit=unit, after=snapshot(membership, FIELDS)
    )
    return membership


@transaction.atomic
def membership_make_full(*, actor, person, full_member_date: datetime.date) -> Membership:
    """Recognition as a full member (the recognition decision)."""
    membership = Membership.objects.select_for_update().get(person=person)
    if membership.status != MembershipStatus.PROBATIONARY:
        raise ValidationError({"status": _("Only a probationary member can be recognised as a full member.")})
    before = snapshot(membership, FIELDS)
    membership.status, membership.full_member_date = MembershipStatus.FULL, full_member_date
    membership.save(update_fields=["status", "full_member_date"])
    event_record(actor=actor, action="membership.full", target=membership, unit=membership.unit, before=before,
                 after=snapshot(membership, FIELDS))  # fmt: skip
    return membership


@transaction.atomic
def membership_strike_off(*, actor, person, on: datetime.date) -> Membership:
    """A probationary member struck off the roll (xóa tên); the row stays for history and reports."""
    membership = Membership.objects.select_for_update().get(person=person)
    if membership.status != MembershipStatus.PROBATIONARY:
        raise ValidationError({"status": _("Only a probationary member can be struck off the roll.")})
    before = snapshot(membership, FIELDS)
    membership.status, membership.ended_on = MembershipStatus.STRUCK_OFF, on
    membership.save(update_fields=["status", "ended_on"])
    event_record(actor=actor, action="membership.struck_off", target=membership, unit=membership.unit, before=before,
                 after=snapshot(membership, FIELDS))  # fmt: skip
    return membership
