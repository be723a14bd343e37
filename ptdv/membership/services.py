import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record, snapshot

from .models import Membership, MembershipStatus

FIELDS = ["person", "unit", "status", "decision_date", "full_member_date"]


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
