"""Every move of a dossier: one service call, one transaction, one event row (who, when, from/to stage, data).

Each step is checked by admission.rules (plain Python): the move must be allowed from the dossier's stage, its
conditions must hold, and its dates must not come before the steps already recorded. Anything refused raises a
ValidationError with every reason, and nothing is written."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record
from ptdv.membership.models import Membership, MembershipStatus
from ptdv.membership.selectors import helper_problem
from ptdv.membership.services import (
    membership_make_full,
    membership_record,
    membership_record_ceremony,
    membership_strike_off,
)
from ptdv.people.models import Candidate, Person
from ptdv.people.selectors import latest_certificate_subquery
from ptdv.units.selectors import unit_competent_committee

from . import rules, steps
from .access import CELL, COMPETENT, GRASSROOTS, can_act
from .models import Dossier, DossierStage, FailedVote, IntroducerKind, Introduction, ReferralOutcome

Stage = rules.Stage

# The date field each stage records, in the order of the procedure (the date-order rule), and who records each
# move (admission.access): from the steps' one description (steps.py).
STAGE_DATE_FIELDS = steps.table("date_field")
STAGE_ACTORS = {**steps.table("actor"), **steps.CLOSING_ACTORS}


def admission_rules() -> rules.AdmissionRules:
    return rules.AdmissionRules(
        min_age_years=settings.PTDV_MIN_AGE_YEARS,
        max_age_years=settings.PTDV_MAX_AGE_YEARS,
        certificate_valid_months=settings.PTDV_CERTIFICATE_VALID_MONTHS,
        dossier_fresh_months=settings.PTDV_DOSSIER_FRESH_MONTHS,
    )


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


class StaleDossier(ValidationError):
    pass


def _coded(unmet: rules.Unmet) -> ValidationError:
    """A condition of the rules, refused with its message and its stable code (the API lists both)."""
    return ValidationError(unmet.message, code=unmet.code)


def _locked(dossier: Dossier, expected_version: int | None) -> Dossier:
    locked = (
        Dossier.objects.select_for_update(of=("self",)).select_related("person", "unit", "candidate").get(pk=dossier.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        message = _(
            "Someone else changed this dossier while you were editing it; nothing you sent was saved. "
            "Open the dossier again to see the change, then record the step again."
        )
        raise StaleDossier({"__all__": [message]})
    return locked


def _check_move(actor, dossier: Dossier, target: Stage) -> list:
    problems = []
    if actor is not None and not can_act(actor, dossier, STAGE_ACTORS[target]):
        problems.append(ValidationError(_("Your account may not record this step for this dossier."), code="not_actor"))
    current = None if dossier.stage == DossierStage.OPENED else Stage(dossier.stage)
    if target not in rules.allowed_moves(current):
        message = _("This step cannot be recorded now: the dossier is at “%(stage)s”.") % {
            "stage": dossier.get_stage_display()
        }
        problems.append(ValidationError(message, code="wrong_stage"))
    return problems


def _check_dates(dossier: Dossier, target: Stage, day: datetime.date) -> list:
    problems = []
    if day > timezone.localdate():
        problems.append(ValidationError(_("The date %(date)s is in the future.") % {"date": _fmt(day)}, code="future"))
    dates = {stage: getattr(dossier, field) for stage, field in STAGE_DATE_FIELDS.items()}
    dates[target] = day
    problems += [_coded(unmet) for unmet in rules.date_order_problems(dates)]
    failed = max(_failed_vote_dates(dossier), default=None)
    if failed is not None and day < failed:
        message = _("%(stage)s (%(date)s) cannot be before %(previous)s (%(previous_date)s)") % {
            "stage": rules.stage_label(target),
            "date": _fmt(day),
            "previous": _("a vote that did not pass"),
            "previous_date": _fmt(failed),
        }
        problems.append(ValidationError(message, code="date_order"))
    if day < dossier.opened_on and target in STAGE_DATE_FIELDS:
        problems.append(
            ValidationError(
                _("The date %(date)s is before the dossier was opened (%(opened)s).")
                % {"date": _fmt(day), "opened": _fmt(dossier.opened_on)},
                code="before_opened",
            )
        )
    return problems


def _move(actor, dossier: Dossier, target: Stage, changes: dict, problems: list, event_data: dict) -> Dossier:
    if problems:
        raise ValidationError({"__all__": problems})
    before = {"stage": dossier.stage}
    for field, value in changes.items():
        setattr(dossier, field, value)
    dossier.stage = target.value
    dossier.version += 1
    dossier.save()
    event_record(
        actor=actor,
        action=f"dossier.{target.value}",
        target=dossier,
        unit=dossier.unit,
        before=before,
        after={
            "stage": target.value,
            **{k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in event_data.items()},
        },
    )
    return dossier


# ------------------------------------------------------------------------------------------------ opening


@transaction.atomic
def dossier_open(*, actor, candidate: Candidate, opened_on: datetime.date) -> Dossier:
    """Open a dossier for a candidate of the pool; the candidate leaves the pool for it."""
    from ptdv.people.services import candidate_leave

    candidate = Candidate.objects.select_for_update(of=("self",)).select_related("person", "unit").get(pk=candidate.pk)
    person = Person.objects.select_for_update().get(pk=candidate.person_id)
    problems = []
    if actor is not None and not can_act(actor, Dossier(unit=candidate.unit), CELL):
        problems.append(ValidationError(_("Your account may not open dossiers for this cell."), code="not_actor"))
    if not candidate.is_active:
        problems.append(
            ValidationError(
                _("%(name)s is no longer in the candidate pool.") % {"name": person.full_name}, code="not_in_pool"
            )
        )
    if Dossier.objects.filter(person=person).exclude(stage__in=[s.value for s in rules.TERMINAL]).exists():
        problems.append(
            ValidationError(
                _("%(name)s already has an open admission dossier.") % {"name": person.full_name}, code="dossier_open"
            )
        )
    if Membership.objects.filter(person=person).exclude(status=MembershipStatus.STRUCK_OFF).exists():
        problems.append(
            ValidationError(
                _("%(name)s is already a party member.") % {"name": person.full_name}, code="already_member"
            )
        )
    if opened_on > timezone.localdate():
        problems.append(
            ValidationError(_("The date %(date)s is in the future.") % {"date": _fmt(opened_on)}, code="future")
        )
    if opened_on < candidate.entered_on:
        problems.append(
            ValidationError(
                _("The dossier cannot be opened before the candidate entered the pool (%(date)s).")
                % {"date": _fmt(candidate.entered_on)},
                code="before_pool_entry",
            )
        )
    if problems:
        raise ValidationError({"__all__": problems})
    dossier = Dossier.objects.create(
        person=person, unit=candidate.unit, candidate=candidate, stage=DossierStage.OPENED, opened_on=opened_on
    )
    event_record(
        actor=actor,
        action="dossier.open",
        target=dossier,
        unit=dossier.unit,
        after={"opened_on": opened_on.isoformat()},
    )
    candidate_leave(actor=actor, candidate=candidate, left_on=opened_on, reason="admission")
    return dossier


# ------------------------------------------------------------------------------------------------ the cell's steps


@transaction.atomic
def dossier_record_application(
    *, actor, dossier: Dossier, application_on: datetime.date, cv_on: datetime.date, expected_version=None
) -> Dossier:
    """The application (1-KNĐ) and then the CV (2-KNĐ) received."""
    dossier = _locked(dossier, expected_version)
    problems = _check_move(actor, dossier, Stage.APPLICATION) + _check_dates(dossier, Stage.APPLICATION, application_on)
    if cv_on < application_on:
        problems.append(
            ValidationError(
                _("The CV (2-KNĐ) comes after the application (1-KNĐ): check the dates."), code="date_order"
            )
        )
    if cv_on > timezone.localdate():
        problems.append(
            ValidationError(_("The date %(date)s is in the future.") % {"date": _fmt(cv_on)}, code="future")
        )
    changes = {"application_on": application_on, "cv_on": cv_on}
    return _move(actor, dossier, Stage.APPLICATION, changes, problems, changes)


@dataclass(frozen=True)
class IntroducerInput:
    kind: str  # IntroducerKind
    dated: datetime.date
    introducer: Person | None = None  # a full member, for kind "member"
    months_together: int | None = None
    document: str = ""


def _introducers_problems(dossier: Dossier, introducers, dated: datetime.date) -> list[ValidationError]:
    """The introducers' own rules on the day their papers are dated (the introduction, or papers redone)."""
    problems = [
        ValidationError(_("Choose the introducing member (not the applicant)."), code="introducer_missing")
        for item in introducers
        if item.kind == IntroducerKind.MEMBER and item.introducer is None
    ]
    facts = [_introducer_facts(item, dated) for item in introducers]
    return problems + [
        _coded(u)
        for u in rules.introducer_problems(
            tuple(facts), _youth_age(dossier, dated), admission_rules(), dossier.person_id
        )
    ]


