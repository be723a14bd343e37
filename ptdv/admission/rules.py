"""Rules of the admission procedure, as plain Python (no database).

Sources: ../shared/domain/procedure.md ("Stages", "Conditions checked before the cell votes", "Votes", "Deadlines"),
each rule naming its document below. The numbers are settings (AdmissionRules), because some are UNCONFIRMED.
Messages are translated when a function returns them: English msgids, dates as dd/mm/yyyy."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Literal, cast

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ptdv.core.formatting import format_percent
from ptdv.membership import rules as membership_rules
from ptdv.membership.rules import probation_ends_on
from ptdv.people.rules import (
    CandidateFacts,
    PoolRules,
    add_months,
    age_in_months,
    candidate_obstacles,
    obstacle_message,
)

# ---------------------------------------------------------------- stages and moves


class Stage(StrEnum):
    """The dossier's last completed step, in order (procedure.md "Stages"). An open dossier with nothing completed
    yet has no stage (None)."""

    APPLICATION = "application"  # application (1-KNĐ) and CV (2-KNĐ) received
    INTRODUCTION = "introduction"  # introducers recorded (3-KNĐ, 4-KNĐ / 4A-KNĐ)
    VERIFICATION = "verification"  # background verification concluded
    COMMENTS = "comments"  # comments of mass organisations and the residence cell (5-KNĐ)
    CELL_VOTE = "cell_vote"  # the cell's resolution (6-KNĐ) passed
    COMMITTEE_VOTE = "committee_vote"  # the grassroots committee's resolution (8-KNĐ) passed
    DECISION = "decision"  # the competent committee's decision (9-KNĐ)
    CEREMONY = "ceremony"  # admission ceremony held: probation runs from here
    RECOGNITION_CELL_VOTE = "recognition_cell_vote"  # 13-KNĐ passed
    RECOGNITION_COMMITTEE_VOTE = "recognition_committee_vote"  # 15-KNĐ passed
    FULL_MEMBER = "full_member"  # recognition decision (16-KNĐ): terminal
    WITHDRAWN = "withdrawn"  # rút hồ sơ: terminal
    REJECTED = "rejected"  # không đủ điều kiện / không được biểu quyết thông qua: terminal
    STRUCK_OFF = "struck_off"  # xóa tên khỏi danh sách đảng viên dự bị: terminal


ORDER: list[Stage] = [
    Stage.APPLICATION,
    Stage.INTRODUCTION,
    Stage.VERIFICATION,
    Stage.COMMENTS,
    Stage.CELL_VOTE,
    Stage.COMMITTEE_VOTE,
    Stage.DECISION,
    Stage.CEREMONY,
    Stage.RECOGNITION_CELL_VOTE,
    Stage.RECOGNITION_COMMITTEE_VOTE,
    Stage.FULL_MEMBER,
]
SIDE_EXITS: frozenset[Stage] = frozenset({Stage.WITHDRAWN, Stage.REJECTED, Stage.STRUCK_OFF})
TERMINAL: frozenset[Stage] = frozenset({Stage.FULL_MEMBER, *SIDE_EXITS})

# Side exits (procedure.md "Stages"): withdrawn or rejected at any stage before the admission decision; struck off
# during probation, i.e. once the ceremony is held and until the recognition decision.
BEFORE_DECISION: tuple[Stage | None, ...] = (None, *ORDER[: ORDER.index(Stage.DECISION)])
DURING_PROBATION: tuple[Stage, ...] = tuple(ORDER[ORDER.index(Stage.CEREMONY) : ORDER.index(Stage.FULL_MEMBER)])


def next_stage(stage: Stage | None) -> Stage | None:
    """The next step on the main line: None (a new dossier) → APPLICATION; None after FULL_MEMBER and side exits."""
    if stage is None:
        return ORDER[0]
    if stage in TERMINAL:
        return None
    return ORDER[ORDER.index(stage) + 1]


def allowed_moves(stage: Stage | None) -> set[Stage]:
    """The stages a dossier at `stage` may move to: the next one; WITHDRAWN or REJECTED before the decision;
    STRUCK_OFF from the ceremony until the recognition decision; nothing from a terminal stage."""
    if stage is not None and stage in TERMINAL:
        return set()
    following = next_stage(stage)  # never None here: the terminal stages answered above
    moves: set[Stage] = {following} if following is not None else set()
    if stage in BEFORE_DECISION:
        moves |= {Stage.WITHDRAWN, Stage.REJECTED}
    if stage in DURING_PROBATION:
        moves.add(Stage.STRUCK_OFF)
    return moves


def can_return_for_correction(stage: Stage | None) -> bool:
    """May the dossier be returned for correction (trả lại để bổ sung, hoàn thiện)?

    procedure.md lists "returned for correction" among the side exits before the decision. Our reading
    (UNCONFIRMED): it undoes the last completed step, from APPLICATION up to COMMITTEE_VOTE; an open dossier with
    nothing completed has nothing to return, and from the decision on the dossier is no longer the cell's."""
    return stage is not None and stage in BEFORE_DECISION


