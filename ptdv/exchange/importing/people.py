"""The `people` format (exchange.md): persons in the candidate pool, key the citizen ID."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ptdv.audit.models import Event
from ptdv.membership.selectors import helper_problem
from ptdv.people import rules as people_rules
from ptdv.people.choices import PoolSource
from ptdv.people.models import Candidate, HelperAssignment, Person, PersonSearchToken
from ptdv.units.models import Unit

from ..formats import MEMBER_IGNORED
from ..scope import (
    changed_meanwhile,
    helper_unusable,
    person_unusable,
    unit_not_yours,
)
from .base import BATCH, Importer, _fmt, insert_rows

# ---------------------------------------------------------------- persons: the pool and the roll

PERSON_KEYS = [
    "full_name", "birth_date", "sex", "ethnicity", "religion", "occupation", "general_education", "youth_union",
    "business_owner",
]  # fmt: skip
MEMBERSHIP_KEYS = ["decision_date", "decision_number", "ceremony_date", "full_member_date", "card_number", "readmitted"]


def _person_values(record: dict) -> dict:
    values = {key: record[key] for key in PERSON_KEYS}
    values["ethnicity"] = values["ethnicity"] or "Kinh"
    values["religion"] = values["religion"] or "Không"
    values["general_education"] = values["general_education"].replace(" ", "")
    return values


def _exception(record: dict) -> str:
    """The candidate's education exception from a `people` row: its reason when marked, else empty."""
    return (record.get("education_exception_reason") or "").strip() if record.get("education_exception") else ""


