"""Writes of the roll after admission (roll.md): exits and returns, exemptions, transfers. Each is refused with a
reason and a code when it does not fit the member's history or the actor's units, and writes nothing then; each
write is audited in its transaction."""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ptdv.accounts.models import Role
from ptdv.audit.services import event_record
from ptdv.units.access import can_see_unit
from ptdv.units.models import Unit
from ptdv.units.selectors import unit_grassroots

from . import rules
from .history import check, history_rebuild
from .models import Membership, RollEvent, Transfer, TransferKind, TransferState
from .signals import memberships_changed_send

ROLL_ROLES = (Role.CELL_SECRETARY, Role.STAFF, Role.COMMITTEE, Role.ADMIN)
# Roll.md: a member under inspection, discipline or complaint proceedings is not transferred until it ends.
TRANSFERS = (rules.TRANSFER_OUT, rules.TRANSFER_IN, rules.INTERNAL, rules.TEMPORARY_OUT)


def refuse(code: str, message: str):
    raise ValidationError(message, code=code)


def may_record(actor, unit: Unit | None) -> bool:
    """Whether `actor` may record movements of the roll of `unit` (None: the system, unscoped)."""
    if actor is None or unit is None:
        return True
    return can_see_unit(actor, unit) and actor.has_role(*ROLL_ROLES)


def _scope(actor, *units) -> None:
    for unit in units:
        if unit is not None and not may_record(actor, unit):
            refuse("out_of_scope", _("This member or unit is not in your units: contact the committee above."))


def _not_future(day: datetime.date) -> None:
    if day > timezone.localdate():
        refuse("future", _("The date %(date)s is in the future.") % {"date": day.strftime("%d/%m/%Y")})


def _snapshot(event: RollEvent) -> dict:
    return {
        "kind": event.kind,
        "date": event.date.isoformat(),
        "unit": event.unit_id,
        "origin": event.origin_id,
        "other_place": event.other_place,
        "document_number": event.document_number,
        "document_date": event.document_date.isoformat() if event.document_date else None,
        "document_unit": event.document_unit_id,
        "note": event.note,
        "unit_before": event.unit_before_id,
        "unit_after": event.unit_after_id,
    }


