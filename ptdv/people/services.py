"""Every write about persons and the candidate pool: one transaction, one event row each."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record, snapshot
from ptdv.membership.selectors import helper_problem

from . import rules
from .access import can_edit_in_unit, can_see_person
from .choices import ETHNIC_GROUPS, RELIGIONS, LeaveReason, Occupation, PoliticalTheory, PoolSource, Sex
from .models import Candidate, CandidateNote, HelperAssignment, Person, PersonSearchToken

PERSON_FIELDS = [
    "full_name", "other_names", "sex", "birth_date", "birth_place", "hometown", "permanent_address",
    "temporary_address", "ethnicity", "religion", "citizen_id", "phone", "occupation", "workplace",
    "general_education", "professional_qualification", "political_theory", "youth_union", "youth_union_date",
    "trade_union", "business_owner",
]  # fmt: skip
RECORDED_PERSON_FIELDS = [*PERSON_FIELDS, "unit"]
CANDIDATE_FIELDS = ["person", "unit", "entered_on", "source", "education_exception", "left_on", "leave_reason"]


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _require_edit(actor, unit) -> None:
    if actor is not None and not can_edit_in_unit(actor, unit):
        raise ValidationError({"unit": _("You may only record persons of the units you manage.")})


def _citizen_id_taken(actor, citizen_id: str, exclude_pk) -> str | None:
    """The message for a citizen ID another person holds, or None. Only a person the actor may see is said to be
    already recorded (they can find them); anyone else's ID — another organisation's candidate, member, anyone — gets
    the same neutral words, which name nobody and tell nothing of where they are or their party status."""
    other = Person.objects.filter(citizen_id=citizen_id).exclude(pk=exclude_pk).select_related("unit").first()
    if other is None:
        return None
    if actor is None or can_see_person(actor, other):
        return _(
            "A person with citizen ID %(value)s is already recorded: search for them instead of adding them again."
        ) % {"value": citizen_id}
    return _("This citizen ID cannot be recorded in your units: contact the organisation committee above.")


def _clean_person(data: dict, *, actor=None, exclude_pk=None) -> dict:
    """Normalise and check a person's fields; raise every problem at once."""
    data = {**data}
    errors: dict[str, str] = {}
    data["full_name"] = " ".join((data.get("full_name") or "").split())
    data["citizen_id"] = rules.normalise_citizen_id(data.get("citizen_id") or "")
    data["general_education"] = (data.get("general_education") or "").replace(" ", "")
    if not data["full_name"]:
        errors["full_name"] = _("Enter the full name.")
    problem = rules.citizen_id_problem(data["citizen_id"])
    if problem == "missing":
        errors["citizen_id"] = _("Enter the citizen ID (12 digits).")
    elif problem == "not_digits":
        errors["citizen_id"] = _("The citizen ID has digits only: %(value)s contains other characters.") % {
            "value": data["citizen_id"]
        }
    elif problem == "length":
        errors["citizen_id"] = _("The citizen ID has 12 digits; %(value)s has %(count)s.") % {
            "value": data["citizen_id"],
            "count": len(data["citizen_id"]),
        }
    elif taken := _citizen_id_taken(actor, data["citizen_id"], exclude_pk):
        errors["citizen_id"] = taken
    birth_date = data.get("birth_date")
    today = timezone.localdate()
    if birth_date is None:
        errors["birth_date"] = _("Enter the date of birth.")
    elif birth_date > today:
        errors["birth_date"] = _("The date of birth %(date)s is in the future.") % {"date": _fmt(birth_date)}
    elif birth_date.year < 1900:
        errors["birth_date"] = _("Check the date of birth %(date)s.") % {"date": _fmt(birth_date)}
    if data.get("sex") not in Sex.values:
        errors["sex"] = _("Choose the sex.")
    if data.get("occupation") not in Occupation.values:
        errors["occupation"] = _("Choose an occupation from the list.")
    if data.get("ethnicity", "Kinh") not in ETHNIC_GROUPS:
        errors["ethnicity"] = _("Choose an ethnic group from the list.")
    if data.get("religion", "Không") not in RELIGIONS:
        errors["religion"] = _("Choose a religion from the list (“Không” for none).")
    if data.get("political_theory", "") not in PoliticalTheory.values:
        errors["political_theory"] = _("Choose a political theory level from the list.")
    if data["general_education"] and rules.parse_general_education(data["general_education"]) is None:
        errors["general_education"] = _("Write general education as grade/system, e.g. 9/12 or 12/12.")
    youth_date = data.get("youth_union_date")
    if youth_date and birth_date and youth_date < birth_date:
        errors["youth_union_date"] = _("The Youth Union date is before the date of birth.")
    if youth_date and youth_date > today:
        errors["youth_union_date"] = _("The Youth Union date %(date)s is in the future.") % {"date": _fmt(youth_date)}
    if errors:
        raise ValidationError(errors)
    return data


