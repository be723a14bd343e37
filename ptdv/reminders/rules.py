"""Due items, escalation and stalled work, as plain Python (no database).

A due item is one deadline of procedure.md ("Deadlines") that applies to a dossier, a probationary member or a
candidate today: what must happen, by when, who must act (the cell, the grassroots committee or the competent
committee) and where today stands against it (admission.deadlines.deadline_state). `dossier_due`, `member_due` (a
probationary member loaded with the roll, without a dossier) and `candidate_due` compute them from plain objects (a
Dossier, or anything with the same attributes), so that the selectors, the pages, the digest and the tests all use
the same computation.

Kinds of items:
- steps, always listed while the dossier waits for them: the competent committee's decision (60 working days from
  the cell's resolution, the grassroots committee voting first), the ceremony (30 working days from the decision),
  the cell's recognition vote (30 working days from the end of probation), the recognition decision (30 working
  days from the cell's resolution on recognition, the grassroots committee voting first);
- watches, listed only from `horizon` working days before their date: the end of probation (12 calendar months
  after the ceremony), the papers of a dossier not yet voted by the cell (redone after 12 months,
  PTDV_DOSSIER_FRESH_MONTHS), and an awareness-course certificate (valid 60 months, PTDV_CERTIFICATE_VALID_MONTHS)
  of a candidate or applicant the cell has not voted on yet.

Escalation: an item overdue by more than `escalation_days` working days also goes to the unit above the one that
must act (PTDV_ESCALATION_WORKING_DAYS).
"""

import datetime

from django.utils.translation import gettext as _

from ptdv.admission import deadlines
from ptdv.admission.deadlines import Deadline
from ptdv.admission.due import (  # the dossier's own deadlines: admission's, re-exported for the queues
    ACTOR_OF_STAGE,
    BEFORE_CELL_VOTE,
    CELL,
    COMPETENT,
    GRASSROOTS,
    WATCH_KINDS,
    Actor,
    DossierLike,
    DueItem,
    Settings,
    candidate_due,
    certificate_deadline,
    dossier_deadlines,
    dossier_due,
    member_due,
    papers_fresh_deadline,
    probation_deadline,
)
from ptdv.calendar.rules import WorkingCalendar
from ptdv.people.rules import add_months

__all__ = [
    "ACTOR_OF_STAGE",
    "BEFORE_CELL_VOTE",
    "CELL",
    "COMPETENT",
    "GRASSROOTS",
    "WATCH_KINDS",
    "Actor",
    "DossierLike",
    "DueItem",
    "Settings",
    "candidate_due",
    "certificate_deadline",
    "dossier_deadlines",
    "dossier_due",
    "member_due",
    "papers_fresh_deadline",
    "probation_deadline",
]


TRANSFER_PRESENT_DAYS = 30  # roll.md: the letter presented within 30 days of its date (UNCONFIRMED: calendar days)


def transfer_present_deadline(letter_date: datetime.date, days: int = TRANSFER_PRESENT_DAYS) -> Deadline:
    """The member presents the letter of introduction to the destination within 30 days of its date (roll.md,
    UNCONFIRMED: calendar days); otherwise the destination reports the lateness."""
    return Deadline(
        code="transfer_present",
        label=_("Letter of introduction presented at the destination"),
        start=letter_date,
        due=letter_date + datetime.timedelta(days=days),
        length=_("%(days)s calendar days") % {"days": days},
        source="29-QĐ/TW §6",
        unconfirmed=True,
    )


TRANSFER_START_DAYS = 60  # roll.md: the transfer started within 60 working days of the decision that moves them


def transfer_start_deadline(decided_on: datetime.date, calendar: WorkingCalendar) -> Deadline:
    """The member starts the transfer (the letter of introduction issued) within 60 working days of the decision that
    moves them: retirement, a new post (roll.md)."""
    return Deadline(
        code="transfer_start",
        label=_("Transfer of party activity started (letter of introduction issued)"),
        start=decided_on,
        due=calendar.add_working_days(decided_on, TRANSFER_START_DAYS),
        length=_("%(days)s working days") % {"days": TRANSFER_START_DAYS},
        source="29-QĐ/TW §6",
        unconfirmed=True,
    )


