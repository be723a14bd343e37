import datetime

from hypothesis import given
from hypothesis import strategies as st

from ptdv.calendar.rules import WorkingCalendar
from ptdv.followup import rules

D = datetime.date
CAL = WorkingCalendar.of(days_off=[], working_days=[])


def test_introduction_deadline_counts_working_days_from_the_day_after_the_ceremony():
    # Ceremony on Monday 2 March 2026: 30 working days later is Monday 13 April (no public holiday in between).
    deadline = rules.introduction_deadline(D(2026, 3, 2), CAL, 30)
    assert deadline.due == D(2026, 4, 13)
    assert deadline.unconfirmed


def test_introduction_deadline_skips_tet():
    # Ceremony on 6 February 2026: Tết (16-20 February 2026) does not count.
    without_holidays = D(2026, 2, 6) + datetime.timedelta(weeks=6)
    assert rules.introduction_deadline(D(2026, 2, 6), CAL, 30).due > without_holidays


def test_the_deadline_day_itself_is_on_time_and_the_day_after_is_late():
    due = D(2026, 4, 13)
    assert rules.introduction_state(due, due, due) == rules.ON_TIME
    assert rules.introduction_state(due, due + datetime.timedelta(days=1), due) == rules.LATE
    assert rules.introduction_state(due, None, due) == rules.NOT_YET
    assert rules.introduction_state(due, None, due + datetime.timedelta(days=1)) == rules.OVERDUE


def test_six_month_rule_at_its_edge():
    # Admitted exactly 6 months before 31 December: rated; a day later: reviewed, not rated.
    assert rules.rated(D(2025, 6, 30), 2025, "year", 6)
    assert not rules.rated(D(2025, 7, 1), 2025, "year", 6)
    assert rules.rated(D(2025, 1, 1), 2025, "q2", 5)  # 1 June ≤ 30 June
    assert not rules.rated(D(2025, 1, 1), 2025, "q1", 6)


def test_quarter_bounds():
    assert rules.period_end(2025, "q1") == D(2025, 3, 31)
    assert rules.period_end(2024, "q4") == D(2024, 12, 31)
    assert rules.period_start(2025, "q3") == D(2025, 7, 1)


def test_twenty_percent_cap_at_its_edge():
    assert not rules.over_cap(2, 10, 20)  # 2 of 10 good: exactly 20%
    assert rules.over_cap(3, 10, 20)
    assert rules.over_cap(1, 4, 20)  # 20% of 4 is 0.8: at most 0 excellent
    assert not rules.over_cap(50, 1, 0)  # 0: no cap


@given(good=st.integers(0, 5000), excellent=st.integers(0, 5000), cap=st.sampled_from([10, 15, 20, 25]))
def test_cap_is_never_exceeded_by_the_most_allowed(good, excellent, cap):
    most = rules.excellent_cap(good, cap)
    assert most * 100 <= good * cap
    assert rules.over_cap(excellent, good, cap) == (excellent > most)


def test_screening_twice_running_or_once():
    assert rules.not_completed_running([2024, 2025], up_to=2025, times=2)
    assert rules.not_completed_running([2023, 2024], up_to=2025, times=2)  # the year just ended not rated yet
    assert not rules.not_completed_running([2023, 2025], up_to=2025, times=2)
    assert rules.not_completed_running([2025], up_to=2025, times=1)
    assert not rules.not_completed_running([2022], up_to=2025, times=1)


def test_who_is_introduced_to_a_residence_cell():
    assert rules.needs_residence("agency") and rules.needs_residence("school")
    assert not rules.needs_residence("commune") and not rules.needs_residence("armed_forces")
    assert not rules.needs_residence(None)


@given(start=st.dates(min_value=D(2019, 1, 1), max_value=D(2030, 12, 31)), n=st.integers(1, 90))
def test_working_days_table_agrees_with_the_calendar(start, n):
    table = rules.WorkingDays(CAL)
    assert table.add(start, n) == CAL.add_working_days(start, n)
