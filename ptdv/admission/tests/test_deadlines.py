"""The deadlines of procedure.md ("Deadlines"), around Tết. Each test names its source.

Tết 2026: 16-20/02/2026 off (Mon-Fri). Tết 2027: 04-10/02/2027 off. Dates were counted by hand as well."""

import datetime

import pytest
from django.utils import translation

from ptdv.admission import deadlines
from ptdv.admission.deadlines import Deadline, deadline_state
from ptdv.calendar.rules import PUBLIC, WorkingCalendar

D = datetime.date


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_decision_within_60_working_days_of_the_cells_resolution_29_qd_tw_4_3_1():
    """29-QĐ/TW §4.3.1 (kept in 232-QĐ/TW; in 294-QĐ/TW UNCONFIRMED): 60 working days from the cell's resolution.
    From Thursday 15/01/2026 the 5 days of Tết push the due day from 09/04 to 16/04/2026."""
    deadline = deadlines.decision_deadline(D(2026, 1, 15), PUBLIC)
    assert deadline == Deadline(
        code="admission_decision",
        label="The competent committee decides admission",
        start=D(2026, 1, 15),
        due=D(2026, 4, 16),
        length="60 working days",
        source="29-QĐ/TW §4.3.1",
        unconfirmed=True,
    )
    assert PUBLIC.count_working_days(D(2026, 1, 15), deadline.due) == 60


def test_decision_extended_once_by_30_working_days_29_qd_tw_4_3_1():
    """29-QĐ/TW §4.3.1: extended once by 30, so 90 working days; 27/04, 30/04 and 01/05/2026 are off too."""
    deadline = deadlines.decision_deadline(D(2026, 1, 15), PUBLIC, extended=True)
    assert deadline.due == D(2026, 6, 2)
    assert deadline.length == "90 working days (60, extended by 30)"
    assert deadline.unconfirmed


def test_ceremony_within_30_working_days_of_receiving_the_decision_294_qd_tw_4_1():
    """294-QĐ/TW §4.1: 30 working days from receipt of the decision. Received Friday 30/01/2026: due Friday
    20/03/2026, a week later than without Tết."""
    deadline = deadlines.ceremony_deadline(D(2026, 1, 30), PUBLIC)
    assert (deadline.code, deadline.due, deadline.length) == ("admission_ceremony", D(2026, 3, 20), "30 working days")
    assert deadline.source == "294-QĐ/TW §4.1" and not deadline.unconfirmed
    assert WorkingCalendar.of(working_days=[D(2026, 2, 14)]).add_working_days(D(2026, 1, 30), 30) == D(2026, 3, 19)


def test_probation_ends_12_calendar_months_after_the_ceremony_charter_art_5_1():
    """Charter art. 5.1: 12 calendar months from the ceremony; the full-member date is the day they end."""
    deadline = deadlines.probation_end(D(2026, 3, 15))
    assert (deadline.code, deadline.due, deadline.source) == ("probation_end", D(2027, 3, 15), "Charter art. 5.1")
    assert deadline.length == "12 calendar months"
    assert deadlines.full_member_on(D(2026, 3, 15)) == D(2027, 3, 15)
    # the 31st and 29/02 fall back to the month's last day (Civil Code art. 148)
    assert deadlines.probation_end(D(2028, 2, 29)).due == D(2029, 2, 28)


def test_probation_ending_during_tet_is_not_moved_charter_art_5_1():
    """Charter art. 5.1: calendar months, not working days. A ceremony on 05/02/2026 ends probation on
    05/02/2027, Giao thừa: it stays the full-member date even though the day is off."""
    deadline = deadlines.probation_end(D(2026, 2, 5), PUBLIC)
    assert deadline.due == D(2027, 2, 5) and not PUBLIC.is_working_day(deadline.due)