def transfer_start_due(
    *,
    membership_id: int,
    person: str,
    person_id: int,
    unit_id: int,
    decided_on: datetime.date,
    today: datetime.date,
    calendar: WorkingCalendar,
) -> list[DueItem]:
    """The due item of a member whom a decision moves and who has no letter of introduction since: the cell acts."""
    deadline = transfer_start_deadline(decided_on, calendar)
    return [
        DueItem.of(
            deadline,
            when=decided_on.isoformat(),
            subject="member",
            subject_id=membership_id,
            person=person,
            person_id=person_id,
            unit_id=unit_id,
            today=today,
            calendar=calendar,
        )
    ]


def transfer_due(
    *,
    transfer_id: int,
    person: str,
    person_id: int,
    destination_id: int,
    letter_date: datetime.date,
    today: datetime.date,
    calendar: WorkingCalendar,
) -> list[DueItem]:
    """The due item of an official transfer whose letter awaits receipt: the destination (which acts, as a cell
    does on its own steps) expects the member within 30 days of the letter; the receipt settles it."""
    deadline = transfer_present_deadline(letter_date)
    return [
        DueItem.of(
            deadline,
            when=letter_date.isoformat(),
            subject="transfer",
            subject_id=transfer_id,
            person=person,
            person_id=person_id,
            unit_id=destination_id,
            today=today,
            calendar=calendar,
        )
    ]


def actor_label(actor: Actor) -> str:
    """Who acts, in the user's language."""
    return {
        CELL: _("the cell"),
        GRASSROOTS: _("the grassroots committee"),
        COMPETENT: _("the competent committee"),
    }[actor]


def urgency_key(item: DueItem) -> tuple[datetime.date, bool, str, str]:
    """The most urgent first: the earliest due day is the most overdue, then due today, then the nearest."""
    return (item.due, item.is_watch, item.person, item.key)


def sort_by_urgency(items: list[DueItem]) -> list[DueItem]:
    return sorted(items, key=urgency_key)


def state_text(item: DueItem) -> str:
    """'3 working days late', 'due today', '5 working days left', in the user's language."""
    from django.utils.translation import ngettext

    if item.state == "overdue":
        return ngettext("%(days)s working day late", "%(days)s working days late", item.days) % {"days": item.days}
    if item.state == "due_today":
        return _("due today")
    return ngettext("%(days)s working day left", "%(days)s working days left", item.days) % {"days": item.days}


# ---------------------------------------------------------------- stalled work


def dossier_last_move(dossier: DossierLike) -> datetime.date:
    """The latest day something was recorded on the dossier. During probation the wait is the rule's, so the end
    of probation counts as a move."""
    days = [
        dossier.opened_on,
        getattr(dossier, "application_on", None),
        getattr(dossier, "cv_on", None),
        dossier.introduced_on,
        getattr(dossier, "verification_on", None),
        getattr(dossier, "comments_on", None),
        dossier.cell_vote_on,
        getattr(dossier, "committee_vote_on", None),
        dossier.decision_on,
        dossier.ceremony_on,
        dossier.recognition_cell_vote_on,
        getattr(dossier, "recognition_committee_vote_on", None),
    ]
    if dossier.ceremony_on:
        days.append(deadlines.probation_end(dossier.ceremony_on).due)
    return max(day for day in days if day)


def dossier_stalled_days(dossier: DossierLike, today: datetime.date, limit_days: int) -> int | None:
    """Calendar days since the dossier's last move, when more than `limit_days`; else None."""
    idle = (today - dossier_last_move(dossier)).days
    return idle if idle > limit_days else None


def candidate_stalled(
    *, entered_on: datetime.date, has_course: bool, has_dossier: bool, today: datetime.date, months: int
) -> bool:
    """In the pool for more than `months` without any awareness course and without a dossier."""
    return not has_course and not has_dossier and today > add_months(entered_on, months)


def pipeline_empty(*, quota: int, open_dossiers: int, candidates: int) -> bool:
    """A unit with a quota this year and nobody on the way: no candidate in the pool, no open dossier."""
    return quota > 0 and open_dossiers == 0 and candidates == 0
