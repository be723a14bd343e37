"""The `members` format (exchange.md): the roll, present and past."""

import datetime
from types import SimpleNamespace

from django.conf import settings
from django.utils.translation import gettext as _

from ptdv.membership.models import Membership, MembershipStatus
from ptdv.people.choices import LeaveReason
from ptdv.people.models import Candidate, HelperAssignment
from ptdv.reports.services import admission_records_sync

from .. import rules
from ..scope import (
    card_unusable,
)
from .base import insert_rows
from .people import MEMBERSHIP_KEYS, PersonImporter, _json, _person_values


class MemberImporter(PersonImporter):
    """The `members` format: the roll, present and past; a row creates or updates the Person and its Membership."""

    kind = "members"
    members = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.min_age = settings.PTDV_MIN_AGE_YEARS

    def check_row(self, record: dict) -> bool:
        ok = super().check_row(record)
        record["decision_number"] = record["decision_number"][:32]
        for key, message in rules.member_date_problems(
            birth_date=record["birth_date"],
            decision_date=record["decision_date"],
            ceremony_date=record["ceremony_date"],
            full_member_date=record["full_member_date"],
            today=self.today,
            min_age_years=self.min_age,
        ).items():
            self.problem(record["_row"], key, message)
            ok = False
        card = record["card_number"]
        if card:
            if len(card) > 32:
                self.problem(record["_row"], "card_number", _("The card number has at most 32 characters."))
                ok = False
            elif card in self.seen_cards:
                self.problem(record["_row"], "card_number", _("The card number %(number)s is already on row "
                             "%(other)s.") % {"number": card, "other": self.seen_cards[card]})  # fmt: skip
                ok = False
            else:
                self.seen_cards[card] = record["_row"]
        return ok

    def plan(self, records, existing):
        cards = {r["card_number"]: r for r in records if r["card_number"]}
        taken = {}
        if cards:
            taken = {
                card: (citizen_id, person_id)
                for card, citizen_id, person_id in Membership.objects.filter(card_number__in=list(cards)).values_list(
                    "card_number", "person__citizen_id", "person_id"
                )
            }
        holders_outside = self.scope.persons_outside(
            person_id for card, (citizen_id, person_id) in taken.items() if citizen_id != cards[card]["citizen_id"]
        )
        plan = []
        for record in records:
            row = record["_row"]
            person = existing.get(record["citizen_id"])
            if self.refused(record, person):
                continue
            holder, holder_id = taken.get(record["card_number"], (None, None))
            if holder and holder != record["citizen_id"]:
                if holder_id in holders_outside:
                    self.problem(row, "card_number", card_unusable())
                else:
                    self.problem(row, "card_number", _("Card number %(number)s is already given to another member.")
                                 % {"number": record["card_number"]})  # fmt: skip
                continue
            membership = getattr(person, "membership", None) if person else None
            values = _person_values(record)
            member = {key: record[key] for key in MEMBERSHIP_KEYS}
            current = (MembershipStatus.PROBATIONARY, MembershipStatus.FULL)
            if membership is not None and membership.status not in current:
                status = membership.status  # off the roll (struck off, died, transferred out…): its history says so
            elif record["full_member_date"]:
                status = MembershipStatus.FULL
            else:
                status = MembershipStatus.PROBATIONARY
            member["status"] = status
            label = f"{record['full_name']} ({record['citizen_id']})"
            if person is None:
                self.result.count("created", row, label)
                plan.append(("create", record, None, None, None, values, member))
                continue
            same_person = (
                all(getattr(person, k) == v for k, v in values.items()) and person.unit_id == record["unit"].pk
            )
            same_member = (
                membership is not None
                and membership.unit_id == record["unit"].pk
                and all(getattr(membership, k) == v for k, v in member.items())
            )
            if same_person and same_member:
                self.result.count("unchanged", row, label)
                continue
            self.result.count("updated", row, label)
            plan.append(("update", record, person, membership, None, values, member))
        return plan

    def write(self, plan) -> None:
        persons = self.write_persons(plan)
        new, changed, befores = [], [], {}
        for _action, record, _person, membership, _h, _values, member in plan:
            person_id = persons[record["citizen_id"]]
            if membership is None:
                new.append({**member, "person_id": person_id, "unit_id": record["unit"].pk,
                            "admission_unit_id": record["unit"].pk})  # fmt: skip
            else:
                befores[membership.pk] = {**{k: _json(getattr(membership, k)) for k in member},
                                          "unit": membership.unit_id}  # fmt: skip
                for key, value in member.items():
                    setattr(membership, key, value)
                if membership.admission_unit_id in (None, membership.unit_id) and not membership.arrived_on:
                    membership.admission_unit = record["unit"]  # a correction of where the member was admitted
                membership.unit = record["unit"]
                changed.append(membership)
        insert_rows(Membership, new)
        Membership.objects.bulk_update(changed, [*MEMBERSHIP_KEYS, "status", "unit", "admission_unit"], batch_size=1000)
        new_ids = dict(
            Membership.objects.filter(person_id__in=[row["person_id"] for row in new]).values_list("person_id", "pk")
        )
        keys = [*MEMBERSHIP_KEYS, "status"]
        for row in new:
            after = {**{k: _json(row[k]) for k in keys}, "unit": row["unit_id"], "person": row["person_id"]}
            self.event("membership.import", "membership.membership", new_ids[row["person_id"]], row["unit_id"],
                       None, after)  # fmt: skip
        for membership in changed:
            after = {**{k: _json(getattr(membership, k)) for k in keys}, "unit": membership.unit_id}
            self.event("membership.import", "membership.membership", membership.pk, membership.unit_id,
                       befores[membership.pk], after)  # fmt: skip
        decisions = {row["person_id"]: row["decision_date"] for row in new}
        decisions.update({m.person_id: m.decision_date for m in changed})
        self._close_pool_entries(decisions)
        self.flush_events()
        # The admission records and monthly rollups the reports read, in this same transaction: the memberships
        # as written, with their persons, built from what this batch holds rather than read back.
        written = []
        for _action, record, person, membership, _h, values, member in plan:
            if membership is None:
                person_id = persons[record["citizen_id"]]
                membership = SimpleNamespace(pk=new_ids[person_id], unit_id=record["unit"].pk, **member)
                membership.person = SimpleNamespace(pk=person_id, **values)
            else:
                membership.person = person
            written.append(membership)
        admission_records_sync(memberships=written, as_written=True)
        # The roll's history: the admission's own events (decision, ceremony, recognition) from the rows.
        from ptdv.membership.history import base_sync

        base_sync(Membership.objects.filter(person_id__in=list(persons.values())), actor=self.actor)

    def _close_pool_entries(self, decisions: dict[int, datetime.date]) -> None:
        """A person now on the roll leaves the pool (reason: admission), on the decision date or later."""
        if not decisions:
            return
        for candidate in Candidate.objects.filter(person_id__in=list(decisions), left_on__isnull=True):
            candidate.left_on = max(decisions[candidate.person_id], candidate.entered_on)
            candidate.leave_reason = LeaveReason.ADMISSION
            candidate.save(update_fields=["left_on", "leave_reason"])
            HelperAssignment.objects.filter(candidate=candidate, ended_on__isnull=True).update(
                ended_on=candidate.left_on
            )
            self.event("candidate.leave", "people.candidate", candidate.pk, candidate.unit_id, None,
                       {"left_on": candidate.left_on.isoformat(), "leave_reason": candidate.leave_reason})  # fmt: skip
