"""Reads about dossiers, scoped by admission.access."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ptdv.membership.rules import probation_ends_on
from ptdv.membership.selectors import full_members_of_grassroots
from ptdv.people.models import Person

from . import due, rules, steps
from .access import dossiers_visible_to
from .due import dossier_due, member_due
from .models import Dossier, DossierStage

Stage = rules.Stage


def current_stage(dossier: Dossier) -> rules.Stage | None:
    return None if dossier.stage == DossierStage.OPENED else Stage(dossier.stage)


def introducer_choices(*, dossier: Dossier) -> QuerySet[Person]:
    """Full members of the applicant's grassroots organisation (introducers, and the probation's helper)."""
    return full_members_of_grassroots(unit=dossier.unit, exclude_person_id=dossier.person_id)


def pool_helper_id(*, dossier: Dossier) -> int | None:
    """The member who helped the applicant in the pool (the latest assignment), when they may still help during
    probation (a full member of the same grassroots organisation): the probation form starts with them."""
    from ptdv.people.models import HelperAssignment

    if dossier.candidate_id is None:
        return None
    helpers = HelperAssignment.objects.filter(candidate_id=dossier.candidate_id).order_by("-assigned_on", "-pk")
    helper_id = helpers.values_list("helper_id", flat=True).first()
    if helper_id is None or not introducer_choices(dossier=dossier).filter(pk=helper_id).exists():
        return None
    return helper_id


def deciding_unit(dossier: Dossier):
    """The committee that decides the dossier's admission and recognition: the one that decided it, or else the
    competent committee of its cell."""
    from ptdv.units.selectors import unit_competent_committee

    return dossier.decided_by or unit_competent_committee(unit=dossier.unit)


def last_signer(*, unit) -> str:
    """Who signed `unit`'s latest decision (9-KNĐ or 16-KNĐ), or "": the next decision's signer starts with it."""
    if unit is None:
        return ""
    decided = Dossier.objects.filter(decided_by=unit)
    latest = [
        row
        for row in (
            decided.exclude(decision_signer="")
            .order_by("-decision_on", "-pk")
            .values_list("decision_on", "decision_signer")
            .first(),
            decided.exclude(recognition_signer="")
            .order_by("-recognition_decision_on", "-pk")
            .values_list("recognition_decision_on", "recognition_signer")
            .first(),
        )
        if row is not None
    ]
    return max(latest)[1] if latest else ""


def unmet_for_next_step(dossier: Dossier, next_stage: rules.Stage) -> list[str]:
    """What would refuse the next step if it were recorded today."""
    from .services import admission_rules, cell_vote_facts

    today = timezone.localdate()
    if next_stage == Stage.CELL_VOTE:
        return [u.message for u in rules.cell_vote_conditions(cell_vote_facts(dossier, today), admission_rules())]
    if next_stage == Stage.RECOGNITION_CELL_VOTE and dossier.ceremony_on:
        from .services import probation_problems

        conditions = rules.recognition_conditions(
            ceremony_date=dossier.ceremony_on, vote_date=today, rules=admission_rules()
        )
        return probation_problems(dossier) + [u.message for u in conditions]
    return []


def vote_text(votes_for: int | None, denominator: int | None) -> str:
    if votes_for is None or not denominator:
        return ""
    try:
        return rules.vote_result(votes_for, denominator).text
    except ValueError:
        return ""


@dataclass(frozen=True)
class TimelineEntry:
    day: datetime.date
    label: str
    detail: str = ""


def dossier_timeline(dossier: Dossier) -> list[TimelineEntry]:
    """What happened, in order, from the recorded dates."""
    d = dossier
    entries = [TimelineEntry(d.opened_on, _("Dossier opened"))]

    def add(day, label, detail=""):
        if day:
            entries.append(TimelineEntry(day, label, detail))

    add(d.application_on, _("Application (1-KNĐ) received"))
    add(d.cv_on, _("CV (2-KNĐ) received"))
    if d.introduced_on:
        names = ", ".join(
            i.introducer.full_name if i.introducer else i.get_kind_display() for i in d.introductions.all()
        )
        add(d.introduced_on, _("Introduced"), names)
    add(d.papers_redone_on, _("Introduction papers redone"))
    add(d.verification_on, _("Background verification concluded"))
    add(d.comments_on, _("Comments summarised (5-KNĐ)"))
    add(
        d.cell_vote_on,
        _("The cell's resolution (6-KNĐ)"),
        f"{d.cell_resolution} — {vote_text(d.cell_votes_for, d.cell_denominator)}",
    )
    add(
        d.committee_vote_on,
        _("The grassroots committee's resolution (8-KNĐ)"),
        f"{d.committee_resolution} — {vote_text(d.committee_votes_for, d.committee_size)}",
    )
    add(
        d.decision_on,
        _("Admission decision (9-KNĐ)"),
        f"{d.decision_number} — {d.decided_by.name if d.decided_by else ''}",
    )
    add(d.ceremony_on, _("Admission ceremony"))
    add(
        d.recognition_cell_vote_on,
        _("The cell's resolution on recognition (13-KNĐ)"),
        f"{d.recognition_cell_resolution} — {vote_text(d.recognition_cell_votes_for, d.recognition_cell_denominator)}",
    )
    add(
        d.recognition_committee_vote_on,
        _("The grassroots committee's resolution on recognition (15-KNĐ)"),
        f"{d.recognition_committee_resolution} — "
        f"{vote_text(d.recognition_committee_votes_for, d.recognition_committee_size)}",
    )
    add(d.recognition_decision_on, _("Recognition decision (16-KNĐ)"), d.recognition_decision_number)
    add(d.closed_on, d.get_stage_display(), d.close_reason)
    return sorted(entries, key=lambda e: e.day)


def due_settings() -> due.Settings:
    """The numbers the due items depend on, from the settings (some rules are UNCONFIRMED: procedure.md)."""
    return due.Settings(
        decision_days=settings.PTDV_DECISION_WORKING_DAYS,
        fresh_months=settings.PTDV_DOSSIER_FRESH_MONTHS,
        certificate_months=settings.PTDV_CERTIFICATE_VALID_MONTHS,
        horizon_days=settings.PTDV_REMINDER_HORIZON_DAYS,
        escalation_days=settings.PTDV_ESCALATION_WORKING_DAYS,
    )


def dossier_deadline(dossier: Dossier, calendar=None, today=None):
    """The deadline of the dossier's next step (or the date its papers must be fresh by, before the cell's vote),
    with its state today (working days left or late), or None. The same computation as the work queues
    (admission.due.dossier_due), so every page shows the same deadline."""
    from ptdv.calendar.selectors import working_calendar

    calendar = calendar or working_calendar()
    today = today or timezone.localdate()
    items = dossier_due(dossier, "", dossier.person_id, today, calendar, due_settings(), all_watches=True)
    if not items:
        return None
    item = items[0]
    return {"deadline": item.deadline, "state": item.state, "days": item.days, "item": item}


def stage_dates(dossier: Dossier) -> dict[Stage, datetime.date | None]:
    """The day each step of the main line was completed, from the recorded dates."""
    dates = {stage: getattr(dossier, name) for stage, name in steps.table("date_field").items()}
    # the application step is complete with both the application and the CV
    dates[Stage.APPLICATION] = max((day for day in (dossier.application_on, dossier.cv_on) if day), default=None)
    return dates


def dossier_tracker(dossier: Dossier, deadline: dict | None) -> list[rules.TrackerStep]:
    """Where the dossier stands on the procedure (rules.procedure_tracker), the current step due by the deadline
    the pages and work queues show (dossier_deadline)."""
    due = deadline["deadline"].due if deadline else None
    return rules.procedure_tracker(current_stage(dossier), stage_dates(dossier), due)


BOARD_STAGES = [
    DossierStage.OPENED,
    DossierStage.APPLICATION,
    DossierStage.INTRODUCTION,
    DossierStage.VERIFICATION,
    DossierStage.COMMENTS,
    DossierStage.CELL_VOTE,
    DossierStage.COMMITTEE_VOTE,
    DossierStage.DECISION,
    DossierStage.CEREMONY,
    DossierStage.RECOGNITION_CELL_VOTE,
    DossierStage.RECOGNITION_COMMITTEE_VOTE,
]


def dossier_board(*, user, limit_per_stage: int = 50) -> list[dict]:
    """Open dossiers of the user's units by stage (columns), each with its deadline state."""
    dossiers = list(
        dossiers_visible_to(user)
        .filter(stage__in=BOARD_STAGES)
        .select_related("person", "unit", "decided_by")
        .order_by("opened_on", "pk")
    )
    from ptdv.calendar.selectors import working_calendar

    calendar = working_calendar()
    columns = []
    for stage in BOARD_STAGES:
        cards = []
        for dossier in [d for d in dossiers if d.stage == stage][:limit_per_stage]:
            deadline = dossier_deadline(dossier, calendar)
            tracker = dossier_tracker(dossier, deadline)
            current = next((step for step in tracker if step.state == "current"), None)
            cards.append(
                {
                    "dossier": dossier,
                    "deadline": deadline,
                    "tracker": tracker,
                    "current": current,
                    "done": sum(step.state == "done" for step in tracker),
                }
            )
        columns.append(
            {"stage": stage, "label": stage.label, "cards": cards, "count": sum(d.stage == stage for d in dossiers)}
        )
    return columns