def person_check(*, actor, data: dict, exclude_pk=None) -> None:
    """The person's checks without saving (a form shows them with its own errors: every error at once)."""
    _clean_person({name: data.get(name) for name in PERSON_FIELDS}, actor=actor, exclude_pk=exclude_pk)


def _sync_tokens(person: Person) -> None:
    wanted = person.search_tokens()
    existing = set(person.tokens.values_list("token", flat=True))
    person.tokens.filter(token__in=existing - wanted).delete()
    PersonSearchToken.objects.bulk_create([PersonSearchToken(person=person, token=t) for t in wanted - existing])


@transaction.atomic
def person_create(*, actor, unit, **fields) -> Person:
    """Record a person in `unit` (their cell). `fields` are Person's fields (PERSON_FIELDS)."""
    _require_edit(actor, unit)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    data = _clean_person(fields, actor=actor)
    person = Person.objects.create(unit=unit, **data)
    _sync_tokens(person)
    event_record(
        actor=actor, action="person.create", target=person, unit=unit, after=snapshot(person, RECORDED_PERSON_FIELDS)
    )
    return person


@transaction.atomic
def person_update(*, actor, person: Person, **fields) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    _require_edit(actor, person.unit)
    before = snapshot(person, RECORDED_PERSON_FIELDS)
    current = {name: getattr(person, name) for name in PERSON_FIELDS}
    data = _clean_person({**current, **fields}, actor=actor, exclude_pk=person.pk)
    for name, value in data.items():
        setattr(person, name, value)
    person.save()
    _sync_tokens(person)
    event_record(
        actor=actor,
        action="person.update",
        target=person,
        unit=person.unit,
        before=before,
        after=snapshot(person, RECORDED_PERSON_FIELDS),
    )
    return person


@transaction.atomic
def candidate_enter(
    *,
    actor,
    person: Person,
    unit,
    entered_on: datetime.date,
    source: str,
    education_exception: str = "",
) -> Candidate:
    """Put a person in the candidate pool of a cell; their record moves to that cell."""
    person = Person.objects.select_for_update(of=("self",)).select_related("unit").get(pk=person.pk)
    _require_edit(actor, person.unit)
    _require_edit(actor, unit)
    errors: dict[str, str] = {}
    if Candidate.objects.filter(person=person, left_on__isnull=True).exists():
        errors["__all__"] = _("%(name)s is already in the candidate pool.") % {"name": person.full_name}
    if hasattr(person, "membership"):
        errors["__all__"] = _("%(name)s is already a party member.") % {"name": person.full_name}
    if source not in PoolSource.values:
        errors["source"] = _("Choose who proposed the candidate.")
    if entered_on > timezone.localdate():
        errors["entered_on"] = _("The date %(date)s is in the future.") % {"date": _fmt(entered_on)}
    elif entered_on < person.birth_date:
        errors["entered_on"] = _("The date %(date)s is before the date of birth.") % {"date": _fmt(entered_on)}
    if unit.valid_to is not None and unit.valid_to < entered_on:
        errors["unit"] = _("The unit %(code)s was closed on %(date)s.") % {
            "code": unit.code,
            "date": _fmt(unit.valid_to),
        }
    if errors:
        raise ValidationError(errors)
    if person.unit_id != unit.pk:
        before = snapshot(person, ["unit"])
        person.unit = unit
        person.save(update_fields=["unit", "updated_at"])
        event_record(
            actor=actor, action="person.move", target=person, unit=unit, before=before, after=snapshot(person, ["unit"])
        )
    candidate = Candidate.objects.create(
        person=person, unit=unit, entered_on=entered_on, source=source, education_exception=education_exception.strip()
    )
    event_record(
        actor=actor, action="candidate.enter", target=candidate, unit=unit, after=snapshot(candidate, CANDIDATE_FIELDS)
    )
    return candidate


