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
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from django.utils.translation import gettext as _

from ptdv.admission import deadlines
from ptdv.admission.deadlines import Deadline, State, deadline_state
from ptdv.admission.rules import Stage
from ptdv.calendar.rules import WorkingCalendar
from ptdv.people.rules import add_months

Actor = Literal["cell", "grassroots", "competent"]
CELL: Actor = "cell"
GRASSROOTS: Actor = "grassroots"
COMPETENT: Actor = "competent"

WATCH_KINDS = frozenset({"probation_end", "papers_fresh", "certificate_expiry"})
# Stages before the cell's vote: the papers' freshness and the certificate still matter.
BEFORE_CELL_VOTE = (None, Stage.APPLICATION, Stage.INTRODUCTION, Stage.VERIFICATION, Stage.COMMENTS)


# Who acts on the deadline a dossier at each open stage waits for ("opened": nothing completed yet).
ACTOR_OF_STAGE: dict[str, str] = {
    "opened": "cell",
    Stage.APPLICATION: "cell",
    Stage.INTRODUCTION: "cell",
    Stage.VERIFICATION: "cell",
    Stage.COMMENTS: "cell",
    Stage.CELL_VOTE: "grassroots",
    Stage.COMMITTEE_VOTE: "competent",
    Stage.DECISION: "cell",
    Stage.CEREMONY: "cell",
    Stage.RECOGNITION_CELL_VOTE: "grassroots",
    Stage.RECOGNITION_COMMITTEE_VOTE: "competent",
}


@dataclass(frozen=True)
class Settings:
    """The numbers the items depend on; settings because some rules are UNCONFIRMED (procedure.md)."""

    decision_days: int = deadlines.DECISION_DAYS
    fresh_months: int = 12
    certificate_months: int = 60
    horizon_days: int = 20  # watches are listed from this many working days before their date
    escalation_days: int = 10  # overdue by more than this: the unit above sees the item too


@dataclass(frozen=True)
class DueItem:
    """One deadline that applies today. `key` names the item and its deadline, stable from day to day (the digest
    never sends the same key twice on one day); `step` is the dossier step that settles it, if any."""

    key: str
    kind: str  # the deadline's code: admission_decision, admission_ceremony, probation_end, ...
    subject: Literal["dossier", "candidate", "member", "transfer", "residence"]
    subject_id: int  # the dossier's, the candidate's, the membership's (a member without a dossier) or the transfer's
    person: str  # the person's full name
    unit_id: int  # the cell of the dossier or candidate
    actor: Actor
    step: str | None
    deadline: Deadline
    state: State
    days: int
    person_id: int = 0

    @property
    def due(self) -> datetime.date:
        return self.deadline.due

    @property
    def is_watch(self) -> bool:
        return self.kind in WATCH_KINDS

    def escalated(self, escalation_days: int) -> bool:
        """Overdue by more than `escalation_days` working days: the unit above sees it too."""
        return self.state == "overdue" and self.days > escalation_days


class DossierLike(Protocol):
    id: int
    unit_id: int
    stage: str
    opened_on: datetime.date
    introduced_on: datetime.date | None
    cell_vote_on: datetime.date | None
    decision_on: datetime.date | None
    ceremony_on: datetime.date | None
    recognition_cell_vote_on: datetime.date | None
    referred_on: datetime.date | None  # the third failed recognition vote: the committee above decides
    ceremony_allowed_until: datetime.date | None  # the committee above approved a later ceremony
    papers_redone_on: datetime.date | None  # the introduction papers redone (freshness rule)


def _stage(value: str) -> Stage | None:
    try:
        return Stage(value)
    except ValueError:  # "opened": nothing completed yet
        return None


def papers_fresh_deadline(opened_on: datetime.date, introduced_on: datetime.date | None, months: int) -> Deadline:
    """The cell votes while the papers are fresh: at most `months` after opening the dossier or after the
    introduction papers were (re)done, whichever is later (admission.rules.papers_problems; UNCONFIRMED)."""
    start = max(opened_on, introduced_on or opened_on)
    return Deadline(
        code="papers_fresh",
        label=_("The cell votes before the papers are older than the limit"),
        start=start,
        due=add_months(start, months),
        length=_("%(months)s calendar months") % {"months": months},
        source="01-HD/TW 2021",
        unconfirmed=True,
    )


