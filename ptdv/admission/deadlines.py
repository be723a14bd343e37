"""The deadlines of the admission procedure (procedure.md, "Deadlines"), as plain Python (no database).

Each function takes the day the period runs from and the working calendar (ptdv.calendar.rules.WorkingCalendar;
the database's one comes from ptdv.calendar.selectors.working_calendar) and returns a Deadline.

Conventions:
- A period runs from the day after the event that opens it (Civil Code 2015, art. 147): "within 60 working days of
  the resolution" is due on WorkingCalendar.add_working_days(resolution, 60), the 60th working day after it. The
  due day is always a working day; it is the last day on time.
- Probation is 12 calendar months from the ceremony (Charter art. 5.1) and ends on the same day of the month a year
  later (Civil Code art. 148; the 31st becomes the last day of a shorter month): ceremony 15/03/2026 → probation
  ends 15/03/2027. That day is the full-member date ("a full member as of the day the 12 months end"), the same as
  admission.rules.full_member_date, and it is not moved off a weekend or holiday: it is a status date, not a
  deadline to act by. The cell's 30 working days to consider recognition run from the day after it.
- The member card (handed over at the next cell meeting, 29-QĐ/TW §6.1) has no date to compute.

Texts (`label`, `length`) are translated when a function returns them; `source` names the document and is not.
"""

import datetime
from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext as _

from ptdv.calendar.rules import WorkingCalendar

from .rules import PROBATION_MONTHS, full_member_date

DECISION_DAYS = 60  # 29-QĐ/TW §4.3.1, kept in 232-QĐ/TW; in 294-QĐ/TW UNCONFIRMED
DECISION_EXTENSION_DAYS = 30  # once
CEREMONY_DAYS = 30  # 294-QĐ/TW §4.1
RECOGNITION_CELL_DAYS = 30  # 294-QĐ/TW §4.2
RECOGNITION_DECISION_DAYS = 30  # 29-QĐ/TW §4.2
RECOGNITION_DECISION_EXTENSION_DAYS = 30

State = Literal["upcoming", "due_today", "overdue"]


@dataclass(frozen=True)
class Deadline:
    """One deadline: what must happen (`code`, `label`), from which day, by which day, and by which rule."""

    code: str
    label: str  # what must happen, in the user's language
    start: datetime.date  # the day the period runs from (not counted)
    due: datetime.date  # the last day on time
    length: str  # "60 working days", in the user's language
    source: str  # the document and section, e.g. "29-QĐ/TW §4.3.1"
    unconfirmed: bool = False  # the rule is not confirmed in the current documents (procedure.md)


def _working_days_length(days: int, extension: int = 0) -> str:
    if extension:
        return _("%(days)s working days (%(base)s, extended by %(extra)s)") % {
            "days": days + extension,
            "base": days,
            "extra": extension,
        }
    return _("%(days)s working days") % {"days": days}


def decision_deadline(
    cell_resolution_on: datetime.date, calendar: WorkingCalendar, *, extended: bool = False, days: int = DECISION_DAYS
) -> Deadline:
    """The competent committee decides admission within 60 working days of the cell's resolution, extendable once
    by 30 (29-QĐ/TW §4.3.1, kept in 232-QĐ/TW; whether 294-QĐ/TW keeps it is UNCONFIRMED)."""
    extension = DECISION_EXTENSION_DAYS if extended else 0
    return Deadline(
        code="admission_decision",
        label=_("The competent committee decides admission"),
        start=cell_resolution_on,
        due=calendar.add_working_days(cell_resolution_on, days + extension),
        length=_working_days_length(days, extension),
        source="29-QĐ/TW §4.3.1",
        unconfirmed=True,
    )