def _introducer_facts(item: IntroducerInput, on: datetime.date) -> rules.Introducer:
    membership = getattr(item.introducer, "membership", None) if item.introducer else None
    full = (
        membership is not None
        and membership.status == MembershipStatus.FULL
        and (membership.full_member_date is None or membership.full_member_date <= on)
    )
    return rules.Introducer(
        kind=item.kind,
        full_member=full,
        months_together=item.months_together or 0,
        person_id=item.introducer.pk if item.introducer else None,
    )


@transaction.atomic
def dossier_record_introduction(
    *, actor, dossier: Dossier, introducers: list[IntroducerInput], expected_version=None
) -> Dossier:
    """The introducers: two full members (3-KNĐ), or the Youth Union / trade union executive (4-KNĐ / 4A-KNĐ)
    and one full member. Checked again at the cell's vote; papers older than 12 months are redone with
    dossier_redo_papers."""
    dossier = _locked(dossier, expected_version)
    problems = _check_move(actor, dossier, Stage.INTRODUCTION)
    if not introducers:
        problems.append(ValidationError(_("Enter the introducers."), code="no_introducers"))
        raise ValidationError({"__all__": problems})
    introduced_on = max(item.dated for item in introducers)
    problems += _check_dates(dossier, Stage.INTRODUCTION, introduced_on)
    problems += _introducers_problems(dossier, introducers, introduced_on)
    if problems:
        raise ValidationError({"__all__": problems})
    _replace_introductions(dossier, introducers)
    data = {
        "introduced_on": introduced_on,
        "introducers": [i.introducer.pk if i.introducer else i.kind for i in introducers],
    }
    return _move(actor, dossier, Stage.INTRODUCTION, {"introduced_on": introduced_on}, [], data)


def _replace_introductions(dossier: Dossier, introducers: list[IntroducerInput]) -> None:
    dossier.introductions.all().delete()
    Introduction.objects.bulk_create(
        Introduction(
            dossier=dossier,
            kind=i.kind,
            introducer=i.introducer,
            months_together=i.months_together,
            document=i.document,
            dated=i.dated,
        )
        for i in introducers
    )


def _introductions_snapshot(dossier: Dossier) -> list[dict]:
    return [
        {"kind": i.kind, "introducer": i.introducer_id, "months": i.months_together, "dated": i.dated.isoformat()}
        for i in dossier.introductions.all()
    ]


# stages at which the introduction papers may be redone without undoing the later steps
REDO_PAPERS_STAGES = (Stage.INTRODUCTION, Stage.VERIFICATION, Stage.COMMENTS)


@transaction.atomic
def dossier_redo_papers(
    *, actor, dossier: Dossier, introducers: list[IntroducerInput], expected_version=None
) -> Dossier:
    """The introduction papers redone when the dossier is more than 12 months old at the cell's vote (the freshness
    rule, admission.rules.papers_problems): the new introducers replace the old ones, dated on their own
    (papers_redone_on); the verification and the comments already recorded stay. The old introducers stay in the
    record of changes. Recorded by the cell, before its vote."""
    dossier = _locked(dossier, expected_version)
    current = None if dossier.stage == DossierStage.OPENED else Stage(dossier.stage)
    problems = []
    if actor is not None and not can_act(actor, dossier, CELL):
        problems.append(ValidationError(_("Your account may not record this step for this dossier."), code="not_actor"))
    if current not in REDO_PAPERS_STAGES:
        problems.append(
            ValidationError(
                _("The introduction papers are redone after the introduction and before the cell's vote."),
                code="wrong_stage",
            )
        )
    if not introducers:
        problems.append(ValidationError(_("Enter the introducers."), code="no_introducers"))
        raise ValidationError({"__all__": problems})
    redone_on = max(item.dated for item in introducers)
    if redone_on > timezone.localdate():
        problems.append(
            ValidationError(_("The date %(date)s is in the future.") % {"date": _fmt(redone_on)}, code="future")
        )
    previous = dossier.papers_redone_on or dossier.introduced_on
    if previous is not None and redone_on <= previous:
        message = _("The redone papers (%(date)s) must be dated after the papers they replace (%(previous)s).") % {
            "date": _fmt(redone_on),
            "previous": _fmt(previous),
        }
        problems.append(ValidationError(message, code="date_order"))
    problems += _introducers_problems(dossier, introducers, redone_on)
    if problems:
        raise ValidationError({"__all__": problems})
    before = {
        "papers_redone_on": previous.isoformat() if previous else None,
        "introducers": _introductions_snapshot(dossier),
    }
    _replace_introductions(dossier, introducers)
    dossier.papers_redone_on = redone_on
    dossier.version += 1
    dossier.save()
    event_record(
        actor=actor,
        action="dossier.introduction_redone",
        target=dossier,
        unit=dossier.unit,
        before=before,
        after={"papers_redone_on": redone_on.isoformat(), "introducers": _introductions_snapshot(dossier)},
    )
    return dossier