@transaction.atomic
def candidate_move(*, actor, candidate: Candidate, unit) -> Candidate:
    """A candidate who moves (a new job, a new residence) goes on to `unit`'s cell with their pool entry and an open
    dossier: the same rows, so the dates, helpers, notes and steps are kept (roll.md); each move audited."""
    from ptdv.membership.movements import follow_the_person

    candidate = Candidate.objects.select_for_update(of=("self",)).select_related("unit", "person").get(pk=candidate.pk)
    _require_edit(actor, candidate.unit)
    _require_edit(actor, unit)
    if candidate.left_on is not None:
        raise ValidationError({"unit": _("This person has left the pool.")}, code="left")
    if unit.pk == candidate.unit_id:
        raise ValidationError({"unit": _("The candidate is already in that cell.")}, code="same_unit")
    if unit.valid_to is not None and unit.valid_to < timezone.localdate():
        raise ValidationError(
            {"unit": _("The unit %(code)s was closed on %(date)s.") % {"code": unit.code, "date": _fmt(unit.valid_to)}}
        )
    follow_the_person(actor=actor, person=candidate.person, unit=unit, reason="candidate_moved")
    candidate.refresh_from_db()
    return candidate


@transaction.atomic
def candidate_set_education_exception(*, actor, candidate: Candidate, reason: str) -> Candidate:
    candidate = Candidate.objects.select_for_update(of=("self",)).select_related("unit").get(pk=candidate.pk)
    _require_edit(actor, candidate.unit)
    before = snapshot(candidate, ["education_exception"])
    candidate.education_exception = reason.strip()
    candidate.save(update_fields=["education_exception"])
    event_record(
        actor=actor,
        action="candidate.education_exception",
        target=candidate,
        unit=candidate.unit,
        before=before,
        after=snapshot(candidate, ["education_exception"]),
    )
    return candidate


@transaction.atomic
def helper_assign(*, actor, candidate: Candidate, helper: Person, assigned_on: datetime.date) -> HelperAssignment:
    """Assign a full member of the same grassroots organisation to help the candidate."""
    candidate = Candidate.objects.select_for_update(of=("self",)).select_related("unit", "person").get(pk=candidate.pk)
    _require_edit(actor, candidate.unit)
    errors: dict[str, str] = {}
    if not candidate.is_active:
        errors["__all__"] = _("This candidate has left the pool.")
    helper = Person.objects.select_related("membership__unit").get(pk=helper.pk)
    problem = helper_problem(unit=candidate.unit, person_id=candidate.person_id, helper=helper)
    if problem:
        errors["helper"] = problem
    elif candidate.helper_assignments.filter(helper=helper, ended_on__isnull=True).exists():
        errors["helper"] = _("%(name)s is already helping this candidate.") % {"name": helper.full_name}
    if assigned_on < candidate.entered_on:
        errors["assigned_on"] = _("The date is before the candidate entered the pool (%(date)s).") % {
            "date": _fmt(candidate.entered_on)
        }
    elif assigned_on > timezone.localdate():
        errors["assigned_on"] = _("The date %(date)s is in the future.") % {"date": _fmt(assigned_on)}
    if errors:
        raise ValidationError(errors)
    assignment = HelperAssignment.objects.create(candidate=candidate, helper=helper, assigned_on=assigned_on)
    event_record(
        actor=actor,
        action="candidate.helper_assign",
        target=candidate,
        unit=candidate.unit,
        after={"helper": helper.pk, "assigned_on": assigned_on.isoformat()},
    )
    return assignment