def return_target(stage: Stage | None) -> Stage | None:
    """The stage a dossier returned for correction goes back to: one step back on the main line (UNCONFIRMED, see
    can_return_for_correction). None means an open dossier with nothing completed (returned from APPLICATION).
    ValueError when the dossier cannot be returned."""
    if not can_return_for_correction(stage):
        raise ValueError(f"a dossier at {stage!r} cannot be returned for correction")
    index = ORDER.index(cast(Stage, stage))  # not None: can_return_for_correction said so
    return ORDER[index - 1] if index else None


def stage_label(stage: Stage) -> str:
    """The step as a noun in the user's language, for messages: 'the admission ceremony'."""
    labels = {
        Stage.APPLICATION: _("the application and CV"),
        Stage.INTRODUCTION: _("the introduction"),
        Stage.VERIFICATION: _("the background verification"),
        Stage.COMMENTS: _("the comments of mass organisations and the residence cell"),
        Stage.CELL_VOTE: _("the cell's resolution on admission"),
        Stage.COMMITTEE_VOTE: _("the grassroots committee's resolution on admission"),
        Stage.DECISION: _("the admission decision"),
        Stage.CEREMONY: _("the admission ceremony"),
        Stage.RECOGNITION_CELL_VOTE: _("the cell's resolution on recognition"),
        Stage.RECOGNITION_COMMITTEE_VOTE: _("the grassroots committee's resolution on recognition"),
        Stage.FULL_MEMBER: _("the recognition decision"),
        Stage.WITHDRAWN: _("the withdrawal of the dossier"),
        Stage.REJECTED: _("the rejection"),
        Stage.STRUCK_OFF: _("the striking off"),
    }
    return labels[stage]


# ---------------------------------------------------------------- where a dossier stands


def step_name(stage: Stage) -> str:
    """The step as the tracker names it (the titles of its forms)."""
    names = {
        Stage.APPLICATION: _("Application and CV received"),
        Stage.INTRODUCTION: _("Introducers"),
        Stage.VERIFICATION: _("Background verification"),
        Stage.COMMENTS: _("Comments of mass organisations and the residence cell (5-KNĐ)"),
        Stage.CELL_VOTE: _("The cell's vote (6-KNĐ)"),
        Stage.COMMITTEE_VOTE: _("The grassroots committee's vote (8-KNĐ)"),
        Stage.DECISION: _("Admission decision (9-KNĐ)"),
        Stage.CEREMONY: _("Admission ceremony"),
        Stage.RECOGNITION_CELL_VOTE: _("The cell's vote on recognition (13-KNĐ)"),
        Stage.RECOGNITION_COMMITTEE_VOTE: _("The grassroots committee's vote on recognition (15-KNĐ)"),
        Stage.FULL_MEMBER: _("Recognition decision (16-KNĐ)"),
    }
    return names[stage]


TrackerState = Literal["done", "current", "next", "later", "stopped"]


@dataclass(frozen=True)
class TrackerStep:
    """One step of the procedure for one dossier: done (on `day`), current (due by `due`), the next one, a later
    one, or never reached (the dossier was withdrawn, rejected or struck off)."""

    stage: Stage
    state: TrackerState
    day: datetime.date | None = None
    due: datetime.date | None = None

    @property
    def name(self) -> str:
        return step_name(self.stage)

    @property
    def number(self) -> int:
        return ORDER.index(self.stage) + 1