def _json(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


class PersonImporter(Importer):
    """The `people` format: persons in the candidate pool of a cell, key the citizen ID."""

    kind = "people"
    members = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen_ids: dict[str, int] = {}
        self.seen_cards: dict[str, int] = {}
        self.today = timezone.localdate()
        self.events: list[Event] = []
        self.helpers: dict[str, Person | None] = {}
        self.helpers_outside: set[int] = set()
        self.outside: set[int] = set()

    def run(self, rows, *, write: bool) -> None:
        batch = []
        self.prepare(ignored=MEMBER_IGNORED if self.members else frozenset())
        partial = []
        for number, values in rows:
            record = self.parse(number, values)
            if record is not None:
                batch.append(record)
            else:
                partial.append(self.last_partial)
            if len(batch) + len(partial) >= BATCH:
                self.process(batch, write=write, partial=partial)
                batch, partial = [], []
        if batch or partial:
            self.process(batch, write=write, partial=partial)

    # -- checks

    def check_row(self, record: dict) -> bool:
        row = record["_row"]
        ok = True
        citizen_id = record["citizen_id"]
        if citizen_id in self.seen_ids:
            self.problem(row, "citizen_id", _("The citizen ID %(value)s is already on row %(other)s.")
                         % {"value": citizen_id, "other": self.seen_ids[citizen_id]})  # fmt: skip
            ok = False
        else:
            self.seen_ids[citizen_id] = row
        birth = record["birth_date"]
        if birth > self.today:
            self.problem(row, "birth_date", _("The date of birth %(date)s is in the future.") % {"date": _fmt(birth)})
            ok = False
        elif birth.year < 1900:
            self.problem(row, "birth_date", _("Check the date of birth %(date)s.") % {"date": _fmt(birth)})
            ok = False
        education = record["general_education"].replace(" ", "")
        if education and people_rules.parse_general_education(education) is None:
            self.problem(row, "general_education",
                         _("Write general education as grade/system, e.g. 9/12 or 12/12."))  # fmt: skip
            ok = False
        if not self.members:
            reason = (record["education_exception_reason"] or "").strip()
            if record["education_exception"] and not reason:
                self.problem(row, "education_exception_reason",
                             _("Write the reason for the education exception."))  # fmt: skip
                ok = False
            elif reason and not record["education_exception"]:
                message = _("A reason is given: mark the education exception “Có”, or clear the reason.")
                self.problem(row, "education_exception", message)
                ok = False
            pool_date = record["pool_date"]
            if pool_date and pool_date > self.today:
                self.problem(row, "pool_date", _("The date %(date)s is in the future.") % {"date": _fmt(pool_date)})
                ok = False
            elif pool_date and pool_date < birth:
                self.problem(row, "pool_date", _("The date %(date)s is before the date of birth.")
                             % {"date": _fmt(pool_date)})  # fmt: skip
                ok = False
        return ok

    def process(self, batch: list[dict], *, write: bool, partial=()) -> None:
        usable = [r for r in partial if r.get("unit_code")]  # rows with other problems: their unit is still checked
        self.load_units(r["unit_code"].upper() for r in [*batch, *usable])
        for record in usable:
            self.unit_for(record)
        checked = []
        for record in batch:
            ok = self.check_row(record)
            unit = self.unit_for(record)
            if unit is None or not ok:
                continue
            record["unit"] = unit
            checked.append(record)
        existing = {
            p.citizen_id: p
            for p in Person.objects.filter(citizen_id__in=[r["citizen_id"] for r in checked]).select_related(
                "membership"
            )
        }
        # Persons of another organisation: refused before anything of theirs is compared or named (scope.py).
        self.outside = self.scope.persons_outside(p.pk for p in existing.values())
        plan = self.plan(checked, existing)
        if write and self.result.ok and self.scope_still_holds(plan):
            self.write(plan)

    def refused(self, record: dict, person) -> bool:
        """A row whose person belongs (also) to another organisation: one neutral problem, and nothing else of the
        row is checked against that person."""
        if person is not None and person.pk in self.outside:
            self.problem(record["_row"], "citizen_id", person_unusable())
            return True
        return False

    def scope_still_holds(self, plan) -> bool:
        """The check again, in the write's transaction just before the rows are written: the persons of the batch
        read anew by citizen ID and locked with everything that anchors them, so that a person moved to another
        organisation (or recorded by someone else) since the batch was planned is refused, not overwritten."""
        if self.scope.unlimited or not plan:
            return True
        now = dict(
            Person.objects.select_for_update()
            .filter(citizen_id__in=[record["citizen_id"] for _a, record, *_rest in plan])
            .order_by("pk")
            .values_list("citizen_id", "pk")
        )
        outside = self.scope.persons_outside(now.values(), lock=True)
        # The target units too (cached for the whole file): one moved out of the actor's units meanwhile is refused.
        paths = dict(Unit.objects.filter(pk__in={r["unit"].pk for _a, r, *_rest in plan}).values_list("pk", "path"))
        held = True
        for _action, record, person, *_rest in plan:
            person_id = now.get(record["citizen_id"])
            if not self.scope.holds(paths.get(record["unit"].pk, "")):
                self.problem(record["_row"], "unit_code", unit_not_yours(record["unit_code"]))
                held = False
            elif person_id in outside:
                self.problem(record["_row"], "citizen_id", person_unusable())
                held = False
            elif person_id != (person.pk if person is not None else None):
                self.problem(record["_row"], "citizen_id", changed_meanwhile())
                held = False
        return held

    def plan(self, records, existing):
        open_entries = {
            c.person_id: c
            for c in Candidate.objects.filter(
                person__in=[p.pk for p in existing.values()], left_on__isnull=True
            ).prefetch_related("helper_assignments")
        }
        self.load_helpers({r["helper_citizen_id"] for r in records if r["helper_citizen_id"]})
        plan = []
        for record in records:
            row = record["_row"]
            person = existing.get(record["citizen_id"])
            if self.refused(record, person):
                continue
            if person is not None and hasattr(person, "membership"):
                self.problem(row, "citizen_id", _("%(name)s is already a party member: import them in the members "
                             "format.") % {"name": person.full_name})  # fmt: skip
                continue
            candidate = open_entries.get(person.pk) if person else None
            helper = None
            if record["helper_citizen_id"]:
                helper = self.helpers.get(record["helper_citizen_id"])
                problem = self.helper_problem(record, person, helper)
                if problem:
                    self.problem(row, "helper_citizen_id", problem)
                    continue
            values = _person_values(record)
            pool_date = record["pool_date"] or (candidate.entered_on if candidate else self.today)
            label = f"{record['full_name']} ({record['citizen_id']})"
            if person is None:
                self.result.count("created", row, label)
                plan.append(("create", record, None, candidate, helper, values, pool_date))
                continue
            same_person = (
                all(getattr(person, k) == v for k, v in values.items()) and person.unit_id == record["unit"].pk
            )
            same_entry = (
                candidate is not None
                and candidate.unit_id == record["unit"].pk
                and candidate.entered_on == pool_date
                and candidate.education_exception == _exception(record)
            )
            open_helpers = {a.helper_id for a in candidate.helper_assignments.all() if a.ended_on is None} if (
                candidate) else set()  # fmt: skip
            same_helper = helper is None or helper.pk in open_helpers
            if same_person and same_entry and same_helper:
                self.result.count("unchanged", row, label)
                continue
            self.result.count("updated", row, label)
            plan.append(("update", record, person, candidate, helper, values, pool_date))
        return plan

    def load_helpers(self, citizen_ids) -> None:
        wanted = {c for c in citizen_ids if c not in self.helpers}
        if not wanted:
            return
        found = {
            p.citizen_id: p for p in Person.objects.filter(citizen_id__in=wanted).select_related("membership__unit")
        }
        for citizen_id in wanted:
            self.helpers[citizen_id] = found.get(citizen_id)
        self.helpers_outside |= self.scope.persons_outside(p.pk for p in found.values())

    def helper_problem(self, record: dict, person, helper) -> str | None:
        """Why the row's helper may not help, or None. A full member of the same grassroots organisation may help
        wherever in it they are (the pages offer them all). Any other answer names the helper and says what they
        are only when they are the actor's: otherwise an unknown ID and another organisation's person get the same
        words (scope.py)."""
        if helper is None:
            if self.scope.unlimited:
                return _("No person with the citizen ID %(value)s is recorded.") % {
                    "value": record["helper_citizen_id"]
                }
            return helper_unusable()
        problem = helper_problem(unit=record["unit"], person_id=person.pk if person else None, helper=helper)
        if problem and helper.pk in self.helpers_outside:
            return helper_unusable()
        return problem

    # -- writing

    def event(self, action: str, target_type: str, target_id, unit_id, before, after) -> None:
        """An audit event of this import, written with the batch (audit.Event rows, the same transaction)."""
        if before is not None:
            changed = {k for k in after if before.get(k) != after.get(k)}
            before = {k: v for k, v in before.items() if k in changed}
            after = {k: v for k, v in after.items() if k in changed}
        self.events.append(
            {
                "actor_id": self.actor.pk if getattr(self.actor, "pk", None) else None,
                "action": action,
                "target_type": target_type,
                "target_id": str(target_id),
                "unit_id": unit_id,
                "before": before,
                "after": after,
            }
        )

    def flush_events(self) -> None:
        insert_rows(Event, self.events)
        self.events = []

    def write_persons(self, plan) -> dict[str, int]:
        """Create and update the persons of a batch, with their search tokens; returns their ids by citizen ID."""
        new = []
        changed = []
        befores = {}
        for action, record, person, _entry, _helper, values, _extra in plan:
            if action == "create":
                new.append(
                    {
                        **values,
                        "citizen_id": record["citizen_id"],
                        "unit_id": record["unit"].pk,
                        "sort_name": people_rules.name_sort_key(values["full_name"]),
                    }
                )
            else:
                befores[person.pk] = {**{k: _json(getattr(person, k)) for k in PERSON_KEYS}, "unit": person.unit_id}
                for key, value in values.items():
                    setattr(person, key, value)
                person.unit = record["unit"]
                person.sort_name = people_rules.name_sort_key(person.full_name)
                changed.append(person)
        ids = {}
        if new:
            insert_rows(Person, new)
            ids = dict(
                Person.objects.filter(citizen_id__in=[row["citizen_id"] for row in new]).values_list("citizen_id", "pk")
            )
        if changed:
            now = timezone.now()
            for person in changed:
                person.updated_at = now
            Person.objects.bulk_update(changed, [*PERSON_KEYS, "sort_name", "unit", "updated_at"], batch_size=1000)
            PersonSearchToken.objects.filter(person_id__in=[p.pk for p in changed]).delete()
        tokens = [
            {"person_id": ids[row["citizen_id"]], "token": token}
            for row in new
            for token in people_rules.search_tokens(row["full_name"], row["citizen_id"])
        ]
        tokens += [{"person_id": person.pk, "token": token} for person in changed for token in person.search_tokens()]
        insert_rows(PersonSearchToken, tokens)
        for row in new:
            after = {**{k: _json(row[k]) for k in PERSON_KEYS}, "unit": row["unit_id"], "citizen_id": row["citizen_id"]}
            self.event("person.create", "people.person", ids[row["citizen_id"]], row["unit_id"], None, after)
        for person in changed:
            after = {**{k: _json(getattr(person, k)) for k in PERSON_KEYS}, "unit": person.unit_id}
            self.event("person.update", "people.person", person.pk, person.unit_id, befores[person.pk], after)
        ids.update({person.citizen_id: person.pk for person in changed})
        return ids

    def write(self, plan) -> None:
        persons = self.write_persons(plan)
        new_entries, moved_entries, assignments = [], [], []
        for _action, record, _person, candidate, helper, _values, pool_date in plan:
            if candidate is None:
                candidate = Candidate(
                    person_id=persons[record["citizen_id"]],
                    unit=record["unit"],
                    entered_on=pool_date,
                    source=PoolSource.OTHER,
                    education_exception=_exception(record),
                )
                new_entries.append(candidate)
            elif (
                candidate.unit_id != record["unit"].pk
                or candidate.entered_on != pool_date
                or candidate.education_exception != _exception(record)
            ):
                candidate.unit, candidate.entered_on = record["unit"], pool_date
                candidate.education_exception = _exception(record)
                moved_entries.append(candidate)
            if helper is not None:
                assignments.append((candidate, helper))
        Candidate.objects.bulk_create(new_entries, batch_size=1000)
        Candidate.objects.bulk_update(moved_entries, ["unit", "entered_on", "education_exception"], batch_size=1000)
        existing_open = set(
            HelperAssignment.objects.filter(
                candidate__in=[c.pk for c, _h in assignments], ended_on__isnull=True
            ).values_list("candidate_id", "helper_id")
        )
        HelperAssignment.objects.bulk_create(
            [
                HelperAssignment(candidate=c, helper=h, assigned_on=max(c.entered_on, self.today))
                for c, h in assignments
                if (c.pk, h.pk) not in existing_open
            ]
        )
        for candidate in new_entries:
            self.event("candidate.enter", "people.candidate", candidate.pk, candidate.unit_id, None,
                       {"person": candidate.person_id, "unit": candidate.unit_id,
                        "entered_on": candidate.entered_on.isoformat(), "source": candidate.source})  # fmt: skip
        self.flush_events()