def test_the_cell_considers_recognition_within_30_working_days_of_the_end_of_probation_294_qd_tw_4_2():
    """294-QĐ/TW §4.2: 30 working days from the end of probation. Ending on 05/02/2027, in Tết, the count starts
    on Thursday 11/02/2027 and ends on 24/03/2027."""
    deadline = deadlines.recognition_cell_deadline(D(2027, 2, 5), PUBLIC)
    assert (deadline.code, deadline.due, deadline.source) == ("recognition_cell", D(2027, 3, 24), "294-QĐ/TW §4.2")
    assert deadlines.recognition_cell_deadline(D(2027, 1, 15), PUBLIC).due == D(2027, 3, 5)


def test_the_committee_decides_recognition_within_30_working_days_29_qd_tw_4_2():
    """29-QĐ/TW §4.2: 30 working days from the cell's resolution, extendable by 30. From 20/01/2027 across
    Tết 2027: 10/03/2027; extended: 22/04/2027 (16/04, Hùng Kings' day, off)."""
    deadline = deadlines.recognition_decision_deadline(D(2027, 1, 20), PUBLIC)
    assert (deadline.code, deadline.due, deadline.source) == ("recognition_decision", D(2027, 3, 10), "29-QĐ/TW §4.2")
    assert not deadline.unconfirmed
    extended = deadlines.recognition_decision_deadline(D(2027, 1, 20), PUBLIC, extended=True)
    assert extended.due == D(2027, 4, 22) and extended.length == "60 working days (30, extended by 30)"


def test_an_announced_extra_day_off_moves_every_working_day_deadline():
    """procedure.md "Deadlines": working days exclude the days off the government announces too."""
    calendar = WorkingCalendar.of(days_off=[D(2026, 2, 23)])  # suppose Tết 2026 lengthened by a day
    assert deadlines.ceremony_deadline(D(2026, 1, 30), calendar).due == D(2026, 3, 23)
    assert deadlines.decision_deadline(D(2026, 1, 15), calendar).due == D(2026, 4, 17)


def test_texts_are_in_the_users_language():
    with translation.override("vi"):
        assert deadlines.ceremony_deadline(D(2026, 1, 30), PUBLIC).length == "30 ngày làm việc"


# ---------------------------------------------------------------- state today

FRIDAY_BEFORE_TET = deadlines.Deadline("x", "x", D(2026, 1, 1), D(2026, 2, 13), "x", "x")


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (D(2026, 2, 9), ("upcoming", 4)),  # 10, 11, 12 and 13/02 left
        (D(2026, 2, 12), ("upcoming", 1)),
        (D(2026, 2, 13), ("due_today", 0)),
        (D(2026, 2, 14), ("overdue", 1)),  # the Saturday after: late already, 1 working day at the earliest
        (D(2026, 2, 20), ("overdue", 1)),  # all of Tết: still 1
        (D(2026, 2, 23), ("overdue", 1)),
        (D(2026, 2, 24), ("overdue", 2)),
    ],
)
def test_deadline_state_counts_working_days(today, state):
    assert deadline_state(FRIDAY_BEFORE_TET, today, PUBLIC) == state


def test_deadline_state_before_a_due_day_after_tet():
    due_after_tet = deadlines.Deadline("x", "x", D(2026, 1, 1), D(2026, 2, 24), "x", "x")
    assert deadline_state(due_after_tet, D(2026, 2, 13), PUBLIC) == ("upcoming", 2)  # 23 and 24/02
    assert deadline_state(due_after_tet, D(2026, 2, 16), PUBLIC) == ("upcoming", 2)


def test_deadline_state_before_a_probation_end_on_a_saturday():
    ends = deadlines.probation_end(D(2026, 3, 13))  # ends Saturday 13/03/2027
    assert deadline_state(ends, D(2027, 3, 12), PUBLIC) == ("upcoming", 1)
    assert deadline_state(ends, D(2027, 3, 13), PUBLIC) == ("due_today", 0)