def _youth_age(dossier: Dossier, on: datetime.date) -> bool:
    """Youth-age applicants (up to 30) may be introduced by the Youth Union where one exists (UNCONFIRMED age)."""
    from ptdv.people.rules import age_in_months

    return age_in_months(dossier.person.birth_date, on) <= settings.PTDV_YOUTH_MAX_AGE_YEARS * 12 + 11


def _record_summary(actor, dossier, stage: Stage, day: datetime.date, fields: tuple[str, str], text: str, missing):
    """A step recorded as a date and a written summary (verification, comments)."""
    problems = _check_move(actor, dossier, stage) + _check_dates(dossier, stage, day)
    if not text.strip():
        problems.append(missing)
    date_field, text_field = fields
    return _move(actor, dossier, stage, {date_field: day, text_field: text.strip()}, problems, {date_field: day})


@transaction.atomic
def dossier_record_verification(
    *, actor, dossier: Dossier, concluded_on: datetime.date, summary: str, expected_version=None
) -> Dossier:
    """Background verification concluded (who was checked, results); the cell votes only after it."""
    dossier = _locked(dossier, expected_version)
    missing = _("Write the verification results (who was checked and the conclusion).")
    fields = ("verification_on", "verification_summary")
    return _record_summary(actor, dossier, Stage.VERIFICATION, concluded_on, fields, summary, missing)


@transaction.atomic
def dossier_record_comments(
    *, actor, dossier: Dossier, summarised_on: datetime.date, summary: str, expected_version=None
) -> Dossier:
    """The comments of the mass organisations and the residence cell, summarised (5-KNĐ)."""
    dossier = _locked(dossier, expected_version)
    missing = _("Write the summary of the comments.")
    return _record_summary(
        actor, dossier, Stage.COMMENTS, summarised_on, ("comments_on", "comments_summary"), summary, missing
    )


def cell_full_members_on(unit, day: datetime.date) -> int:
    """Full members of the cell on `day`, from the roll: the start of the cell vote's denominator."""
    from ptdv.membership.selectors import full_members_on

    return full_members_on(unit=unit, day=day)


def cell_vote_facts(dossier: Dossier, vote_on: datetime.date) -> rules.CellVoteFacts:
    person = dossier.person
    certificate = (
        Person.objects.filter(pk=person.pk)
        .annotate(c=latest_certificate_subquery("pk"))
        .values_list("c", flat=True)
        .first()
    )
    introducers = tuple(
        _introducer_facts(
            IntroducerInput(kind=i.kind, dated=i.dated, introducer=i.introducer, months_together=i.months_together),
            i.dated,
        )
        for i in dossier.introductions.select_related("introducer__membership")
    )
    exception = bool(dossier.candidate and dossier.candidate.education_exception)
    return rules.CellVoteFacts(
        vote_date=vote_on,
        birth_date=person.birth_date,
        over_60_consent=bool(dossier.over_60_consent),
        general_education=person.general_education,
        education_exception=exception,
        certificate_date=certificate,
        introducers=introducers,
        youth_age_applicant=_youth_age(dossier, vote_on),
        verification_concluded_on=dossier.verification_on,
        dossier_opened_on=dossier.opened_on,
        papers_redone_on=dossier.papers_redone_on or dossier.introduced_on,
        readmission=readmission_facts(dossier),
        applicant_id=person.pk,
    )


@transaction.atomic
def dossier_record_cell_vote(
    *,
    actor,
    dossier: Dossier,
    vote_on: datetime.date,
    denominator: int,
    votes_for: int,
    resolution: str,
    ballot: str,
    denominator_note: str = "",
    expected_version=None,
) -> Dossier:
    """The cell's resolution proposing admission (6-KNĐ): every condition of procedure.md must hold on the day of
    the meeting, and at least 2/3 of the full members counted must vote for."""
    dossier = _locked(dossier, expected_version)
    problems = _check_move(actor, dossier, Stage.CELL_VOTE) + _check_dates(dossier, Stage.CELL_VOTE, vote_on)
    problems += [_coded(u) for u in rules.cell_vote_conditions(cell_vote_facts(dossier, vote_on), admission_rules())]
    problems += _vote_problems(votes_for, denominator)
    roll = cell_full_members_on(dossier.unit, vote_on)
    if roll and denominator != roll and not denominator_note.strip():
        message = _(
            "The roll counts %(roll)s full members on %(date)s, not %(count)s: say why (transferred out, exempted "
            "and absent)."
        ) % {"roll": roll, "date": _fmt(vote_on), "count": denominator}
        problems.append(ValidationError(message, code="denominator_unexplained"))
    if not resolution.strip():
        problems.append(ValidationError(_("Enter the resolution number."), code="number_missing"))
    changes = {
        "cell_vote_on": vote_on,
        "cell_denominator": denominator,
        "cell_denominator_note": denominator_note.strip(),
        "cell_votes_for": votes_for,
        "cell_resolution": resolution.strip(),
        "cell_ballot": ballot,
    }
    return _move(actor, dossier, Stage.CELL_VOTE, changes, problems, changes)


def _vote_problems(votes_for: int, denominator: int) -> list:
    try:
        result = rules.vote_result(votes_for, denominator)
    except ValueError:
        message = _("Check the vote: %(for)s votes for out of %(of)s.") % {"for": votes_for, "of": denominator}
        return [ValidationError(message, code="vote_invalid")]
    if not result.passed:
        return [ValidationError(_("The vote did not pass: %(text)s.") % {"text": result.text}, code="vote_failed")]
    return []


def _record_vote(actor, dossier, target: Stage, prefix: str, vote_on, denominator, votes_for, resolution, problems):
    """A resolution that needs 2/3 of `denominator`: the fields <prefix>_vote_on, the count (<prefix>_size for a
    committee, <prefix>_denominator for a cell), <prefix>_votes_for and <prefix>_resolution."""
    problems = problems + _vote_problems(votes_for, denominator)
    if not resolution.strip():
        problems.append(ValidationError(_("Enter the resolution number."), code="number_missing"))
    count_field = f"{prefix}_size" if prefix.endswith("committee") else f"{prefix}_denominator"
    changes = {
        f"{prefix}_vote_on": vote_on,
        count_field: denominator,
        f"{prefix}_votes_for": votes_for,
        f"{prefix}_resolution": resolution.strip(),
    }
    return _move(actor, dossier, target, changes, problems, changes)


@transaction.atomic
def dossier_record_committee_vote(
    *,
    actor,
    dossier: Dossier,
    vote_on: datetime.date,
    committee_size: int,
    votes_for: int,
    resolution: str,
    expected_version=None,
) -> Dossier:
    """The grassroots committee's resolution (8-KNĐ): at least 2/3 of all committee members for."""
    dossier = _locked(dossier, expected_version)
    problems = _check_move(actor, dossier, Stage.COMMITTEE_VOTE) + _check_dates(dossier, Stage.COMMITTEE_VOTE, vote_on)
    return _record_vote(
        actor, dossier, Stage.COMMITTEE_VOTE, "committee", vote_on, committee_size, votes_for, resolution, problems
    )