@transaction.atomic
def movement_record(
    *,
    actor,
    membership: Membership,
    kind: str,
    on: datetime.date,
    unit: Unit | None = None,
    origin: Unit | None = None,
    other_place: str = "",
    document_number: str = "",
    document_date: datetime.date | None = None,
    document_unit: Unit | None = None,
    note: str = "",
    status: str = "",
    transfer: Transfer | None = None,
    member_scope: bool = True,
) -> RollEvent:
    """One dated event of a member's roll history, checked against the whole history (membership.rules.apply)."""
    membership = Membership.objects.select_for_update().select_related("unit").get(pk=membership.pk)
    if kind not in rules.MOVEMENT_KINDS:
        refuse("unknown_kind", _("Unknown kind of movement: %(kind)s.") % {"kind": kind})
    _not_future(on)
    _scope(actor, membership.unit if member_scope else None, unit, origin)
    if kind in TRANSFERS and membership.proceedings_since and membership.proceedings_since <= on:
        refuse(
            "under_discipline",
            _("%(name)s is under inspection, discipline or complaint proceedings: a member is not transferred until "
              "they end.") % {"name": membership.person.full_name},
        )  # fmt: skip
    if kind == rules.INTERNAL and unit is not None:
        here, there = unit_grassroots(unit=membership.unit), unit_grassroots(unit=unit)
        if here is None or there is None or here.pk != there.pk:
            refuse("not_internal", _("An internal transfer stays inside the same grassroots organisation."))
    if RollEvent.objects.filter(membership=membership, kind=kind, date=on).exists():
        refuse("duplicate", _("This movement is already recorded on that date."))
    event = RollEvent(
        membership=membership,
        kind=kind,
        date=on,
        unit=unit,
        origin=origin,
        other_place=other_place.strip()[:255],
        document_number=document_number.strip()[:64],
        document_date=document_date,
        document_unit=document_unit,
        note=note.strip()[:500],
        status=status,
        transfer=transfer,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    check(membership, event)
    event.save()
    unit_before = membership.unit_id
    history_rebuild([membership.pk])
    event.refresh_from_db()
    event_record(actor=actor, action=f"membership.{kind}", target=membership, unit=membership.unit,
                 after=_snapshot(event))  # fmt: skip
    membership.refresh_from_db()
    if membership.unit_id != unit_before:
        follow_the_person(actor=actor, person=membership.person, unit=membership.unit, reason=kind)
    memberships_changed_send(memberships=[membership])  # the admission records (reports)
    return event


def follow_the_person(*, actor, person, unit: Unit, reason: str) -> None:
    """Roll.md: the person's record, a pool entry still open and an open dossier follow the person to `unit`, with
    their history (the same rows, their steps and notes kept; each move audited with where it came from)."""
    from ptdv.admission.models import Dossier
    from ptdv.admission.rules import TERMINAL
    from ptdv.people.models import Candidate, Person

    terminal = [str(stage) for stage in TERMINAL]
    moves = [
        (Person.objects.filter(pk=person.pk), "person.move"),
        (Candidate.objects.filter(person=person, left_on__isnull=True), "candidate.move"),
        (Dossier.objects.filter(person=person).exclude(stage__in=terminal), "dossier.move"),
    ]
    for rows, action in moves:
        for row in rows.select_for_update().exclude(unit=unit):
            before = {"unit": row.unit_id}
            row.unit = unit
            row.save(update_fields=["unit", "updated_at"] if hasattr(row, "updated_at") else ["unit"])
            event_record(actor=actor, action=action, target=row, unit=unit, before=before,
                         after={"unit": unit.pk, "reason": reason})  # fmt: skip


@transaction.atomic
def member_move_decided(*, actor, membership, on: datetime.date | None, document_number: str = "") -> Membership:
    """The decision that moves the member (retirement, a new post): from it, the member starts the transfer within
    60 working days (roll.md), a due item of the cell until a letter of introduction is issued. None clears it."""
    membership = Membership.objects.select_for_update().select_related("unit", "person").get(pk=membership.pk)
    _scope(actor, membership.unit)
    if on is not None:
        _not_future(on)
        if membership.status not in (rules.PROBATIONARY, rules.FULL_MEMBER):
            refuse("not_on_roll", _("%(name)s is not on the roll.") % {"name": membership.person.full_name})
    before = {"move_decided_on": str(membership.move_decided_on or ""), "move_decision": membership.move_decision}
    membership.move_decided_on, membership.move_decision = on, document_number.strip()[:64] if on else ""
    membership.save(update_fields=["move_decided_on", "move_decision"])
    after = {"move_decided_on": str(on or ""), "move_decision": membership.move_decision}
    event_record(
        actor=actor, action="membership.move_decided", target=membership, unit=membership.unit, before=before,
        after=after,
    )  # fmt: skip
    return membership


def member_leave(*, actor, membership, kind: str, on, **document) -> RollEvent:
    """Died, expelled, struck off (full or probationary member), resigned: off the roll from that day."""
    if kind not in rules.EXITS:
        refuse("unknown_kind", _("Unknown kind of movement: %(kind)s.") % {"kind": kind})
    return movement_record(actor=actor, membership=membership, kind=kind, on=on, **document)


def member_restore(*, actor, membership, on, unit=None, **document) -> RollEvent:
    """Restored after a complaint or appeal succeeds: back on the roll with the earlier seniority and status."""
    return movement_record(actor=actor, membership=membership, kind=rules.RESTORED, on=on, unit=unit, **document)


def member_exempt(*, actor, membership, on, **document) -> RollEvent:
    return movement_record(actor=actor, membership=membership, kind=rules.EXEMPTED, on=on, **document)


def member_exemption_end(*, actor, membership, on, **document) -> RollEvent:
    return movement_record(actor=actor, membership=membership, kind=rules.EXEMPTION_ENDED, on=on, **document)


@transaction.atomic
def member_proceedings(*, actor, membership, since: datetime.date | None) -> Membership:
    """Inspection, discipline or complaint proceedings opened (a date) or ended (None)."""
    membership = Membership.objects.select_for_update().select_related("unit").get(pk=membership.pk)
    _scope(actor, membership.unit)
    before = {"proceedings_since": membership.proceedings_since.isoformat() if membership.proceedings_since else None}
    membership.proceedings_since = since
    membership.save(update_fields=["proceedings_since"])
    event_record(actor=actor, action="membership.proceedings", target=membership, unit=membership.unit,
                 before=before, after={"proceedings_since": since.isoformat() if since else None})  # fmt: skip
    return membership


def transfer_internal(*, actor, membership, to: Unit, on, **document) -> RollEvent:
    """From one cell to another inside the same grassroots organisation, counted in the new cell from the date."""
    return movement_record(actor=actor, membership=membership, kind=rules.INTERNAL, on=on, unit=to, **document)


def _open_transfer_check(membership) -> None:
    if Transfer.objects.filter(membership=membership, state=TransferState.ISSUED).exists():
        refuse("transfer_open", _("A letter of introduction for this member is already awaiting receipt."))


# The register is kept by the documents app, above membership in the layers: it fills this hook in its ready().
# Called inside the transfer's transaction as number(actor, unit, issued_on) → the IssuedDocument of the letter.
_letter_numbering: list[Callable] = []


def letter_numbering_register(function: Callable) -> None:
    _letter_numbering[:] = [function]


@transaction.atomic
def transfer_issue(
    *,
    actor,
    membership: Membership,
    origin: Unit,
    letter_date: datetime.date,
    letter_number: str = "",
    destination: Unit | None = None,
    other_place: str = "",
    reason: str = "other",
    issued_by: Unit | None = None,
) -> Transfer:
    """The origin's letter of introduction for an official transfer. To a unit in the system the member is counted
    in the origin until the destination receives them (transfer_receive); to an organisation outside the system
    the member leaves the roll on the letter's date. Without a `letter_number` (a letter written outside the
    system), the letter takes the next number of the issuing unit's register (…-GGT/ĐU), once."""
    membership = Membership.objects.select_for_update().select_related("unit", "person").get(pk=membership.pk)
    _not_future(letter_date)
    _scope(actor, origin, membership.unit)
    if membership.status not in (rules.PROBATIONARY, rules.FULL_MEMBER) or not (
        membership.unit.path.startswith(origin.path)
    ):
        refuse("not_in_unit", _("%(name)s is not on the roll of %(unit)s: the transfer starts where the member is "
                                "active.") % {"name": membership.person.full_name, "unit": origin.name})  # fmt: skip
    if membership.proceedings_since and membership.proceedings_since <= letter_date:
        refuse(
            "under_discipline",
            _("%(name)s is under inspection, discipline or complaint proceedings: a member is not transferred until "
              "they end.") % {"name": membership.person.full_name},
        )  # fmt: skip
    if destination is None and not other_place.strip():
        refuse("no_destination", _("Name the destination: a unit of the system or an organisation outside it."))
    if destination is not None and destination.path.startswith(membership.unit.path):
        refuse("same_unit", _("The member is already active in that unit."))
    _open_transfer_check(membership)
    document = None
    if not letter_number.strip() and _letter_numbering:  # numbered in the issuing unit's register, in this transaction
        document = _letter_numbering[0](actor=actor, unit=issued_by or origin, issued_on=letter_date)
        letter_number = document.code
    transfer = Transfer.objects.create(
        kind=TransferKind.OFFICIAL,
        state=TransferState.ISSUED if destination is not None else TransferState.LEFT,
        membership=membership,
        origin=origin,
        destination=destination,
        other_place=other_place.strip()[:255],
        reason=reason,
        letter_number=letter_number.strip()[:64],
        letter_date=letter_date,
        document=document,
        issued_by=issued_by or origin,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    event_record(actor=actor, action="transfer.issue", target=transfer, unit=origin,
                 after={"membership": membership.pk, "destination": getattr(destination, "pk", None),
                        "other_place": transfer.other_place, "letter_number": transfer.letter_number,
                        "letter_date": letter_date.isoformat()})  # fmt: skip
    if destination is None:
        movement_record(actor=actor, membership=membership, kind=rules.TRANSFER_OUT, on=letter_date,
                        origin=membership.unit, other_place=other_place, document_number=letter_number,
                        document_date=letter_date, document_unit=issued_by or origin, transfer=transfer)  # fmt: skip
    return transfer


@transaction.atomic
def transfer_receive(*, actor, transfer: Transfer, cell: Unit, on: datetime.date) -> Transfer:
    """The destination receives the member (a letter presented) and assigns a cell: counted there from that day."""
    transfer = (
        Transfer.objects.select_for_update(of=("self",)).select_related("membership", "destination").get(pk=transfer.pk)
    )
    if transfer.state != TransferState.ISSUED:
        refuse("already_received", _("This letter of introduction has already been received."))
    _scope(actor, transfer.destination, cell)
    if transfer.destination is not None and not cell.path.startswith(transfer.destination.path):
        refuse("wrong_cell", _("Choose a cell of %(unit)s.") % {"unit": transfer.destination.name})
    if on < transfer.letter_date:
        refuse("before_letter", _("The receipt is dated before the letter of introduction."))
    movement_record(
        actor=actor,
        member_scope=False,  # the member is still on the origin's roll: the destination receives them
        membership=transfer.membership,
        kind=rules.TRANSFER_IN,
        on=on,
        unit=cell,
        origin=None,
        document_number=transfer.letter_number,
        document_date=transfer.letter_date,
        document_unit=transfer.issued_by,
        transfer=transfer,
        note=_("Received by %(unit)s") % {"unit": transfer.destination.name if transfer.destination else cell.name},
    )
    transfer.state, transfer.received_on, transfer.cell = TransferState.RECEIVED, on, cell
    transfer.save(update_fields=["state", "received_on", "cell"])
    event_record(actor=actor, action="transfer.receive", target=transfer, unit=cell,
                 after={"received_on": on.isoformat(), "cell": cell.pk})  # fmt: skip
    return transfer


@transaction.atomic
def transfer_temporary(
    *, actor, membership, host: Unit | None, on, until=None, other_place="", letter_number="", reason="other"
) -> Transfer:
    """A temporary stay: the host cell lists the member apart; the official cell keeps counting them."""
    membership = Membership.objects.select_related("unit").get(pk=membership.pk)
    transfer = Transfer.objects.create(
        kind=TransferKind.TEMPORARY, state=TransferState.ACTIVE, membership=membership, origin=membership.unit,
        destination=host, other_place=other_place.strip()[:255], reason=reason, letter_number=letter_number.strip(),
        letter_date=on, ends_on=until, issued_by=membership.unit,
        created_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    movement_record(actor=actor, membership=membership, kind=rules.TEMPORARY_OUT, on=on, unit=host,
                    other_place=other_place, document_number=letter_number, transfer=transfer)  # fmt: skip
    return transfer


@transaction.atomic
def transfer_temporary_end(*, actor, transfer: Transfer, on) -> Transfer:
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.state != TransferState.ACTIVE:
        refuse("not_away", _("The member is not on a temporary stay."))
    movement_record(actor=actor, membership=transfer.membership, kind=rules.TEMPORARY_BACK, on=on, transfer=transfer)
    transfer.state, transfer.ends_on = TransferState.ENDED, on
    transfer.save(update_fields=["state", "ends_on"])
    return transfer