def certificate_deadline(certificate_on: datetime.date, months: int) -> Deadline:
    """The awareness-course certificate counts until `months` after its date (06-HD/TW §5.4)."""
    return Deadline(
        code="certificate_expiry",
        label=_("The awareness course certificate expires"),
        start=certificate_on,
        due=add_months(certificate_on, months),
        length=_("%(months)s calendar months") % {"months": months},
        source="06-HD/TW §5.4",
    )


def probation_deadline(
    ceremony_on: datetime.date, today: datetime.date, calendar: WorkingCalendar
) -> tuple[Deadline, bool]:
    """What a probationary member waits for: the end of probation, 12 calendar months after the ceremony (a date to
    watch); from that day, the cell's vote on recognition within 30 working days (True: a vote is due). The same for
    a member admitted through a dossier and for one loaded with the roll (member_due)."""
    end = deadlines.probation_end(ceremony_on)
    if today < end.due:
        return end, False
    return deadlines.recognition_cell_deadline(end.due, calendar), True


def dossier_deadlines(
    dossier: DossierLike, today: datetime.date, calendar: WorkingCalendar, settings: Settings = Settings()
) -> list[tuple[Deadline, Actor, str | None]]:
    """The deadlines a dossier waits for today, each with who acts and the step that settles it. The first one is
    the dossier's step deadline (what admission pages show as "deadline"), when the stage has one."""
    stage = _stage(dossier.stage)
    referred_on = getattr(dossier, "referred_on", None)
    if referred_on is not None:  # three failed recognition votes: no further vote, the committee above decides
        return [(deadlines.referral_deadline(referred_on, calendar), COMPETENT, "referral")]
    if stage == Stage.CELL_VOTE:
        deadline = deadlines.decision_deadline(dossier.cell_vote_on, calendar, days=settings.decision_days)
        return [(deadline, GRASSROOTS, Stage.COMMITTEE_VOTE.value)]
    if stage == Stage.COMMITTEE_VOTE:
        deadline = deadlines.decision_deadline(dossier.cell_vote_on, calendar, days=settings.decision_days)
        return [(deadline, COMPETENT, Stage.DECISION.value)]
    if stage == Stage.DECISION:
        deadline = deadlines.ceremony_deadline(
            dossier.decision_on, calendar, allowed_until=getattr(dossier, "ceremony_allowed_until", None)
        )
        return [(deadline, CELL, Stage.CEREMONY.value)]
    if stage == Stage.CEREMONY:
        deadline, waits_for_vote = probation_deadline(dossier.ceremony_on, today, calendar)
        return [(deadline, CELL, Stage.RECOGNITION_CELL_VOTE.value if waits_for_vote else None)]
    if stage in (Stage.RECOGNITION_CELL_VOTE, Stage.RECOGNITION_COMMITTEE_VOTE):
        deadline = deadlines.recognition_decision_deadline(dossier.recognition_cell_vote_on, calendar)
        if stage == Stage.RECOGNITION_CELL_VOTE:
            return [(deadline, GRASSROOTS, Stage.RECOGNITION_COMMITTEE_VOTE.value)]
        return [(deadline, COMPETENT, Stage.FULL_MEMBER.value)]
    if stage in BEFORE_CELL_VOTE:
        papers_on = getattr(dossier, "papers_redone_on", None) or dossier.introduced_on
        fresh = papers_fresh_deadline(dossier.opened_on, papers_on, settings.fresh_months)
        return [(fresh, CELL, None)]
    return []


def _listed(item: DueItem, settings: Settings) -> bool:
    return not item.is_watch or item.state != "upcoming" or item.days <= settings.horizon_days