@transaction.atomic
def dossier_record_decision(
    *, actor, dossier: Dossier, decision_on: datetime.date, number: str, signer: str, expected_version=None
) -> Dossier:
    """The competent committee's admission decision (9-KNĐ); the person joins the roll as a probationary member.
    Party seniority counts from this date (Charter art. 5.4)."""
    dossier = _locked(dossier, expected_version)
    problems = _check_move(actor, dossier, Stage.DECISION) + _check_dates(dossier, Stage.DECISION, decision_on)
    if not number.strip():
        problems.append(ValidationError(_("Enter the decision number."), code="number_missing"))
    problems += _signer_problems(signer)
    competent = unit_competent_committee(unit=dossier.unit)
    if competent is None:
        problems.append(
            ValidationError(
                _("No committee is competent to decide for this cell: mark a unit above it “authorised to admit”."),
                code="no_competent_committee",
            )
        )
    if problems:
        raise ValidationError({"__all__": problems})
    changes = {
        "decision_on": decision_on,
        "decision_number": number.strip(),
        "decision_signer": signer.strip(),
        "decided_by": competent,
    }
    dossier = _move(actor, dossier, Stage.DECISION, changes, [], {**changes, "decided_by": competent.pk})
    membership_record(
        actor=actor,
        person=dossier.person,
        unit=dossier.unit,
        status=MembershipStatus.PROBATIONARY,
        decision_date=decision_on,
        decision_number=number.strip(),
        readmitted=dossier.readmission,
    )
    return dossier


def ceremony_due(dossier: Dossier, calendar=None) -> datetime.date:
    """The last day for the ceremony without an approval: 30 working days after the decision (its receipt)."""
    from ptdv.calendar.selectors import working_calendar

    from .deadlines import ceremony_deadline

    return ceremony_deadline(dossier.decision_on, calendar or working_calendar()).due


@transaction.atomic
def dossier_record_ceremony_approval(
    *,
    actor,
    dossier: Dossier,
    document: str,
    number: str,
    approved_on: datetime.date,
    allowed_until: datetime.date,
    expected_version=None,
) -> Dossier:
    """The committee directly above approves a ceremony later than 30 working days after the decision: its document,
    number and date, and the new date it allows (procedure.md "Deadlines", 294-QĐ/TW §4.1). The deadline and the due
    item follow the new date. Recorded by the competent committee, between the decision and the ceremony."""
    dossier = _locked(dossier, expected_version)
    problems = []
    if actor is not None and not can_act(actor, dossier, COMPETENT):
        problems.append(ValidationError(_("Your account may not record this step for this dossier."), code="not_actor"))
    if dossier.stage != DossierStage.DECISION:
        problems.append(
            ValidationError(
                _("This step cannot be recorded now: the dossier is at “%(stage)s”.")
                % {"stage": dossier.get_stage_display()},
                code="wrong_stage",
            )
        )
    if not document.strip():
        problems.append(ValidationError(_("Enter the approving document."), code="document_missing"))
    if not number.strip():
        problems.append(ValidationError(_("Enter the approval's number."), code="number_missing"))
    if approved_on > timezone.localdate():
        problems.append(
            ValidationError(_("The date %(date)s is in the future.") % {"date": _fmt(approved_on)}, code="future")
        )
    if dossier.decision_on and approved_on < dossier.decision_on:
        message = _("The approval (%(date)s) cannot be before the admission decision (%(decision)s).") % {
            "date": _fmt(approved_on),
            "decision": _fmt(dossier.decision_on),
        }
        problems.append(ValidationError(message, code="date_order"))
    if dossier.decision_on and allowed_until <= ceremony_due(dossier):
        message = _("The new date (%(date)s) must be after the deadline of %(due)s.") % {
            "date": _fmt(allowed_until),
            "due": _fmt(ceremony_due(dossier)),
        }
        problems.append(ValidationError(message, code="allowed_date_not_later"))
    if problems:
        raise ValidationError({"__all__": problems})
    changes = {
        "ceremony_approval_document": document.strip(),
        "ceremony_approval_number": number.strip(),
        "ceremony_approval_on": approved_on,
        "ceremony_allowed_until": allowed_until,
    }
    before = {k: getattr(dossier, k) for k in changes}
    for field, value in changes.items():
        setattr(dossier, field, value)
    dossier.version += 1
    dossier.save()
    event_record(
        actor=actor,
        action="dossier.ceremony_approval",
        target=dossier,
        unit=dossier.unit,
        before={k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in before.items()},
        after={k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in changes.items()},
    )
    return dossier


@transaction.atomic
def dossier_record_ceremony(*, actor, dossier: Dossier, ceremony_on: datetime.date, expected_version=None) -> Dossier:
    """The admission ceremony: probation (12 months) runs from this date. Later than 30 working days after the
    decision only with the committee above's recorded approval, up to the date it allows."""
    dossier = _locked(dossier, expected_version)
    problems = _check_move(actor, dossier, Stage.CEREMONY) + _check_dates(dossier, Stage.CEREMONY, ceremony_on)
    if dossier.decision_on:
        problems += [
            _coded(u)
            for u in rules.ceremony_problems(
                ceremony_on=ceremony_on, due=ceremony_due(dossier), allowed_until=dossier.ceremony_allowed_until
            )
        ]
    dossier = _move(
        actor, dossier, Stage.CEREMONY, {"ceremony_on": ceremony_on}, problems, {"ceremony_on": ceremony_on}
    )
    membership_record_ceremony(actor=actor, person=dossier.person, ceremony_date=ceremony_on)
    return dossier


@transaction.atomic
def dossier_record_recognition_cell_vote(
    *,
    actor,
    dossier: Dossier,
    vote_on: datetime.date,
    denominator: int,
    votes_for: int,
    resolution: str,
    expected_version=None,
) -> Dossier:
    """The cell's resolution proposing recognition as a full member (13-KNĐ), once the 12 months have ended."""
    dossier = _locked(dossier, expected_version)
    stage = Stage.RECOGNITION_CELL_VOTE
    problems = _check_move(actor, dossier, stage) + _check_dates(dossier, stage, vote_on)
    problems += [ValidationError(p, code="probation_incomplete") for p in probation_problems(dossier)]
    problems += _referred_problems(dossier)
    if dossier.ceremony_on:
        conditions = rules.recognition_conditions(
            ceremony_date=dossier.ceremony_on, vote_date=vote_on, rules=admission_rules()
        )
        problems += [_coded(u) for u in conditions]
    return _record_vote(
        actor, dossier, stage, "recognition_cell", vote_on, denominator, votes_for, resolution, problems
    )


