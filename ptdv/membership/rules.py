"""The roll's dates, as plain Python (no database).

Probation is 12 calendar months from the admission ceremony (Charter art. 5.1; procedure.md "Deadlines"): it ends on
the same day of the month a year later (Civil Code 2015 art. 148: the 31st becomes the last day of a shorter month),
and that day is the full-member date of a recognised member ("đúng thời điểm hết 12 tháng dự bị"). The admission
procedure (admission.rules.full_member_date) and the roll read this one rule, so a member loaded by import has the
same end of probation as one admitted through a dossier."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, NoReturn

from django.utils.translation import gettext as _

from ptdv.people.rules import add_months

PROBATION_MONTHS = 12  # Charter art. 5.1: fixed by the Charter, not a setting


def probation_ends_on(ceremony_date: datetime.date) -> datetime.date:
    """The day the 12 months of probation from the ceremony end: ceremony 15/03/2026 → 15/03/2027."""
    return add_months(ceremony_date, PROBATION_MONTHS)


# ---------------------------------------------------------------- the roll as a dated history (roll.md)
#
# A membership is a list of dated events; replaying them in date order gives, after each, where the member is active
# (their cell), in which status, exempted or away, or off the roll. The replay refuses an event that does not fit the
# history at its date (leaving twice, a transfer out of a unit the member is not in, a date before admission) with a
# code and a message; the periods it yields are what "the roll of unit U on date D" reads.

ADMITTED = "admitted"
CEREMONY = "ceremony"
FULL = "full"
TRANSFER_IN = "transfer_in"
TRANSFER_OUT = "transfer_out"
INTERNAL = "internal"
TEMPORARY_OUT = "temporary_out"
TEMPORARY_BACK = "temporary_back"
DIED = "died"
EXPELLED = "expelled"
STRUCK_OFF = "struck_off"
RESIGNED = "resigned"
RESTORED = "restored"
EXEMPTED = "exempted"
EXEMPTION_ENDED = "exemption_ended"

EXITS = (DIED, EXPELLED, STRUCK_OFF, RESIGNED)  # leaving the roll for good, unless restored (not after death)
LEAVES = (*EXITS, TRANSFER_OUT)
MOVES = (TRANSFER_IN, INTERNAL)
# The kinds of the `movements` import (exchange.md), in its order.
MOVEMENT_KINDS = (
    TRANSFER_OUT, TRANSFER_IN, INTERNAL, TEMPORARY_OUT, TEMPORARY_BACK, DIED, EXPELLED, STRUCK_OFF, RESIGNED,
    RESTORED, EXEMPTED, EXEMPTION_ENDED,
)  # fmt: skip
# The kinds an event may be replayed on: those of the import, and the admission's own.
KINDS = (ADMITTED, CEREMONY, FULL, *MOVEMENT_KINDS)
# Same day: the admission first, an exit last.
SAME_DAY_ORDER = (
    ADMITTED, CEREMONY, TRANSFER_IN, RESTORED, FULL, INTERNAL, TEMPORARY_OUT, TEMPORARY_BACK, EXEMPTED,
    EXEMPTION_ENDED, TRANSFER_OUT, *EXITS,
)  # fmt: skip
KIND_ORDER = {kind: position for position, kind in enumerate(SAME_DAY_ORDER)}

PROBATIONARY, FULL_MEMBER = "probationary", "full"


@dataclass(frozen=True)
class State:
    """Where a member stands after an event: on the roll in `unit` with `status`, or off it (`left` says how)."""

    on_roll: bool = False
    unit: int | None = None
    status: str = ""
    exempted: bool = False
    away: int | None = None  # the host unit of a temporary stay
    left: str = ""  # the kind of the last departure
    admitted_on: datetime.date | None = None


@dataclass(frozen=True)
class Step:
    """An event as the replay reads it. `unit`: the destination (arrival, move, restoration, temporary stay);
    `origin`: the unit the event says the member leaves (checked when given); `status`: the status on arrival."""

    key: object
    kind: str
    date: datetime.date
    unit: int | None = None
    origin: int | None = None
    status: str = ""
    seq: int = 0


@dataclass(frozen=True)
class Replayed:
    step: Step
    before: State
    after: State


@dataclass(frozen=True)
class Period:
    unit: int
    status: str
    exempted: bool
    away: int | None
    valid_from: datetime.date
    valid_to: datetime.date | None


class HistoryProblem(Exception):
    """An event that does not fit the member's history at its date."""

    def __init__(self, step: Step, code: str, message: str):
        super().__init__(message)
        self.step, self.code, self.message = step, code, message