def procedure_tracker(
    stage: Stage | None, dates: dict[Stage, datetime.date | None], current_due: datetime.date | None = None
) -> list[TrackerStep]:
    """The main line of the procedure (ORDER) for a dossier at `stage`: the steps done with the day each was done
    (`dates`), the current step (the next to record) with its deadline `current_due`, the one after it, the later
    ones. A dossier closed by a side exit stopped after the last step it completed: the rest are "stopped"."""
    if stage in SIDE_EXITS:
        done_steps = [s for s in ORDER if dates.get(s)]
        reached = done_steps[-1] if done_steps else None
        current = None
    else:
        reached = stage
        current = next_stage(stage)
    reached_index = ORDER.index(reached) if reached is not None else -1
    after_current = next_stage(current) if current is not None else None
    steps = []
    for index, step in enumerate(ORDER):
        if index <= reached_index:
            steps.append(TrackerStep(step, "done", day=dates.get(step)))
        elif step == current:
            steps.append(TrackerStep(step, "current", due=current_due))
        elif step == after_current:
            steps.append(TrackerStep(step, "next"))
        else:
            steps.append(TrackerStep(step, "stopped" if stage in SIDE_EXITS else "later"))
    return steps


# ---------------------------------------------------------------- settings and results


@dataclass(frozen=True)
class Unmet:
    """A condition not met: a stable code, and the message already translated (dates as dd/mm/yyyy)."""

    code: str
    message: str


# Reasons a former member left the party (Readmission.left_reason).
# Never re-admitted (294-QĐ/TW §3.5.2; the same five in 29-QĐ/TW and 24-QĐ/TW §3.5.2): abandoned party activity
# (tự bỏ sinh hoạt đảng); asked to leave (làm đơn xin ra Đảng), unless for especially difficult family reasons;
# seriously harmed internal unity (gây mất đoàn kết nội bộ nghiêm trọng); convicted of corruption; convicted of a
# serious or graver crime (tội nghiêm trọng trở lên). The list is as quoted from 294-QĐ/TW by secondary sources;
# the official 2025 wording is UNCONFIRMED, hence a setting (AdmissionRules.readmission_barred_reasons).
READMISSION_BARRED: frozenset[str] = frozenset(
    {"abandoned", "voluntary", "serious_disunity", "convicted_corruption", "convicted_serious"}
)
# Reasons that do not bar re-admission by themselves: our own grouping (UNCONFIRMED). A conviction for a
# less-serious crime is Readmission.convicted_less_serious, on top of the reason.
READMISSION_OTHER: frozenset[str] = frozenset({"voluntary_family_hardship", "struck_off", "expelled", "other"})
READMISSION_REASONS: frozenset[str] = READMISSION_BARRED | READMISSION_OTHER


@dataclass(frozen=True)
class AdmissionRules:
    """The numbers of the admission rules; settings, because some are UNCONFIRMED (procedure.md)."""

    min_age_years: int = 18  # 294-QĐ/TW §1.1.1
    max_age_years: int = 60  # 294-QĐ/TW §1.1.1
    certificate_valid_months: int = 60  # 06-HD/TW §5.4
    introducer_months_together: int = 12  # 294-QĐ/TW §3.2.1
    dossier_fresh_months: int = 12  # 01-HD/TW 2021; 2025 wording UNCONFIRMED
    vote_fraction: Fraction = Fraction(2, 3)  # 06-HD/TW §3.6.b; 294-QĐ/TW §9.3.2; 01-HD/TW §3.6.c
    readmission_min_months_out: int = 36  # 294-QĐ/TW §3.5.1
    readmission_min_months_after_conviction: int = 60  # 294-QĐ/TW §3.5.1, from the day the conviction is cleared
    failed_votes_before_referral: int = 3  # 29-QĐ/TW §4.2
    readmission_barred_reasons: frozenset[str] = field(default=READMISSION_BARRED)  # 294-QĐ/TW §3.5.2 (UNCONFIRMED)

    def pool_rules(self) -> PoolRules:
        """The same numbers as people.rules reads them."""
        return PoolRules(
            min_age_years=self.min_age_years,
            max_age_years=self.max_age_years,
            certificate_valid_months=self.certificate_valid_months,
        )