def probationers(*, user):
    """The probationary members of the user's units, from the roll — those admitted through a dossier and those
    loaded with the roll alike — each with the end of probation derived from the ceremony date (12 calendar months,
    Charter art. 5.1: membership.rules) and where it stands today; soonest end first, members whose ceremony date is
    not recorded last. A queryset of memberships; `probation_rows` adds the dates to the rows of one page."""
    from django.db.models import F

    from ptdv.membership.models import MembershipStatus
    from ptdv.membership.selectors import memberships_visible_to

    return (
        memberships_visible_to(user)
        .filter(status=MembershipStatus.PROBATIONARY)
        .select_related("person", "unit")
        .order_by(F("ceremony_date").asc(nulls_last=True), "person__sort_name", "pk")
    )


def probation_rows(*, user, memberships) -> list[dict]:
    """The probation list's rows for `memberships` (one page): the dossier that follows the probation, if any, the
    ceremony, the end of probation and its deadline state (the work queue's computation: admission.due)."""
    from ptdv.calendar.selectors import working_calendar

    memberships = list(memberships)
    dossiers = {
        dossier.person_id: dossier
        for dossier in dossiers_visible_to(user)
        .filter(person_id__in=[m.person_id for m in memberships], stage__in=PROBATION_DOSSIER_STAGES)
        .select_related("person", "unit")
    }
    calendar, today, settings = working_calendar(), timezone.localdate(), due_settings()
    rows = []
    for membership in memberships:
        dossier = dossiers.get(membership.person_id)
        ceremony = membership.ceremony_date or (dossier.ceremony_on if dossier else None)
        if dossier is not None:
            deadline = dossier_deadline(dossier, calendar, today)
        else:
            items = member_due(
                membership_id=membership.pk, person=membership.person.full_name, person_id=membership.person_id,
                unit_id=membership.unit_id, ceremony_on=ceremony, today=today, calendar=calendar, settings=settings,
                all_watches=True,
            )  # fmt: skip
            deadline = (
                {"deadline": items[0].deadline, "state": items[0].state, "days": items[0].days} if items else None
            )
        rows.append(
            {
                "membership": membership,
                "dossier": dossier,
                "ceremony_on": ceremony,
                "ends_on": probation_ends_on(ceremony) if ceremony else None,
                "deadline": deadline,
            }
        )
    return rows


PROBATION_DOSSIER_STAGES = [
    DossierStage.DECISION,
    DossierStage.CEREMONY,
    DossierStage.RECOGNITION_CELL_VOTE,
    DossierStage.RECOGNITION_COMMITTEE_VOTE,
]
