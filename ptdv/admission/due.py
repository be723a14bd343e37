"""A dossier's own deadlines as due items, as plain Python (no database): what must happen, by when, who must act
(the cell, the grassroots committee or the competent committee) and where today stands against it
(deadlines.deadline_state). `dossier_due`, `member_due` (a probationary member loaded with the roll, without a
dossier) and `candidate_due` compute them from plain objects (a Dossier, or anything with the same attributes), so
that the admission pages, the work queues (reminders), the digest and the tests all use the same computation.

Moved here from reminders.rules (which re-exports it): the dossier's deadline is admission's, and the work queues,
one floor up, read it from here (see the layers in pyproject.toml).
"""

import datetime
from dataclasses import dataclass
from typing import Literal, Protocol, cast

from django.utils.translation import gettext as _

from ptdv.admission import deadlines, steps
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
ACTOR_OF_STAGE: dict[str, str] = {"opened": "cell", **cast("dict[str, str]", steps.table("waiting"))}


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

    @classmethod
    def of(
        cls,
        deadline: Deadline,
        *,
        when: str,
        subject: Literal["dossier", "candidate", "member", "transfer", "residence"],
        subject_id: int,
        person: str,
        person_id: int,
        unit_id: int,
        today: datetime.date,
        calendar: WorkingCalendar,
        actor: Actor = CELL,
        step: str | None = None,
    ) -> "DueItem":
        """The item of `deadline` for one subject, its state today; `when` keeps its key stable from day to day."""
        state, days = deadline_state(deadline, today, calendar)
        return cls(
            key=f"{subject}:{subject_id}:{deadline.code}:{when}",
            kind=deadline.code,
            subject=subject,
            subject_id=subject_id,
            person=person,
            unit_id=unit_id,
            actor=actor,
            step=step,
            deadline=deadline,
            state=state,
            days=days,
            person_id=person_id,
        )

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


def _reached(day: datetime.date | None) -> datetime.date:
    """The date of a step the dossier's stage says was taken (set with the stage, never None there)."""
    return cast(datetime.date, day)


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
        deadline = deadlines.decision_deadline(_reached(dossier.cell_vote_on), calendar, days=settings.decision_days)
        return [(deadline, GRASSROOTS, Stage.COMMITTEE_VOTE.value)]
    if stage == Stage.COMMITTEE_VOTE:
        deadline = deadlines.decision_deadline(_reached(dossier.cell_vote_on), calendar, days=settings.decision_days)
        return [(deadline, COMPETENT, Stage.DECISION.value)]
    if stage == Stage.DECISION:
        deadline = deadlines.ceremony_deadline(
            _reached(dossier.decision_on), calendar, allowed_until=getattr(dossier, "ceremony_allowed_until", None)
        )
        return [(deadline, CELL, Stage.CEREMONY.value)]
    if stage == Stage.CEREMONY:
        deadline, waits_for_vote = probation_deadline(_reached(dossier.ceremony_on), today, calendar)
        return [(deadline, CELL, Stage.RECOGNITION_CELL_VOTE.value if waits_for_vote else None)]
    if stage in (Stage.RECOGNITION_CELL_VOTE, Stage.RECOGNITION_COMMITTEE_VOTE):
        deadline = deadlines.recognition_decision_deadline(_reached(dossier.recognition_cell_vote_on), calendar)
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
        item = DueItem.of(
            deadline, when=deadline.start.isoformat(), subject="dossier", subject_id=dossier.id, person=person,
            person_id=person_id, unit_id=dossier.unit_id, today=today, calendar=calendar, actor=actor, step=step,
        )  # fmt: skip
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
    item = DueItem.of(
        deadline, when=certificate_on.isoformat(), subject="candidate", subject_id=candidate_id, person=person,
        person_id=person_id, unit_id=unit_id, today=today, calendar=calendar,
    )  # fmt: skip
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
    item = DueItem.of(
        deadline, when=deadline.start.isoformat(), subject="member", subject_id=membership_id, person=person,
        person_id=person_id, unit_id=unit_id, today=today, calendar=calendar,
    )  # fmt: skip
    return [item] if all_watches or _listed(item, settings) else []