@transaction.atomic
def dossier_record_recognition_committee_vote(
    *,
    actor,
    dossier: Dossier,
    vote_on: datetime.date,
    committee_size: int,
    votes_for: int,
    resolution: str,
    expected_version=None,
) -> Dossier:
    """The grassroots committee's resolution proposing recognition (15-KNĐ)."""
    dossier = _locked(dossier, expected_version)
    stage = Stage.RECOGNITION_COMMITTEE_VOTE
    problems = _check_move(actor, dossier, stage) + _check_dates(dossier, stage, vote_on) + _referred_problems(dossier)
    return _record_vote(
        actor, dossier, stage, "recognition_committee", vote_on, committee_size, votes_for, resolution, problems
    )


def _signer_problems(signer: str) -> list:
    """A decision (9-KNĐ, 16-KNĐ) records who signed it (procedure.md, stage 8: "decision number, date, signer")."""
    if signer.strip():
        return []
    return [ValidationError(_("Enter who signed the decision."), code="signer_missing")]


@transaction.atomic
def dossier_record_recognition(
    *, actor, dossier: Dossier, decision_on: datetime.date, number: str, signer: str = "", expected_version=None
) -> Dossier:
    """The competent committee's recognition decision (16-KNĐ): a full member as of the day the 12 months end."""
    dossier = _locked(dossier, expected_version)
    problems = _check_move(actor, dossier, Stage.FULL_MEMBER) + _check_dates(dossier, Stage.FULL_MEMBER, decision_on)
    if not number.strip():
        problems.append(ValidationError(_("Enter the decision number."), code="number_missing"))
    problems += _signer_problems(signer)
    if problems:
        raise ValidationError({"__all__": problems})
    full_on = rules.full_member_date(dossier.ceremony_on)
    changes = {
        "recognition_decision_on": decision_on,
        "recognition_decision_number": number.strip(),
        "recognition_signer": signer.strip(),
        "full_member_on": full_on,
    }
    dossier = _move(actor, dossier, Stage.FULL_MEMBER, changes, [], changes)
    membership_make_full(actor=actor, person=dossier.person, full_member_date=full_on)
    return dossier


# ------------------------------------------------------------------------------------------------ side exits


def last_recorded_step(dossier: Dossier) -> tuple[str, datetime.date] | None:
    """The latest date recorded on the dossier, with the step's name: the steps of the main line and the failed
    votes. A closing date may not come before it (procedure.md "Dates that follow")."""
    recorded = [
        (rules.stage_label(stage), getattr(dossier, field))
        for stage, field in STAGE_DATE_FIELDS.items()
        if getattr(dossier, field) is not None
    ]
    recorded += [(_("a vote that did not pass"), day) for day in _failed_vote_dates(dossier)]
    return max(recorded, key=lambda item: item[1], default=None)


def _failed_vote_dates(dossier: Dossier) -> list[datetime.date]:
    return list(dossier.failed_votes.values_list("vote_on", flat=True)) if dossier.pk else []


@transaction.atomic
def dossier_close(
    *, actor, dossier: Dossier, outcome: str, closed_on: datetime.date, reason: str, expected_version=None
) -> Dossier:
    """Withdraw (the applicant or the cell), reject (the competent committee), or strike a probationary member
    off (the competent committee, on the cell's proposal)."""
    dossier = _locked(dossier, expected_version)
    target = Stage(outcome)
    if target not in (Stage.WITHDRAWN, Stage.REJECTED, Stage.STRUCK_OFF):
        raise ValueError(outcome)
    problems = _check_move(actor, dossier, target)
    if closed_on > timezone.localdate():
        problems.append(
            ValidationError(_("The date %(date)s is in the future.") % {"date": _fmt(closed_on)}, code="future")
        )
    if closed_on < dossier.opened_on:
        problems.append(
            ValidationError(
                _("The date is before the dossier was opened (%(date)s).") % {"date": _fmt(dossier.opened_on)},
                code="before_opened",
            )
        )
    if not reason.strip():
        problems.append(ValidationError(_("Write the reason."), code="reason_missing"))
    problems += [
        _coded(u)
        for u in rules.closing_date_problems(
            target, closed_on, ceremony_on=dossier.ceremony_on, last_step=last_recorded_step(dossier)
        )
    ]
    changes = {"closed_on": closed_on, "close_reason": reason.strip()}
    dossier = _move(actor, dossier, target, changes, problems, {"closed_on": closed_on})
    if target == Stage.STRUCK_OFF:
        membership_strike_off(actor=actor, person=dossier.person, on=closed_on)
    return dossier


# ------------------------------------------------------------------------------------------------ failed votes, returns


# A failed vote may be recorded at these stages: (stage, body) → on recognition?
FAILED_VOTE_STAGES = {
    (Stage.COMMENTS, "cell"): False,
    (Stage.CELL_VOTE, "committee"): False,
    (Stage.CEREMONY, "cell"): True,
    (Stage.RECOGNITION_CELL_VOTE, "committee"): True,
}


def _referred_problems(dossier: Dossier) -> list:
    """After three failed recognition votes the cell and the committee stop voting (procedure.md "Votes")."""
    if dossier.referred_on is None:
        return []
    message = _(
        "Three votes on recognition have not reached 2/3 (the last on %(date)s): the cell and the grassroots "
        "committee no longer vote; the committee above decides."
    ) % {"date": _fmt(dossier.referred_on)}
    return [ValidationError(message, code="votes_exhausted")]


@transaction.atomic
def dossier_record_failed_vote(
    *,
    actor,
    dossier: Dossier,
    vote_on: datetime.date,
    denominator: int,
    votes_for: int,
    body: str = "cell",
    expected_version=None,
) -> Dossier:
    """A vote that did not reach 2/3 — the cell's or the grassroots committee's, on admission or on recognition
    (procedure.md "Votes"). The stage stays; the vote is kept (FailedVote) and counted. A failed recognition vote,
    like a passing one, is held once probation has ended. Whether the case now goes to the committee above (the third
    failed vote: no further vote, 29-QĐ/TW §4.2) is `failed_votes_refer_up`."""
    dossier = _locked(dossier, expected_version)
    current = None if dossier.stage == DossierStage.OPENED else Stage(dossier.stage)
    problems = []
    recognition = FAILED_VOTE_STAGES.get((current, body))
    if recognition is None:
        problems.append(ValidationError(_("A cell vote is not due at this stage."), code="wrong_stage"))
    if actor is not None and not can_act(actor, dossier, GRASSROOTS if body == "committee" else CELL):
        problems.append(ValidationError(_("Your account may not record this step for this dossier."), code="not_actor"))
    if vote_on > timezone.localdate():
        problems.append(
            ValidationError(_("The date %(date)s is in the future.") % {"date": _fmt(vote_on)}, code="future")
        )
    last = last_recorded_step(dossier)
    if last is not None and vote_on < last[1]:
        message = _("%(stage)s (%(date)s) cannot be before %(previous)s (%(previous_date)s)") % {
            "stage": _("a vote that did not pass"),
            "date": _fmt(vote_on),
            "previous": last[0],
            "previous_date": _fmt(last[1]),
        }
        problems.append(ValidationError(message, code="date_order"))
    if recognition:
        problems += _referred_problems(dossier)
        conditions = rules.recognition_conditions(
            ceremony_date=dossier.ceremony_on, vote_date=vote_on, rules=admission_rules()
        )
        problems += [_coded(u) for u in conditions]
    try:
        result = rules.vote_result(votes_for, denominator)
    except ValueError:
        result = None
        message = _("Check the vote: %(for)s votes for out of %(of)s.") % {"for": votes_for, "of": denominator}
        problems.append(ValidationError(message, code="vote_invalid"))
    if result is not None and result.passed:
        message = _("This vote passed (%(text)s): record it as the resolution.") % {"text": result.text}
        problems.append(ValidationError(message, code="vote_passed"))
    if problems:
        raise ValidationError({"__all__": problems})
    FailedVote.objects.create(
        dossier=dossier,
        recognition=recognition,
        body=body,
        vote_on=vote_on,
        denominator=denominator,
        votes_for=votes_for,
    )
    field = "failed_recognition_votes" if recognition else "failed_cell_votes"
    setattr(dossier, field, getattr(dossier, field) + 1)
    refer = rules.must_refer_up(getattr(dossier, field))
    if recognition and refer:
        dossier.referred_on = vote_on
    dossier.version += 1
    dossier.save(update_fields=[field, "referred_on", "version"])
    after = {
        "vote_on": vote_on.isoformat(),
        "body": body,
        "recognition": recognition,
        "votes_for": votes_for,
        "denominator": denominator,
        "text": result.text,
    }
    event_record(actor=actor, action="dossier.failed_vote", target=dossier, unit=dossier.unit, after=after)
    return dossier