def dossier_due(
    dossier: DossierLike,
    person: str,
    person_id: int,
    today: datetime.date,
    calendar: WorkingCalendar,
    settings: Settings = Settings(),
    *,
    all_watches: bool = False,
) -> list[DueItem]:
    """The due items of one dossier today (watches only within the horizon unless `all_watches`)."""
    items = []
    for deadline, actor, step in dossier_deadlines(dossier, today, calendar, settings):
        state, days = deadline_state(deadline, today, calendar)
        item = DueItem(
            key=f"dossier:{dossier.id}:{deadline.code}:{deadline.start.isoformat()}",
            kind=deadline.code,
            subject="dossier",
            subject_id=dossier.id,
            person=person,
            unit_id=dossier.unit_id,
            actor=actor,
            step=step,
            deadline=deadline,
            state=state,
            days=days,
            person_id=person_id,
        )
        if all_watches or _listed(item, settings):
            items.append(item)
    return items


def candidate_due(
    *,
    candidate_id: int,
    person: str,
    person_id: int,
    unit_id: int,
    certificate_on: datetime.date | None,
    today: datetime.date,
    calendar: WorkingCalendar,
    settings: Settings = Settings(),
    all_watches: bool = False,
) -> list[DueItem]:
    """The due items of a candidate (in the pool, or an applicant the cell has not voted on): the certificate."""
    if certificate_on is None:
        return []
    deadline = certificate_deadline(certificate_on, settings.certificate_months)
    state, days = deadline_state(deadline, today, calendar)
    item = DueItem(
        key=f"candidate:{candidate_id}:certificate_expiry:{certificate_on.isoformat()}",
        kind=deadline.code,
        subject="candidate",
        subject_id=candidate_id,
        person=person,
        unit_id=unit_id,
        actor=CELL,
        step=None,
        deadline=deadline,
        state=state,
        days=days,
        person_id=person_id,
    )
    return [item] if all_watches or _listed(item, settings) else []


def member_due(
    *,
    membership_id: int,
    person: str,
    person_id: int,
    unit_id: int,
    ceremony_on: datetime.date | None,
    today: datetime.date,
    calendar: WorkingCalendar,
    settings: Settings = Settings(),
    all_watches: bool = False,
) -> list[DueItem]:
    """The due item of a probationary member who has no open dossier in the system (loaded with the roll): the end
    of probation from the ceremony date, then the cell's vote on recognition (probation_deadline). None without a
    ceremony date: nothing can be derived."""
    if ceremony_on is None:
        return []
    deadline, _vote = probation_deadline(ceremony_on, today, calendar)
    state, days = deadline_state(deadline, today, calendar)
    item = DueItem(
        key=f"member:{membership_id}:{deadline.code}:{deadline.start.isoformat()}",
        kind=deadline.code,
        subject="member",
        subject_id=membership_id,
        person=person,
        unit_id=unit_id,
        actor=CELL,
        step=None,
        deadline=deadline,
        state=state,
        days=days,
        person_id=person_id,
    )
    return [item] if all_watches or _listed(item, settings) else []


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
    state, days = deadline_state(deadline, today, calendar)
    return [
        DueItem(
            key=f"member:{membership_id}:{deadline.code}:{decided_on.isoformat()}",
            kind=deadline.code,
            subject="member",
            subject_id=membership_id,
            person=person,
            unit_id=unit_id,
            actor=CELL,
            step=None,
            deadline=deadline,
            state=state,
            days=days,
            person_id=person_id,
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
    state, days = deadline_state(deadline, today, calendar)
    return [
        DueItem(
            key=f"transfer:{transfer_id}:{deadline.code}:{letter_date.isoformat()}",
            kind=deadline.code,
            subject="transfer",
            subject_id=transfer_id,
            person=person,
            unit_id=destination_id,
            actor=CELL,
            step=None,
            deadline=deadline,
            state=state,
            days=days,
            person_id=person_id,
        )
    ]


def actor_label(actor: Actor) -> str:
    """Who acts, in the user's language."""
    return {
        CELL: _("the cell"),
        GRASSROOTS: _("the grassroots committee"),
        COMPETENT: _("the competent committee"),
    }[actor]


def urgency_key(item: DueItem) -> tuple:
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


def with_state(item: DueItem, today: datetime.date, calendar: WorkingCalendar) -> DueItem:
    """The same item seen on another day."""
    state, days = deadline_state(item.deadline, today, calendar)
    return replace(item, state=state, days=days)


# ---------------------------------------------------------------- stalled work


def dossier_last_move(dossier) -> datetime.date:
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


def dossier_stalled_days(dossier, today: datetime.date, limit_days: int) -> int | None:
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