PROBATION_MONTHS = membership_rules.PROBATION_MONTHS  # Charter art. 5.1: fixed by the Charter, not a setting


def _day(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# ---------------------------------------------------------------- facts the cell-vote conditions read

IntroducerKind = Literal["member", "youth_union", "trade_union"]
INTRODUCER_KINDS: frozenset[str] = frozenset({"member", "youth_union", "trade_union"})


@dataclass(frozen=True)
class Introducer:
    """One introducer: a party member (3-KNĐ), or the Youth Union (4-KNĐ) or trade union (4A-KNĐ) executive
    committee. `full_member` and `months_together` matter for members only."""

    kind: IntroducerKind
    full_member: bool = False
    months_together: int = 0  # worked, studied or lived with the applicant in the same unit
    person_id: int | None = None  # the introducing member (kind "member"): two introducers are two people

    def __post_init__(self) -> None:
        if self.kind not in INTRODUCER_KINDS:
            raise ValueError(f"unknown introducer kind {self.kind!r}")


@dataclass(frozen=True)
class Readmission:
    """A former member applying again (294-QĐ/TW §3.5). `left_reason` is one of READMISSION_REASONS."""

    left_on: datetime.date
    left_reason: str
    convicted_less_serious: bool = False  # convicted of a less-serious crime, conviction cleared (xóa án tích)
    provincial_consent: bool = False  # the provincial standing committee's written consent
    readmitted_before: bool = False
    conviction_cleared_on: datetime.date | None = None  # needed when convicted_less_serious

    def __post_init__(self) -> None:
        if self.left_reason not in READMISSION_REASONS:
            raise ValueError(f"unknown reason for leaving {self.left_reason!r}")


@dataclass(frozen=True)
class CellVoteFacts:
    """What the conditions before the cell's vote need to know, read from the database by the caller."""

    vote_date: datetime.date
    birth_date: datetime.date
    over_60_consent: bool
    general_education: str
    education_exception: bool
    certificate_date: datetime.date | None  # the latest awareness-course certificate (CN-NTVĐ)
    introducers: tuple[Introducer, ...]
    youth_age_applicant: bool  # the Youth Union route is open to them
    verification_concluded_on: datetime.date | None
    dossier_opened_on: datetime.date
    papers_redone_on: datetime.date | None  # the date of the introduction papers now in the dossier
    readmission: Readmission | None = None
    applicant_id: int | None = None


# ---------------------------------------------------------------- conditions before the cell votes


def introducer_identity_problems(introducers: tuple[Introducer, ...], applicant_id: int | None) -> list[Unmet]:
    """Two introducers are two different people, neither of them the applicant (procedure.md "Votes";
    294-QĐ/TW §3.2.1: "hai đảng viên chính thức giới thiệu"). Introducers of unknown identity are not compared."""
    unmet: list[Unmet] = []
    ids = [i.person_id for i in introducers if i.kind == "member" and i.person_id is not None]
    if applicant_id is not None and applicant_id in ids:
        unmet.append(Unmet("introducer_is_applicant", _("the applicant cannot introduce themselves")))
    if len(ids) != len(set(ids)):
        unmet.append(
            Unmet("introducers_same", _("the two introducers are the same person: two different members are needed"))
        )
    return unmet


def introducer_problems(
    introducers: tuple[Introducer, ...],
    youth_age_applicant: bool,
    rules: AdmissionRules = AdmissionRules(),
    applicant_id: int | None = None,
) -> list[Unmet]:
    """Who may introduce (294-QĐ/TW §3.2.1): two full members; or the Youth Union executive committee and one full
    member, for youth-age applicants; or the trade union executive committee and one full member. Each introducing
    member is a full member (not probationary) who has worked, studied or lived with the applicant for at least
    12 months in the same unit; their own years of membership do not matter. Two introducers are two different
    people, neither the applicant (introducer_identity_problems)."""
    if not introducers:
        return [Unmet("no_introducers", _("no introducers recorded"))]
    unmet: list[Unmet] = introducer_identity_problems(introducers, applicant_id)
    members = [i for i in introducers if i.kind == "member"]
    organisations = [i for i in introducers if i.kind != "member"]
    if (len(members), len(organisations)) not in {(2, 0), (1, 1)}:
        unmet.append(
            Unmet(
                "introducer_combination",
                _(
                    "introducers must be two full members, or the Youth Union or trade union executive committee "
                    "and one full member"
                ),
            )
        )
    if any(i.kind == "youth_union" for i in organisations) and not youth_age_applicant:
        unmet.append(
            Unmet(
                "youth_union_not_youth_age",
                _("only a youth-age applicant may be introduced by the Youth Union executive committee"),
            )
        )
    for number, introducer in enumerate(introducers, start=1):
        if introducer.kind != "member":
            continue
        if not introducer.full_member:
            unmet.append(
                Unmet(
                    "introducer_probationary",
                    _("introducer %(number)s is not a full member: a probationary member cannot introduce")
                    % {"number": number},
                )
            )
        if introducer.months_together < rules.introducer_months_together:
            unmet.append(
                Unmet(
                    "introducer_months",
                    ngettext(
                        "introducer %(number)s has worked, studied or lived with the applicant for %(months)s month: "
                        "at least %(required)s are needed",
                        "introducer %(number)s has worked, studied or lived with the applicant for %(months)s "
                        "months: at least %(required)s are needed",
                        introducer.months_together,
                    )
                    % {
                        "number": number,
                        "months": introducer.months_together,
                        "required": rules.introducer_months_together,
                    },
                )
            )
    return unmet


def papers_problems(
    *,
    vote_date: datetime.date,
    dossier_opened_on: datetime.date,
    papers_redone_on: datetime.date | None,
    rules: AdmissionRules = AdmissionRules(),
) -> list[Unmet]:
    """Dossier freshness (01-HD/TW 2021; the 2025 wording is UNCONFIRMED): when more than 12 months pass from
    opening the dossier to the cell's vote, the introduction letters and the Youth Union / trade union resolution
    are redone. Our reading: the papers then in the dossier must be dated within the 12 months before the vote
    (vote_date ≤ papers_redone_on + 12 months), and not after it. Exactly 12 months after opening is still fresh."""
    months = rules.dossier_fresh_months
    if vote_date <= add_months(dossier_opened_on, months):
        return []
    if papers_redone_on is not None and papers_redone_on <= vote_date <= add_months(papers_redone_on, months):
        return []
    params = {"opened": _day(dossier_opened_on), "months": months}
    if papers_redone_on is None:
        message = ngettext(
            "dossier opened on %(opened)s, more than %(months)s month before the cell's meeting: "
            "redo the introduction papers",
            "dossier opened on %(opened)s, more than %(months)s months before the cell's meeting: "
            "redo the introduction papers",
            months,
        )
    else:
        params["date"] = _day(papers_redone_on)
        message = ngettext(
            "dossier opened on %(opened)s, more than %(months)s month before the cell's meeting: the introduction "
            "papers of %(date)s must be redone within the %(months)s month before the meeting",
            "dossier opened on %(opened)s, more than %(months)s months before the cell's meeting: the introduction "
            "papers of %(date)s must be redone within the %(months)s months before the meeting",
            months,
        )
    return [Unmet("papers_not_redone", message % params)]


def readmission_problems(
    readmission: Readmission, on: datetime.date, rules: AdmissionRules = AdmissionRules()
) -> list[Unmet]:
    """Re-admission (294-QĐ/TW §3.5): never for the barred reasons (§3.5.2); once only (§3.5.3); at least 36 months
    out of the party, or 60 months from the day a conviction for a less-serious crime was cleared; the provincial
    standing committee's written consent (§3.5.1). Probation is served again in full (§3.5.4)."""
    if readmission.left_reason in rules.readmission_barred_reasons:
        return [
            Unmet(
                "readmission_barred",
                _("cannot be re-admitted: left the party because of %(reason)s")
                % {"reason": readmission_reason_label(readmission.left_reason)},
            )
        ]
    unmet: list[Unmet] = []
    if readmission.readmitted_before:
        unmet.append(Unmet("readmission_once", _("already re-admitted once: re-admission is allowed only once")))
    out = rules.readmission_min_months_out
    if age_in_months(readmission.left_on, on) < out:
        unmet.append(
            Unmet(
                "readmission_too_soon",
                ngettext(
                    "out of the party for less than %(months)s month: may be considered from %(date)s",
                    "out of the party for less than %(months)s months: may be considered from %(date)s",
                    out,
                )
                % {"months": out, "date": _day(add_months(readmission.left_on, out))},
            )
        )
    if readmission.convicted_less_serious:
        cleared = readmission.conviction_cleared_on
        after = rules.readmission_min_months_after_conviction
        if cleared is None:
            unmet.append(Unmet("readmission_conviction_unknown", _("record the date the conviction was cleared")))
        elif age_in_months(cleared, on) < after:
            unmet.append(
                Unmet(
                    "readmission_conviction_too_soon",
                    ngettext(
                        "less than %(months)s month since the conviction was cleared: may be considered from %(date)s",
                        "less than %(months)s months since the conviction was cleared: may be considered from %(date)s",
                        after,
                    )
                    % {"months": after, "date": _day(add_months(cleared, after))},
                )
            )
    if not readmission.provincial_consent:
        unmet.append(
            Unmet(
                "readmission_no_consent",
                _("re-admission needs the provincial standing committee's written consent"),
            )
        )
    return unmet


def readmission_reason_label(code: str) -> str:
    labels = {
        "abandoned": _("abandoning party activity"),
        "voluntary": _("a request to leave the party"),
        "serious_disunity": _("seriously harming internal unity"),
        "convicted_corruption": _("a conviction for corruption"),
        "convicted_serious": _("a conviction for a serious or graver crime"),
        "voluntary_family_hardship": _("a request to leave for especially difficult family reasons"),
        "struck_off": _("being struck off"),
        "expelled": _("expulsion"),
        "other": _("another reason"),
    }
    return labels[code]


def cell_vote_conditions(facts: CellVoteFacts, rules: AdmissionRules = AdmissionRules()) -> list[Unmet]:
    """What must hold on the day of the cell's meeting (procedure.md, "Conditions checked before the cell votes"),
    in a stable order:

    - age 18 to 60 in whole months at the vote; over 60 only with the provincial consent (294-QĐ/TW §1.1.1);
    - lower-secondary education, or an exception (Charter art. 1; exception wording UNCONFIRMED);
    - an awareness-course certificate at most 60 months old at the vote (06-HD/TW §5.4);
      these three as people.rules.candidate_obstacles checks them, blocking obstacles only;
    - the introducers (294-QĐ/TW §3.2.1), see introducer_problems;
    - background verification concluded on or before the vote (06-HD/TW §3.4.d);
    - introduction papers redone when the dossier is more than 12 months old (01-HD/TW 2021; UNCONFIRMED);
    - re-admission conditions (294-QĐ/TW §3.5), see readmission_problems."""
    candidate = CandidateFacts(
        birth_date=facts.birth_date,
        general_education=facts.general_education,
        education_exception=facts.education_exception,
        certificate_date=facts.certificate_date,
        helper_count=1,  # a helper is a pool-stage matter, not a condition of the vote
        over_60_consent=facts.over_60_consent,
    )
    unmet = [
        Unmet(obstacle.code, obstacle_message(obstacle))
        for obstacle in candidate_obstacles(candidate, facts.vote_date, rules.pool_rules())
        if obstacle.severity == "blocking"
    ]
    unmet += introducer_problems(facts.introducers, facts.youth_age_applicant, rules, facts.applicant_id)
    if facts.verification_concluded_on is None:
        unmet.append(Unmet("verification_missing", _("background verification not concluded")))
    elif facts.verification_concluded_on > facts.vote_date:
        unmet.append(
            Unmet(
                "verification_after_vote",
                _("background verification concluded on %(date)s, after the cell's meeting on %(vote)s")
                % {"date": _day(facts.verification_concluded_on), "vote": _day(facts.vote_date)},
            )
        )
    unmet += papers_problems(
        vote_date=facts.vote_date,
        dossier_opened_on=facts.dossier_opened_on,
        papers_redone_on=facts.papers_redone_on,
        rules=rules,
    )
    if facts.readmission is not None:
        unmet += readmission_problems(facts.readmission, facts.vote_date, rules)
    return unmet


# ---------------------------------------------------------------- votes


def cell_vote_denominator(*, full_members: int, temporarily_transferred_out: int, exempted_absent: int) -> int:
    """The full members a cell vote counts against (06-HD/TW §3.6.b; 294-QĐ/TW §9.3.2): all full members of the
    cell, less those on temporary transfer elsewhere and those exempted from activity who are absent. Probationary
    members do not vote and are not in `full_members`."""
    if min(full_members, temporarily_transferred_out, exempted_absent) < 0:
        raise ValueError("member counts cannot be negative")
    denominator = full_members - temporarily_transferred_out - exempted_absent
    if denominator < 0:
        raise ValueError("more members left out than the cell has")
    return denominator


@dataclass(frozen=True)
class VoteResult:
    votes_for: int
    denominator: int
    passed: bool
    text: str  # "7/10 = 70% ≥ 2/3: thông qua"


def vote_percent(votes_for: int, denominator: int) -> str:
    """votes_for / denominator as a percentage rounded half up to one place, without a trailing zero place:
    '70%', '66,7%' (Vietnamese), '66.7%' (English). Exact integer arithmetic."""
    tenths = (votes_for * 2000 + denominator) // (2 * denominator)  # round half up
    places = 0 if tenths % 10 == 0 else 1
    return format_percent(Decimal(tenths).scaleb(-1), places=places)


def vote_result(votes_for: int, denominator: int, rules: AdmissionRules = AdmissionRules()) -> VoteResult:
    """A resolution passes with at least 2/3 of the denominator in favour (cell: 06-HD/TW §3.6.b, 294-QĐ/TW §9.3.2;
    grassroots committee: 01-HD/TW §3.6.c, 06-HD/TW §3.7.a; recognition votes alike). Exact arithmetic, never
    floats: 2/3 passes iff votes_for * 3 ≥ 2 * denominator. ValueError on negative numbers, more votes than the
    denominator, or a denominator of 0."""
    if votes_for < 0 or denominator < 0:
        raise ValueError("votes cannot be negative")
    if denominator == 0:
        raise ValueError("nobody to vote")
    if votes_for > denominator:
        raise ValueError("more votes for than voters")
    fraction = rules.vote_fraction
    passed = votes_for * fraction.denominator >= fraction.numerator * denominator
    params = {
        "for": votes_for,
        "of": denominator,
        "percent": vote_percent(votes_for, denominator),
        "fraction": f"{fraction.numerator}/{fraction.denominator}",
    }
    if passed:
        text = _("%(for)s/%(of)s = %(percent)s ≥ %(fraction)s: passed") % params
    else:
        text = _("%(for)s/%(of)s = %(percent)s < %(fraction)s: not passed") % params
    return VoteResult(votes_for=votes_for, denominator=denominator, passed=passed, text=text)


def must_refer_up(failed_votes: int, rules: AdmissionRules = AdmissionRules()) -> bool:
    """After 3 votes that fail to reach 2/3 (to recognise, or to strike off), the case goes to the higher committee
    (29-QĐ/TW §4.2)."""
    if failed_votes < 0:
        raise ValueError("failed votes cannot be negative")
    return failed_votes >= rules.failed_votes_before_referral


# ---------------------------------------------------------------- probation, recognition, seniority


def full_member_date(ceremony_date: datetime.date) -> datetime.date:
    """A recognised member is a full member as of the day the 12 months of probation end, even when the meetings
    were late (Charter art. 5.1; procedure.md "Dates that follow"): the roll's rule (membership.rules)."""
    return probation_ends_on(ceremony_date)


def recognition_conditions(
    *, ceremony_date: datetime.date, vote_date: datetime.date, rules: AdmissionRules = AdmissionRules()
) -> list[Unmet]:
    """The cell may consider recognition only once the 12 months of probation from the ceremony have ended
    (Charter art. 5.1): vote_date ≥ ceremony_date + 12 months. `rules` is taken for symmetry with the other checks;
    the probation length is the Charter's, not a setting."""
    ends = full_member_date(ceremony_date)
    if vote_date < ends:
        return [
            Unmet(
                "probation_not_ended",
                _("probation ends on %(date)s: the cell may consider recognition from that day") % {"date": _day(ends)},
            )
        ]
    return []


def seniority_from(decision_date: datetime.date) -> datetime.date:
    """Party seniority (tuổi Đảng) counts from the date in the admission decision, not the ceremony
    (Charter art. 5.4)."""
    return decision_date


# ---------------------------------------------------------------- dates entered after the fact


def date_order_problems(dates: dict[Stage, datetime.date | None]) -> list[Unmet]:
    """Dates may be entered after the fact, but never in an impossible order: each recorded stage's date is on or
    after the previous recorded stage's date (procedure.md "Stages": a dossier moves through them in order).
    Stages without a date are skipped; a side exit is compared with the last recorded stage of the main line."""
    unmet: list[Unmet] = []
    previous: tuple[Stage, datetime.date] | None = None

    def check(stage: Stage, day: datetime.date) -> None:
        if previous is not None and day < previous[1]:
            unmet.append(
                Unmet(
                    "date_order",
                    _("%(stage)s (%(date)s) cannot be before %(previous)s (%(previous_date)s)")
                    % {
                        "stage": stage_label(stage),
                        "date": _day(day),
                        "previous": stage_label(previous[0]),
                        "previous_date": _day(previous[1]),
                    },
                )
            )

    for stage in ORDER:
        day = dates.get(stage)
        if day is not None:
            check(stage, day)
            previous = (stage, day)
    for stage in sorted(SIDE_EXITS & dates.keys(), key=lambda s: list(Stage).index(s)):
        day = dates[stage]
        if day is not None:
            check(stage, day)
    return unmet


def closing_date_problems(
    outcome: Stage,
    closed_on: datetime.date,
    *,
    ceremony_on: datetime.date | None,
    last_step: tuple[str, datetime.date] | None,
) -> list[Unmet]:
    """Every closing date respects the order of what is recorded (procedure.md "Deadlines", "Dates that follow"):
    a withdrawal or rejection is not dated before the last recorded step (`last_step`: its label and date, failed
    votes included); striking off a probationary member is dated on or after the ceremony (probation begins there),
    and not before the last recorded step either."""
    unmet: list[Unmet] = []
    if outcome == Stage.STRUCK_OFF and ceremony_on is not None and closed_on < ceremony_on:
        unmet.append(
            Unmet(
                "struck_off_before_ceremony",
                _("a probationary member is struck off after the ceremony (%(ceremony)s), not on %(date)s")
                % {"ceremony": _day(ceremony_on), "date": _day(closed_on)},
            )
        )
    elif last_step is not None and closed_on < last_step[1]:
        unmet.append(
            Unmet(
                "closed_before_last_step",
                _("%(stage)s (%(date)s) cannot be before %(previous)s (%(previous_date)s), the last recorded step")
                % {
                    "stage": stage_label(outcome),
                    "date": _day(closed_on),
                    "previous": last_step[0],
                    "previous_date": _day(last_step[1]),
                },
            )
        )
    return unmet


def ceremony_problems(
    *,
    ceremony_on: datetime.date,
    due: datetime.date,
    allowed_until: datetime.date | None,
) -> list[Unmet]:
    """The admission ceremony within 30 working days of receiving the decision (`due`, admission.deadlines); later
    only with the recorded approval of the committee directly above, up to the date it allows (procedure.md
    "Deadlines"; 294-QĐ/TW §4.1: "phải báo cáo và được cấp ủy cấp trên trực tiếp đồng ý")."""
    if ceremony_on <= due:
        return []
    if allowed_until is None:
        return [
            Unmet(
                "ceremony_late_unapproved",
                _(
                    "the ceremony on %(date)s is after the deadline of %(due)s: record the approval of the committee "
                    "directly above first"
                )
                % {"date": _day(ceremony_on), "due": _day(due)},
            )
        ]
    if ceremony_on > allowed_until:
        return [
            Unmet(
                "ceremony_after_allowed_date",
                _("the ceremony on %(date)s is after the date the committee above allowed (%(allowed)s)")
                % {"date": _day(ceremony_on), "allowed": _day(allowed_until)},
            )
        ]
    return []