def failed_votes_refer_up(dossier: Dossier, *, body: str) -> bool:
    """After a failed vote of `body` at the dossier's stage: have three votes now failed, so that the case goes to the
    committee above (29-QĐ/TW §4.2)?"""
    current = None if dossier.stage == DossierStage.OPENED else Stage(dossier.stage)
    recognition = FAILED_VOTE_STAGES.get((current, body), False)
    return rules.must_refer_up(dossier.failed_recognition_votes if recognition else dossier.failed_cell_votes)


@transaction.atomic
def dossier_record_referral_decision(
    *,
    actor,
    dossier: Dossier,
    outcome: str,
    decided_on: datetime.date,
    number: str,
    signer: str,
    reason: str = "",
    expected_version=None,
) -> Dossier:
    """After three failed recognition votes, the committee directly above and the competent committee examine the
    case and decide: recognise as a full member (as of the end of probation), or strike off (procedure.md "Votes",
    29-QĐ/TW §4.2). A step of its own, recorded by the competent committee."""
    dossier = _locked(dossier, expected_version)
    problems = []
    if actor is not None and not can_act(actor, dossier, COMPETENT):
        problems.append(ValidationError(_("Your account may not record this step for this dossier."), code="not_actor"))
    if dossier.referred_on is None or not dossier.is_open:
        problems.append(
            ValidationError(
                _("Only a case referred after three votes that did not pass is decided this way."), code="not_referred"
            )
        )
    if outcome not in ReferralOutcome.values:
        problems.append(ValidationError(_("Choose the decision."), code="outcome_missing"))
    if decided_on > timezone.localdate():
        problems.append(
            ValidationError(_("The date %(date)s is in the future.") % {"date": _fmt(decided_on)}, code="future")
        )
    last = last_recorded_step(dossier)
    if last is not None and decided_on < last[1]:
        message = _("%(stage)s (%(date)s) cannot be before %(previous)s (%(previous_date)s)") % {
            "stage": _("the decision after referral"),
            "date": _fmt(decided_on),
            "previous": last[0],
            "previous_date": _fmt(last[1]),
        }
        problems.append(ValidationError(message, code="date_order"))
    if not number.strip():
        problems.append(ValidationError(_("Enter the decision number."), code="number_missing"))
    problems += _signer_problems(signer)
    if problems:
        raise ValidationError({"__all__": problems})
    changes = {
        "referral_outcome": outcome,
        "referral_decision_on": decided_on,
        "referral_number": number.strip(),
        "referral_signer": signer.strip(),
    }
    if outcome == ReferralOutcome.RECOGNISE:
        full_on = rules.full_member_date(dossier.ceremony_on)
        changes |= {
            "recognition_decision_on": decided_on,
            "recognition_decision_number": number.strip(),
            "recognition_signer": signer.strip(),
            "full_member_on": full_on,
        }
        dossier = _move(actor, dossier, Stage.FULL_MEMBER, changes, [], changes)
        membership_make_full(actor=actor, person=dossier.person, full_member_date=full_on)
    else:
        changes |= {"closed_on": decided_on, "close_reason": reason.strip() or _("Decision after referral")}
        dossier = _move(actor, dossier, Stage.STRUCK_OFF, changes, [], changes)
        membership_strike_off(actor=actor, person=dossier.person, on=decided_on)
    return dossier


@transaction.atomic
def dossier_return_for_correction(
    *, actor, dossier: Dossier, returned_on: datetime.date, reason: str, expected_version=None
) -> Dossier:
    """The grassroots or competent committee sends the dossier back one step to be corrected (UNCONFIRMED reading,
    admission.rules.return_target); the undone step's date is cleared, the history keeps it."""
    dossier = _locked(dossier, expected_version)
    current = None if dossier.stage == DossierStage.OPENED else Stage(dossier.stage)
    problems = []
    if not rules.can_return_for_correction(current):
        problems.append(
            _("This step cannot be recorded now: the dossier is at “%(stage)s”.")
            % {"stage": dossier.get_stage_display()}
        )
    if actor is not None and not (can_act(actor, dossier, GRASSROOTS) or can_act(actor, dossier, COMPETENT)):
        problems.append(ValidationError(_("Your account may not record this step for this dossier."), code="not_actor"))
    if not reason.strip():
        problems.append(ValidationError(_("Write the reason."), code="reason_missing"))
    if returned_on > timezone.localdate():
        problems.append(
            ValidationError(_("The date %(date)s is in the future.") % {"date": _fmt(returned_on)}, code="future")
        )
    if problems:
        raise ValidationError({"__all__": problems})
    target = rules.return_target(current)
    cleared = STAGE_DATE_FIELDS[current]
    before = {
        "stage": dossier.stage,
        cleared: getattr(dossier, cleared).isoformat() if getattr(dossier, cleared) else None,
    }
    setattr(dossier, cleared, None)
    dossier.stage = target.value if target else DossierStage.OPENED
    dossier.version += 1
    dossier.save()
    after = {"stage": dossier.stage, "returned_on": returned_on.isoformat(), "reason": reason.strip()}
    event_record(actor=actor, action="dossier.returned", target=dossier, unit=dossier.unit, before=before, after=after)
    return dossier


# ---------------------------------------------------------------------------------------- particulars, probation