@dataclass
class History:
    replayed: list[Replayed] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    final: State = State()
    problems: list[HistoryProblem] = field(default_factory=list)


def order_key(step: Step) -> tuple[datetime.date, int, int]:
    return (step.date, KIND_ORDER.get(step.kind, 99), step.seq)


def _day(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def apply(state: State, step: Step) -> State:
    """The state after `step`, or HistoryProblem when it does not fit."""
    kind, day = step.kind, step.date

    def refuse(code: str, message: str) -> NoReturn:
        raise HistoryProblem(step, code, message)

    if kind != ADMITTED and state.admitted_on is None and not (kind == TRANSFER_IN and not state.on_roll):
        refuse("before_admission", _("The date %(date)s is before the member's admission.") % {"date": _day(day)})
    if state.admitted_on is not None and day < state.admitted_on:
        refuse(
            "before_admission",
            _("The date %(date)s is before the member's admission (%(admitted)s).")
            % {"date": _day(day), "admitted": _day(state.admitted_on)},
        )
    if kind == ADMITTED:
        if state.admitted_on is not None:
            refuse("already_member", _("The person is already a party member."))
        return State(on_roll=True, unit=step.unit, status=step.status or PROBATIONARY, admitted_on=day)
    if kind == CEREMONY:
        return state
    if kind == TRANSFER_IN and not state.on_roll:
        if state.left in EXITS:
            refuse("already_left", _left_message(state, day))
        status = step.status or state.status or PROBATIONARY  # back from outside: the status they left with
        return State(on_roll=True, unit=step.unit, status=status, admitted_on=state.admitted_on or day)
    if kind == RESTORED:
        if state.on_roll:
            refuse("on_roll", _("The member is on the roll: there is nothing to restore."))
        if state.left not in (EXPELLED, STRUCK_OFF, RESIGNED):
            refuse("not_restorable", _("Only an expelled, struck-off or resigned member can be restored."))
        return replace(state, on_roll=True, unit=step.unit or state.unit, left="", exempted=False, away=None)
    if not state.on_roll:
        refuse("already_left", _left_message(state, day))
    if step.origin is not None and step.origin != state.unit:
        refuse("not_in_unit", _("On %(date)s the member is not active in that unit.") % {"date": _day(day)})
    if kind == FULL:
        if state.status != PROBATIONARY:
            refuse("not_probationary", _("Only a probationary member can be recognised as a full member."))
        return replace(state, status=FULL_MEMBER)
    if kind in MOVES:
        if step.unit is None:
            refuse("no_unit", _("Name the cell the member moves to."))
        if step.unit == state.unit:
            refuse("same_unit", _("The member is already active in that unit."))
        return replace(state, unit=step.unit, away=None)
    if kind == TEMPORARY_OUT:
        if state.away is not None:
            refuse("already_away", _("The member is already on a temporary stay elsewhere."))
        if step.unit is not None and step.unit == state.unit:
            refuse("same_unit", _("The member is already active in that unit."))
        return replace(state, away=step.unit or 0)
    if kind == TEMPORARY_BACK:
        if state.away is None:
            refuse("not_away", _("The member is not on a temporary stay."))
        return replace(state, away=None)
    if kind == EXEMPTED:
        if state.exempted:
            refuse("already_exempted", _("The member is already exempted."))
        return replace(state, exempted=True)
    if kind == EXEMPTION_ENDED:
        if not state.exempted:
            refuse("not_exempted", _("The member is not exempted."))
        return replace(state, exempted=False)
    if kind in LEAVES:
        return replace(state, on_roll=False, left=kind, exempted=False, away=None)
    refuse("unknown_kind", _("Unknown kind of movement: %(kind)s.") % {"kind": kind})


def _left_message(state: State, day: datetime.date) -> str:
    if state.left:
        return _("On %(date)s the member is no longer on the roll: they cannot leave it or move again.") % {
            "date": _day(day)
        }
    return _("On %(date)s the person is not on the roll.") % {"date": _day(day)}


def replay(steps: Iterable[Step], *, lenient: bool = False) -> History:
    """Replay `steps` in date order. Strict: the first problem is raised. Lenient: a step that does not fit is
    skipped and kept in `problems` (for bulk loads, which must not stop on an old roll's inconsistencies)."""
    history = History()
    state = State()
    ordered = sorted(steps, key=order_key)
    for step in ordered:
        try:
            after = apply(state, step)
        except HistoryProblem as problem:
            if not lenient:
                raise
            history.problems.append(problem)
            continue
        history.replayed.append(Replayed(step, state, after))
        state = after
    history.final = state
    history.periods = periods_of(history.replayed)
    return history


def periods_of(replayed: list[Replayed]) -> list[Period]:
    """The member's periods on the roll: the state at the end of each day, from one change to the next."""
    ends: dict[datetime.date, State] = {}
    for item in replayed:
        ends[item.step.date] = item.after  # the last event of a day decides the day
    periods: list[Period] = []
    current: tuple[Any, ...] | None = None  # (unit, status, exempted, away) of the running period
    start = datetime.date.min  # set with `current`
    for day in sorted(ends):
        state = ends[day]
        key = (state.unit, state.status, state.exempted, state.away) if state.on_roll else None
        if key == current:
            continue
        if current is not None:
            unit, status, exempted, away = current
            periods.append(Period(unit, status, exempted, away, start, valid_to=day - datetime.timedelta(days=1)))
        current, start = key, day
    if current is not None:
        unit, status, exempted, away = current
        periods.append(Period(unit, status, exempted, away, start, valid_to=None))
    return periods


# ---------------------------------------------------------------- Biểu 1 (roll.md)

GAINS = ("admitted", "transferred_in", "restored")
LOSSES = ("died", "expelled", "struck_off", "resigned", "transferred_out")


def movement_line(kind: str, inside_before: bool, inside_after: bool) -> str | None:
    """The Biểu 1 line an event counts in for a set of units: entering it is a gain, leaving it a loss; a move
    inside it, or a change that stays outside, is neither."""
    if inside_before == inside_after:
        return None
    if inside_after:
        return {ADMITTED: "admitted", RESTORED: "restored"}.get(kind, "transferred_in")
    return {DIED: "died", EXPELLED: "expelled", STRUCK_OFF: "struck_off", RESIGNED: "resigned"}.get(
        kind, "transferred_out"
    )


def card_number_problem(number: str, digits: int) -> str | None:
    """Why `number` is not a party card number (roll.md: `digits` digits, 12 under the 2025 guidance, UNCONFIRMED;
    0 accepts any), or None."""
    if digits and not (number.isascii() and number.isdigit() and len(number) == digits):
        return _("A party card number has %(digits)s digits, without spaces or dots: %(number)s is not one.") % {
            "digits": digits,
            "number": number,
        }
    return None


# roll.md: the member presents the letter of introduction within 30 days of its date (UNCONFIRMED: calendar days);
# the letter says so (documents) and the destination's queue expects it (reminders).
TRANSFER_PRESENT_DAYS = 30
