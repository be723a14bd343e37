"""The `movements` format (exchange.md): dated events of the roll."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ptdv.membership.models import Membership, MembershipStatus
from ptdv.people.models import Person

from ..scope import (
    person_unusable,
)
from .base import Importer, _fmt
from .people import PERSON_KEYS, _json, _person_values

# ---------------------------------------------------------------- movements of the roll


# Which column a refusal of the roll's rules (membership.rules, membership.movements) belongs to.
MOVEMENT_PROBLEM_COLUMNS = {
    "before_admission": "date",
    "future": "date",
    "not_in_unit": "unit_code",
    "same_unit": "unit_code",
    "no_unit": "unit_code",
    "not_internal": "unit_code",
    "wrong_cell": "unit_code",
}


class MovementImporter(Importer):
    """The `movements` format: one dated event of the roll per row, applied in date order through the roll's
    services (membership.movements), so that a row that does not fit the member's history at its date is refused as
    it would be on the page. A movement is the same when its person, kind and date are: importing a file again
    changes nothing. A `transfer_in` of a person not yet in the system creates them from the `members` columns."""

    kind = "movements"
    needs_transaction_for_dry_run = True
    ARRIVAL_REQUIRED = ["full_name", "birth_date", "sex", "occupation", "decision_date"]

    def run(self, rows, *, write: bool) -> None:
        from ptdv.membership.models import RollEvent

        self.prepare()
        records = []
        seen = {}
        for number, values in rows:
            record = self.parse(number, values)
            if record is None:
                continue
            record["unit_code"] = record["unit_code"].upper()
            key = (record["citizen_id"], record["kind"], record["date"])
            if key in seen:
                self.problem(number, "kind", _("The same movement of this person on this date is already on row "
                             "%(other)s.") % {"other": seen[key]})  # fmt: skip
                continue
            seen[key] = number
            records.append(record)
        self.load_units(r["unit_code"] for r in records if r["unit_code"])
        persons = {
            p.citizen_id: p
            for p in Person.objects.filter(citizen_id__in=[r["citizen_id"] for r in records]).select_related(
                "membership"
            )
        }
        outside = self.scope.persons_outside(p.pk for p in persons.values())
        existing = set()
        if persons:
            existing = set(
                RollEvent.objects.filter(membership__person__in=list(persons.values())).values_list(
                    "membership__person__citizen_id", "kind", "date"
                )
            )
        for record in sorted(records, key=lambda r: (r["date"], r["_row"])):
            self.apply(record, persons, outside, existing)

    def apply(self, record: dict, persons: dict, outside: set, existing: set) -> None:
        from ptdv.membership import movements
        from ptdv.membership.models import RollEvent

        row, kind = record["_row"], record["kind"]
        label = f"{record['citizen_id']} {kind} {_fmt(record['date'])}"
        person = persons.get(record["citizen_id"])
        if person is not None and person.pk in outside:
            self.problem(row, "citizen_id", person_unusable())
            return
        unit = None
        if record["unit_code"]:
            unit = self.unit_for(record)
            if unit is None:
                return
        if (record["citizen_id"], kind, record["date"]) in existing:
            event = RollEvent.objects.filter(membership__person=person, kind=kind, date=record["date"]).first()
            changes = {
                name: record[name]
                for name in ("other_place", "document_number", "document_date", "note")
                if record[name] not in (None, "") and getattr(event, name) != record[name]
            }
            if not changes:
                self.result.count("unchanged", row, label)
                return
            for name, value in changes.items():
                setattr(event, name, value)
            event.save(update_fields=list(changes))
            before = {k: _json(v) for k, v in changes.items()}
            after = {k: _json(getattr(event, k)) for k in changes}
            self.event(f"membership.{kind}", "membership.membership", event.membership_id, None, before, after)
            self.flush_events()
            self.result.count("updated", row, label)
            return
        if kind in ("transfer_in", "internal") and unit is None:
            self.problem(row, "unit_code", _("Name the cell the member moves to."))
            return
        membership = getattr(person, "membership", None) if person is not None else None
        if membership is None:
            if person is not None or kind != "transfer_in":
                if self.scope.unlimited or person is not None:
                    self.problem(row, "citizen_id", _("No party member with this citizen ID is on the roll."))
                else:
                    self.problem(row, "citizen_id", person_unusable())
                return
            membership = self.arrive(record, unit)
            if membership is None:
                return
            self.result.count("created", row, label)
            persons[record["citizen_id"]] = membership.person
            return
        document = {
            "other_place": record["other_place"],
            "document_number": record["document_number"],
            "document_date": record["document_date"],
            "note": record["note"],
        }
        destination = kind in ("transfer_in", "internal", "temporary_out", "restored")
        try:
            with transaction.atomic():
                movements.movement_record(
                    actor=self.actor, membership=membership, kind=kind, on=record["date"],
                    unit=unit if destination else None, origin=None if destination else unit, **document,
                )  # fmt: skip
        except ValidationError as error:
            code = getattr(error, "code", "")
            if code == "out_of_scope":
                self.problem(row, "citizen_id", person_unusable())
            else:
                self.problem(row, MOVEMENT_PROBLEM_COLUMNS.get(code, "kind"), " ".join(error.messages))
            return
        membership.refresh_from_db()
        self.result.count("created", row, label)

    def arrive(self, record: dict, unit):
        """A member arriving from outside the system (transfer_in with the `members` columns): the person and their
        membership from that date — their admission elsewhere is not an admission of the receiving unit."""
        from ptdv.membership import movements
        from ptdv.membership.history import base_sync
        from ptdv.people.services import person_create

        row = record["_row"]
        missing = [key for key in self.ARRIVAL_REQUIRED if record.get(key) in (None, "")]
        for key in missing:
            self.problem(row, key, _("A member arriving from outside the system needs this column: fill it in."))
        if missing:
            return None
        if record["decision_date"] > record["date"]:
            self.problem(row, "decision_date", _("The admission decision is after the date of arrival."))
            return None
        values = _person_values(record)
        try:
            with transaction.atomic():
                person = person_create(actor=self.actor, unit=unit, citizen_id=record["citizen_id"], **values)
                full = record["full_member_date"]
                membership = Membership.objects.create(
                    person=person, unit=unit, admission_unit=None, arrived_on=record["date"],
                    status=MembershipStatus.FULL if full and full <= record["date"] else MembershipStatus.PROBATIONARY,
                    decision_date=record["decision_date"], decision_number=record["decision_number"][:32],
                    ceremony_date=record["ceremony_date"], full_member_date=full,
                    card_number=record["card_number"][:32], readmitted=record["readmitted"],
                )  # fmt: skip
                movements.movement_record(
                    actor=self.actor, membership=membership, kind="transfer_in", on=record["date"], unit=unit,
                    status=membership.status, other_place=record["other_place"],
                    document_number=record["document_number"], document_date=record["document_date"],
                    note=record["note"],
                )  # fmt: skip
                base_sync([membership], actor=self.actor, lenient=False)
        except ValidationError as error:
            columns = {key: key for key in [*PERSON_KEYS, "citizen_id"]}
            if hasattr(error, "error_dict"):
                self.service_problems(row, error, {**columns, "__all__": "kind"})
            else:
                self.problem(row, MOVEMENT_PROBLEM_COLUMNS.get(getattr(error, "code", ""), "kind"),
                             " ".join(error.messages))  # fmt: skip
            return None
        return membership