@transaction.atomic
def dossier_set_particulars(
    *,
    actor,
    dossier: Dossier,
    over_60_consent: str = "",
    readmission: bool = False,
    left_on: datetime.date | None = None,
    left_reason: str = "",
    convicted: bool = False,
    conviction_cleared_on: datetime.date | None = None,
    readmission_consent: str = "",
    readmitted_before: bool = False,
    education_exception: bool | None = None,
    education_exception_reason: str = "",
    expected_version=None,
) -> Dossier:
    """What only some dossiers need, recorded before the cell's vote: the provincial standing committee's consent
    for an applicant over 60 (294-QĐ/TW §1.1.1), and a former member's re-admission particulars (294-QĐ/TW §3.5)."""
    dossier = _locked(dossier, expected_version)
    current = None if dossier.stage == DossierStage.OPENED else Stage(dossier.stage)
    problems = []
    if actor is not None and not can_act(actor, dossier, CELL):
        problems.append(ValidationError(_("Your account may not record this step for this dossier."), code="not_actor"))
    if current not in rules.BEFORE_DECISION or current in (Stage.CELL_VOTE, Stage.COMMITTEE_VOTE):
        problems.append(
            ValidationError(_("These particulars are recorded before the cell's vote."), code="wrong_stage")
        )
    if readmission:
        if left_on is None:
            problems.append(
                ValidationError(_("Enter the date the applicant left the party."), code="readmission_left_on_missing")
            )
        if left_reason not in rules.READMISSION_REASONS:
            problems.append(
                ValidationError(_("Choose why the applicant left the party."), code="readmission_left_on_missing")
            )
        if convicted and conviction_cleared_on is None:
            problems.append(
                ValidationError(
                    _("Enter the date the conviction was cleared."), code="readmission_conviction_date_missing"
                )
            )
    if education_exception and not education_exception_reason.strip():
        problems.append(
            ValidationError(
                _("Write the reason for the education exception."), code="education_exception_reason_missing"
            )
        )
    if education_exception is not None and dossier.candidate_id is None:
        problems.append(
            ValidationError(_("This dossier has no pool entry to carry the exception."), code="no_pool_entry")
        )
    if problems:
        raise ValidationError({"__all__": problems})
    if education_exception is not None:  # on the pool entry, where the pool page records it too
        from ptdv.people.services import candidate_set_education_exception

        reason = education_exception_reason.strip() if education_exception else ""
        if reason != dossier.candidate.education_exception:
            candidate_set_education_exception(actor=actor, candidate=dossier.candidate, reason=reason)
    changes = {
        "over_60_consent": over_60_consent.strip(),
        "readmission": readmission,
        "readmission_left_on": left_on if readmission else None,
        "readmission_left_reason": left_reason if readmission else "",
        "readmission_convicted": readmission and convicted,
        "readmission_conviction_cleared_on": conviction_cleared_on if readmission and convicted else None,
        "readmission_consent": readmission_consent.strip() if readmission else "",
        "readmission_before": readmission and readmitted_before,
    }
    for field, value in changes.items():
        setattr(dossier, field, value)
    dossier.version += 1
    dossier.save()
    event_record(
        actor=actor,
        action="dossier.particulars",
        target=dossier,
        unit=dossier.unit,
        after={k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in changes.items()},
    )
    return dossier


def readmission_facts(dossier: Dossier) -> rules.Readmission | None:
    if not dossier.readmission or dossier.readmission_left_on is None:
        return None
    return rules.Readmission(
        left_on=dossier.readmission_left_on,
        left_reason=dossier.readmission_left_reason,
        convicted_less_serious=dossier.readmission_convicted,
        provincial_consent=bool(dossier.readmission_consent),
        readmitted_before=dossier.readmission_before,
        conviction_cleared_on=dossier.readmission_conviction_cleared_on,
    )


@transaction.atomic
def dossier_record_probation(
    *,
    actor,
    dossier: Dossier,
    helper: Person,
    self_review_on: datetime.date | None,
    helper_assessment_on: datetime.date | None,
    comments_on: datetime.date | None,
    expected_version=None,
) -> Dossier:
    """Probation's papers: the full member assigned to help, the self-review (10-KNĐ), the helper's assessment
    (11-KNĐ) and the summary of comments (12-KNĐ). The cell votes on recognition once all are in."""
    dossier = _locked(dossier, expected_version)
    problems = []
    if actor is not None and not can_act(actor, dossier, CELL):
        problems.append(ValidationError(_("Your account may not record this step for this dossier."), code="not_actor"))
    if dossier.stage != DossierStage.CEREMONY:
        problems.append(
            ValidationError(
                _("Probation is recorded between the ceremony and the cell's vote on recognition."), code="wrong_stage"
            )
        )
    helper = Person.objects.select_related("membership__unit").get(pk=helper.pk)
    problem = helper_problem(unit=dossier.unit, person_id=dossier.person_id, helper=helper)
    if problem:
        problems.append(ValidationError(problem, code="helper_not_allowed"))
    for day in (self_review_on, helper_assessment_on, comments_on):
        if day is None:
            continue
        if dossier.ceremony_on and day < dossier.ceremony_on:
            message = _("The date %(date)s is before the ceremony (%(ceremony)s).") % {
                "date": _fmt(day),
                "ceremony": _fmt(dossier.ceremony_on),
            }
            problems.append(ValidationError(message, code="date_order"))
        if day > timezone.localdate():
            problems.append(
                ValidationError(_("The date %(date)s is in the future.") % {"date": _fmt(day)}, code="future")
            )
    if problems:
        raise ValidationError({"__all__": problems})
    changes = {
        "probation_helper": helper,
        "self_review_on": self_review_on,
        "helper_assessment_on": helper_assessment_on,
        "probation_comments_on": comments_on,
    }
    for field, value in changes.items():
        setattr(dossier, field, value)
    dossier.version += 1
    dossier.save()
    event_record(
        actor=actor,
        action="dossier.probation",
        target=dossier,
        unit=dossier.unit,
        after={k: (v.pk if hasattr(v, "pk") else v.isoformat() if v else None) for k, v in changes.items()},
    )
    return dossier


def probation_problems(dossier: Dossier) -> list[str]:
    """What is missing from probation before the cell's vote on recognition."""
    missing = []
    if dossier.probation_helper_id is None:
        missing.append(_("no helper assigned for the probation"))
    if dossier.self_review_on is None:
        missing.append(_("the self-review (10-KNĐ) is not in"))
    if dossier.helper_assessment_on is None:
        missing.append(_("the helper's assessment (11-KNĐ) is not in"))
    if dossier.probation_comments_on is None:
        missing.append(_("the comments (12-KNĐ) are not summarised"))
    return missing


# ---------------------------------------------------------------------------------------- corrections

# A step's input names (the step's form and API fields) → the dossier's fields they record.
# A step's form fields → the dossier's fields a correction rewrites (the introducers are their own records).
CORRECTABLE = {step.stage: step.values for step in steps.STEPS}
_NUMBER_FIELDS = {"resolution", "number"}


