"""Party cards as dated events (roll.md "Party cards"): issue, handover at a cell meeting, reissue after loss or
damage, exchange in a campaign, recovery when the member leaves. Each is refused with a reason and a code when it
does not fit the card's history, writes nothing then, and is audited in its transaction."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record

from . import rules
from .models import CardEvent, CardEventKind, Membership, MembershipStatus
from .movements import _not_future, _scope, refuse

# Events that give the member a (new) card number.
NEW_CARD = (CardEventKind.ISSUED, CardEventKind.REISSUED_LOST, CardEventKind.REISSUED_DAMAGED, CardEventKind.EXCHANGED)


@transaction.atomic
def card_event_record(
    *,
    actor,
    membership: Membership,
    kind: str,
    on: datetime.date,
    card_number: str = "",
    document_number: str = "",
    document_date: datetime.date | None = None,
    note: str = "",
) -> CardEvent:
    """Record one card event and bring the membership's card fields up to date."""
    membership = Membership.objects.select_for_update().select_related("person", "unit").get(pk=membership.pk)
    _scope(actor, membership.unit)
    _not_future(on)
    kind = CardEventKind(kind)
    card_number = card_number.strip()
    name = membership.person.full_name
    if on < membership.decision_date:
        refuse("before_admission", _("The date is before %(name)s's admission.") % {"name": name})
    if kind in NEW_CARD or kind == CardEventKind.HANDED_OVER:
        if membership.status != MembershipStatus.FULL:
            refuse("not_full", _("Only a full member receives a party card."))
        if membership.full_member_date and on < membership.full_member_date:
            refuse("before_full", _("A party card is given after the member becomes a full member."))
    if card_number and (kind in NEW_CARD or not membership.card_number):
        problem = rules.card_number_problem(card_number, settings.PTDV_CARD_NUMBER_DIGITS)
        if problem:
            refuse("card_format", problem)
    if kind in NEW_CARD:
        if not card_number:
            refuse("no_number", _("Enter the card number."))
        if Membership.objects.filter(card_number=card_number).exclude(pk=membership.pk).exists():
            refuse("number_taken", _("Card number %(number)s is another member's: check the number on the card.")
                   % {"number": card_number})  # fmt: skip
    elif not (card_number or membership.card_number):
        refuse("no_card", _("%(name)s has no party card on record.") % {"name": name})
    elif card_number and membership.card_number and card_number != membership.card_number:
        message = _("%(name)s's card on record is %(number)s.")
        refuse("other_card", message % {"name": name, "number": membership.card_number})
    if CardEvent.objects.filter(membership=membership, kind=kind, date=on).exists():
        refuse("twice", _("This card event is already recorded on that date."))
    event = CardEvent.objects.create(
        membership=membership, kind=kind, date=on, card_number=card_number or membership.card_number,
        document_number=document_number.strip()[:64], document_date=document_date, note=note.strip()[:500],
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    fields = []
    if kind in NEW_CARD:
        membership.card_number, membership.card_decision, membership.card_handed_on = card_number, document_number, None
        fields = ["card_number", "card_decision", "card_handed_on"]
    elif kind == CardEventKind.HANDED_OVER:
        membership.card_number = membership.card_number or card_number
        membership.card_handed_on = on
        fields = ["card_number", "card_handed_on"]
    if fields:
        membership.save(update_fields=fields)
    event_record(actor=actor, action=f"card.{kind.value}", target=membership, unit=membership.unit,
                 after={"date": on.isoformat(), "card_number": event.card_number,
                        "document_number": event.document_number})  # fmt: skip
    return event