@transaction.atomic
def helper_end(*, actor, assignment: HelperAssignment, ended_on: datetime.date) -> HelperAssignment:
    """End a helper's assignment (to change helpers); the assignment stays in the history."""
    assignment = (
        HelperAssignment.objects.select_for_update(of=("self",)).select_related("candidate__unit").get(pk=assignment.pk)
    )
    _require_edit(actor, assignment.candidate.unit)
    if assignment.ended_on is not None:
        raise ValidationError({"__all__": _("This assignment has already ended.")})
    if ended_on < assignment.assigned_on:
        raise ValidationError(
            {
                "ended_on": _("The end date is before the assignment (%(date)s).")
                % {"date": _fmt(assignment.assigned_on)}
            }
        )
    assignment.ended_on = ended_on
    assignment.save(update_fields=["ended_on"])
    event_record(
        actor=actor,
        action="candidate.helper_end",
        target=assignment.candidate,
        unit=assignment.candidate.unit,
        after={"helper": assignment.helper_id, "ended_on": ended_on.isoformat()},
    )
    return assignment


@transaction.atomic
def candidate_note_add(*, actor, candidate: Candidate, written_on: datetime.date, text: str) -> CandidateNote:
    candidate = Candidate.objects.select_related("unit").get(pk=candidate.pk)
    _require_edit(actor, candidate.unit)
    errors = {}
    if not text.strip():
        errors["text"] = _("Write the note.")
    if written_on > timezone.localdate():
        errors["written_on"] = _("The date %(date)s is in the future.") % {"date": _fmt(written_on)}
    if errors:
        raise ValidationError(errors)
    note = CandidateNote.objects.create(candidate=candidate, written_on=written_on, text=text.strip(), author=actor)
    event_record(actor=actor, action="candidate.note", target=candidate, unit=candidate.unit, after={"note": note.pk})
    return note


@transaction.atomic
def candidate_leave(*, actor, candidate: Candidate, left_on: datetime.date, reason: str, note: str = "") -> Candidate:
    """Take a candidate out of the pool, with the reason; the entry stays in the history."""
    candidate = Candidate.objects.select_for_update(of=("self",)).select_related("unit").get(pk=candidate.pk)
    _require_edit(actor, candidate.unit)
    before = snapshot(candidate, CANDIDATE_FIELDS)
    errors = {}
    if not candidate.is_active:
        errors["__all__"] = _("This candidate has already left the pool.")
    if reason not in LeaveReason.values:
        errors["leave_reason"] = _("Choose the reason for leaving the pool.")
    if left_on < candidate.entered_on:
        errors["left_on"] = _("The date is before the candidate entered the pool (%(date)s).") % {
            "date": _fmt(candidate.entered_on)
        }
    elif left_on > timezone.localdate():
        errors["left_on"] = _("The date %(date)s is in the future.") % {"date": _fmt(left_on)}
    else:
        latest_helper = candidate.helper_assignments.filter(ended_on__isnull=True).order_by("-assigned_on").first()
        if latest_helper is not None and left_on < latest_helper.assigned_on:
            errors["left_on"] = _("The date is before a helper was assigned (%(date)s).") % {
                "date": _fmt(latest_helper.assigned_on)
            }
    if errors:
        raise ValidationError(errors)
    candidate.left_on, candidate.leave_reason, candidate.leave_note = left_on, reason, note.strip()
    candidate.save(update_fields=["left_on", "leave_reason", "leave_note"])
    candidate.helper_assignments.filter(ended_on__isnull=True).update(ended_on=left_on)
    event_record(
        actor=actor,
        action="candidate.leave",
        target=candidate,
        unit=candidate.unit,
        before=before,
        after=snapshot(candidate, CANDIDATE_FIELDS),
    )
    return candidate