def correction_problems(actor, dossier: Dossier, stage: Stage) -> list:
    """May `actor` correct `stage` now? The unit that recorded it, while no later step depends on it: the step is
    the dossier's last (after that, only a return for correction, as before)."""
    problems = []
    if actor is not None and not can_act(actor, dossier, STAGE_ACTORS[stage]):
        problems.append(ValidationError(_("Your account may not record this step for this dossier."), code="not_actor"))
    if dossier.stage != stage.value:
        message = _(
            "%(step)s can no longer be corrected: a later step depends on it (the dossier is at “%(stage)s”). "
            "Return the dossier for correction instead."
        ) % {"step": rules.stage_label(stage), "stage": dossier.get_stage_display()}
        problems.append(ValidationError(message, code="later_step_recorded"))
    return problems


@transaction.atomic
def dossier_correct_step(
    *,
    actor,
    dossier: Dossier,
    stage: str,
    values: dict,
    reason: str,
    introducers: list[IntroducerInput] | None = None,
    expected_version=None,
) -> Dossier:
    """Correct a recorded step (a wrong date, number, vote count or introducer) with a reason: the unit that recorded
    it, while it is the dossier's last step. The step's own checks run again on the corrected values; the old values
    stay in the record of changes (the event's "before"). The roll follows a corrected decision or ceremony."""
    dossier = _locked(dossier, expected_version)
    stage = Stage(stage)
    if stage not in CORRECTABLE:
        raise ValidationError({"__all__": [ValidationError(_("This step cannot be corrected."), code="wrong_stage")]})
    fields = CORRECTABLE[stage]
    problems = correction_problems(actor, dossier, stage)
    if not reason.strip():
        problems.append(ValidationError(_("Write the reason."), code="reason_missing"))
    unknown = set(values) - set(fields)
    if unknown:
        problems.append(
            ValidationError(
                _("These values are not part of this step: %(names)s.") % {"names": ", ".join(sorted(unknown))},
                code="not_correctable",
            )
        )
    if problems:
        raise ValidationError({"__all__": problems})
    merged = {name: getattr(dossier, field) for name, field in fields.items()}
    merged.update({k: v.strip() if isinstance(v, str) else v for k, v in values.items()})
    changes = {fields[name]: value for name, value in merged.items()}
    day_field = STAGE_DATE_FIELDS[stage]
    day = changes.get(day_field) if day_field in changes else None
    if stage == Stage.INTRODUCTION:
        if not introducers:
            raise ValidationError({"__all__": [ValidationError(_("Enter the introducers."), code="no_introducers")]})
        day = max(item.dated for item in introducers)
        changes["introduced_on"] = day
        for item in introducers:
            if item.kind == IntroducerKind.MEMBER and item.introducer is None:
                problems.append(
                    ValidationError(_("Choose the introducing member (not the applicant)."), code="introducer_missing")
                )
        facts = [_introducer_facts(item, day) for item in introducers]
        problems += [
            _coded(u)
            for u in rules.introducer_problems(
                tuple(facts), _youth_age(dossier, day), admission_rules(), dossier.person_id
            )
        ]
    # the step's own checks, on the corrected values
    saved_stage = dossier.stage
    previous = rules.ORDER[rules.ORDER.index(stage) - 1] if rules.ORDER.index(stage) else None
    setattr(dossier, day_field, None)
    dossier.stage = previous.value if previous else DossierStage.OPENED
    problems += [p for p in _check_dates(dossier, stage, day) if getattr(p, "code", None) != "wrong_stage"]
    dossier.stage = saved_stage
    if stage == Stage.APPLICATION and merged["cv_on"] < merged["application_on"]:
        problems.append(
            ValidationError(
                _("The CV (2-KNĐ) comes after the application (1-KNĐ): check the dates."), code="date_order"
            )
        )
    if "votes_for" in merged:
        count = merged.get("denominator", merged.get("committee_size"))
        problems += _vote_problems(merged["votes_for"], count)
    for name in _NUMBER_FIELDS & set(merged):
        if not merged[name]:
            problems.append(ValidationError(_("Enter the number."), code="number_missing"))
    if "signer" in merged:
        problems += _signer_problems(merged["signer"])
    if stage == Stage.CELL_VOTE:
        problems += [_coded(u) for u in rules.cell_vote_conditions(cell_vote_facts(dossier, day), admission_rules())]
    if stage == Stage.CEREMONY and dossier.decision_on:
        problems += [
            _coded(u)
            for u in rules.ceremony_problems(
                ceremony_on=day, due=ceremony_due(dossier), allowed_until=dossier.ceremony_allowed_until
            )
        ]
    if stage == Stage.RECOGNITION_CELL_VOTE and dossier.ceremony_on:
        conditions = rules.recognition_conditions(ceremony_date=dossier.ceremony_on, vote_date=day)
        problems += [_coded(u) for u in conditions]
    if problems:
        raise ValidationError({"__all__": problems})

    def plain(value):
        return value.isoformat() if hasattr(value, "isoformat") else value

    before = {field: plain(getattr(dossier, field)) for field in changes}
    if stage == Stage.INTRODUCTION:
        before["introducers"] = _introductions_snapshot(dossier)
        _replace_introductions(dossier, introducers)
    for field, value in changes.items():
        setattr(dossier, field, value)
    dossier.version += 1
    dossier.save()
    after = {field: plain(value) for field, value in changes.items()}
    if stage == Stage.INTRODUCTION:
        after["introducers"] = _introductions_snapshot(dossier)
    event_record(
        actor=actor,
        action="dossier.corrected",
        target=dossier,
        unit=dossier.unit,
        before={"step": stage.value, **before},
        after={"step": stage.value, "reason": reason.strip(), **after},
    )
    _sync_roll_after_correction(actor, dossier, stage)
    return dossier


def _sync_roll_after_correction(actor, dossier: Dossier, stage: Stage) -> None:
    """The roll says what the dossier says: a corrected decision or ceremony is corrected there too."""
    if stage == Stage.CEREMONY:
        membership_record_ceremony(actor=actor, person=dossier.person, ceremony_date=dossier.ceremony_on)
    elif stage == Stage.DECISION:
        from ptdv.audit.services import snapshot
        from ptdv.membership.history import base_sync
        from ptdv.membership.services import FIELDS
        from ptdv.membership.signals import memberships_changed_send

        membership = Membership.objects.select_for_update().get(person=dossier.person)
        before = snapshot(membership, FIELDS)
        membership.decision_date, membership.decision_number = dossier.decision_on, dossier.decision_number
        membership.save(update_fields=["decision_date", "decision_number"])
        base_sync([membership], actor=actor, lenient=False)  # the roll's history follows the corrected decision
        event_record(
            actor=actor,
            action="membership.corrected",
            target=membership,
            unit=membership.unit,
            before=before,
            after=snapshot(membership, FIELDS),
        )
        memberships_changed_send(memberships=[membership])  # the admission records (reports)
