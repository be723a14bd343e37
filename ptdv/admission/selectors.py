"""Reads about dossiers, scoped by admission.access."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ptdv.membership.selectors import full_members_of_grassroots
from ptdv.people.models import Person

from . import rules
from .access import dossiers_visible_to
from .models import Dossier, DossierStage

Stage = rules.Stage


def current_stage(dossier: Dossier) -> rules.Stage | None:
    return None if dossier.stage == DossierStage.OPENED else Stage(dossier.stage)


def introducer_choices(*, dossier: Dossier) -> QuerySet[Person]:
    """Full members of the applicant's grassroots organisation (introducers, and the probation's helper)."""
    return full_members_of_grassroots(unit=dossier.unit, exclude_person_id=dossier.person_id)


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


def dossier_deadline(dossier: Dossier, calendar=None, today=None):
    """The deadline of the dossier's next step (or the date its papers must be fresh by, before the cell's vote),
    with its state today (working days left or late), or None. The same computation as the work queues
    (reminders.rules.dossier_due), so every page shows the same deadline."""
    from ptdv.calendar.selectors import working_calendar
    from ptdv.reminders.rules import dossier_due
    from ptdv.reminders.selectors import reminder_settings

    calendar = calendar or working_calendar()
    today = today or timezone.localdate()
    items = dossier_due(dossier, "", dossier.person_id, today, calendar, reminder_settings(), all_watches=True)
    if not items:
        return None
    item = items[0]
    return {"deadline": item.deadline, "state": item.state, "days": item.days, "item": item}


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
            cards.append({"dossier": dossier, "deadline": dossier_deadline(dossier, calendar)})
        columns.append(
            {"stage": stage, "label": stage.label, "cards": cards, "count": sum(d.stage == stage for d in dossiers)}
        )
    return columns


def probationers(*, user) -> list[dict]:
    """Probationary members of the user's units with the end of their probation."""
    from ptdv.calendar.selectors import working_calendar

    from . import deadlines

    calendar = working_calendar()
    rows = []
    for dossier in (
        dossiers_visible_to(user)
        .filter(
            stage__in=[
                DossierStage.CEREMONY,
                DossierStage.RECOGNITION_CELL_VOTE,
                DossierStage.RECOGNITION_COMMITTEE_VOTE,
            ]
        )
        .select_related("person", "unit")
        .order_by("ceremony_on")
    ):
        rows.append(
            {
                "dossier": dossier,
                "ends_on": deadlines.probation_end(dossier.ceremony_on).due,
                "deadline": dossier_deadline(dossier, calendar),
            }
        )
    return rows