def ceremony_deadline(
    decision_received_on: datetime.date, calendar: WorkingCalendar, *, allowed_until: datetime.date | None = None
) -> Deadline:
    """The admission ceremony within 30 working days of receiving the admission decision (294-QĐ/TW §4.1); later
    only with the approval of the committee directly above, recorded with the new date it allows (`allowed_until`),
    which is then the deadline."""
    if allowed_until is not None:
        return Deadline(
            code="admission_ceremony",
            label=_("Admission ceremony (later date approved by the committee above)"),
            start=decision_received_on,
            due=allowed_until,
            length=_("until the date the committee above allowed"),
            source="294-QĐ/TW §4.1",
        )
    return Deadline(
        code="admission_ceremony",
        label=_("Admission ceremony"),
        start=decision_received_on,
        due=calendar.add_working_days(decision_received_on, CEREMONY_DAYS),
        length=_working_days_length(CEREMONY_DAYS),
        source="294-QĐ/TW §4.1",
    )


def probation_end(ceremony_on: datetime.date, calendar: WorkingCalendar | None = None) -> Deadline:
    """Probation ends 12 calendar months after the ceremony, on the same day of the month (Charter art. 5.1):
    15/03/2026 → 15/03/2027, the full-member date. `calendar` is not needed (calendar months) and is taken only so
    that every deadline function can be called alike."""
    return Deadline(
        code="probation_end",
        label=_("End of probation"),
        start=ceremony_on,
        due=full_member_date(ceremony_on),
        length=_("%(months)s calendar months") % {"months": PROBATION_MONTHS},
        source=_("Charter art. 5.1"),
    )


def full_member_on(ceremony_on: datetime.date) -> datetime.date:
    """The day a recognised member is a full member: the day the 12 months of probation end (procedure.md)."""
    return full_member_date(ceremony_on)


def recognition_cell_deadline(probation_end_on: datetime.date, calendar: WorkingCalendar) -> Deadline:
    """The cell considers recognition within 30 working days of the end of probation (294-QĐ/TW §4.2)."""
    return Deadline(
        code="recognition_cell",
        label=_("The cell considers recognition"),
        start=probation_end_on,
        due=calendar.add_working_days(probation_end_on, RECOGNITION_CELL_DAYS),
        length=_working_days_length(RECOGNITION_CELL_DAYS),
        source="294-QĐ/TW §4.2",
    )


def recognition_decision_deadline(
    cell_resolution_on: datetime.date, calendar: WorkingCalendar, *, extended: bool = False
) -> Deadline:
    """The competent committee decides recognition within 30 working days of the cell's resolution, extendable by
    30 (29-QĐ/TW §4.2)."""
    extension = RECOGNITION_DECISION_EXTENSION_DAYS if extended else 0
    return Deadline(
        code="recognition_decision",
        label=_("The committee decides recognition"),
        start=cell_resolution_on,
        due=calendar.add_working_days(cell_resolution_on, RECOGNITION_DECISION_DAYS + extension),
        length=_working_days_length(RECOGNITION_DECISION_DAYS, extension),
        source="29-QĐ/TW §4.2",
    )


def referral_deadline(referred_on: datetime.date, calendar: WorkingCalendar) -> Deadline:
    """After three failed recognition votes the committee directly above and the competent committee decide
    (29-QĐ/TW §4.2). No length is set for it: we use the recognition decision's 30 working days from the third
    failed vote (UNCONFIRMED)."""
    return Deadline(
        code="recognition_referral",
        label=_("The committee above decides after three votes that did not pass"),
        start=referred_on,
        due=calendar.add_working_days(referred_on, RECOGNITION_DECISION_DAYS),
        length=_working_days_length(RECOGNITION_DECISION_DAYS),
        source="29-QĐ/TW §4.2",
        unconfirmed=True,
    )


def deadline_state(deadline: Deadline, today: datetime.date, calendar: WorkingCalendar) -> tuple[State, int]:
    """Where `today` stands against the deadline:
    - ("upcoming", n): n working days left, those in (today, due]; at least 1 (a due day off a working day, like
      the end of probation on a Saturday, still counts as 1 on the day before);
    - ("due_today", 0);
    - ("overdue", n): n working days late, those in (due, today]; at least 1 (on the Saturday after a Friday
      deadline the step is already late, and the earliest it can happen is 1 working day late)."""
    if today == deadline.due:
        return "due_today", 0
    if today < deadline.due:
        return "upcoming", max(1, calendar.count_working_days(today, deadline.due))
    return "overdue", max(1, calendar.count_working_days(deadline.due, today))
