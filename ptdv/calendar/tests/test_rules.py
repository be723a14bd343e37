"""Working days (procedure.md, "Deadlines": working days exclude Saturdays, Sundays and Vietnam's public holidays,
Tết included), as plain Python: no database."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptdv.calendar.rules import PUBLIC, WorkingCalendar, is_public_working_day, public_holiday_name

D = datetime.date

# Tết 2026: 16-20/02 (Mon-Fri) off, with the weekends 14-15/02 and 21-22/02 around it.
TET_2026 = [D(2026, 2, day) for day in range(16, 21)]
# Tết 2027: 04-10/02 off (Thu-Wed), the weekend 06-07/02 inside.
TET_2027 = [D(2027, 2, day) for day in range(4, 11)]


@pytest.mark.parametrize("day", TET_2026 + TET_2027)
def test_tet_days_are_not_working_days(day):
    assert not PUBLIC.is_working_day(day)
    assert public_holiday_name(day)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 2, 13), True),  # Friday before Tết 2026
        (D(2026, 2, 14), False),  # Saturday
        (D(2026, 2, 15), False),  # Sunday
        (D(2026, 2, 23), True),  # Monday after
        (D(2026, 4, 30), False),  # Reunification Day
        (D(2026, 5, 1), False),  # Labour Day
        (D(2026, 4, 27), False),  # Hùng Kings' day (26/04, a Sunday) observed on Monday
        (D(2026, 9, 2), False),  # National Day
        (D(2026, 9, 1), False),  # the day next to it
        (D(2026, 8, 31), False),  # off in exchange for Saturday 22/08/2026
        (D(2026, 8, 22), True),  # that Saturday is worked
        (D(2025, 4, 26), True),  # Saturday worked in exchange for Friday 02/05/2025
        (D(2025, 5, 2), False),
        (D(2027, 5, 1), False),  # Labour Day on a Saturday...
        (D(2027, 5, 3), False),  # ...observed on Monday
        (D(2027, 2, 3), True),  # Wednesday before Tết 2027
        (D(2027, 2, 11), True),  # Thursday after
        (D(2026, 3, 10), True),  # an ordinary Tuesday
    ],
)
def test_public_calendar(day, working):
    assert PUBLIC.is_working_day(day) is working
    assert is_public_working_day(day) is working


def test_add_working_days_across_tet_2026():
    # Friday 13/02 → the next working day is Monday 23/02: 14-22/02 are all off
    assert PUBLIC.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert PUBLIC.next_working_day(D(2026, 2, 13)) == D(2026, 2, 23)
    assert PUBLIC.add_working_days(D(2026, 2, 12), 2) == D(2026, 2, 23)
    # from Monday 09/02: 10-13/02 are 4 working days, 23-27/02 the next 5, Monday 02/03 the 10th
    assert PUBLIC.add_working_days(D(2026, 2, 9), 9) == D(2026, 2, 27)
    assert PUBLIC.add_working_days(D(2026, 2, 9), 10) == D(2026, 3, 2)
    assert PUBLIC.count_working_days(D(2026, 2, 9), D(2026, 2, 27)) == 9
    assert PUBLIC.count_working_days(D(2026, 2, 13), D(2026, 2, 22)) == 0


def test_add_working_days_across_tet_2027():
    # Wednesday 03/02/2027 → Thursday 11/02/2027: 04-10/02 are off
    assert PUBLIC.add_working_days(D(2027, 2, 3), 1) == D(2027, 2, 11)
    assert PUBLIC.count_working_days(D(2027, 2, 1), D(2027, 2, 12)) == 4  # 02, 03, 11, 12/02 (01/02 not counted)
    assert PUBLIC.count_working_days(D(2027, 1, 29), D(2027, 2, 12)) == 5  # 01, 02, 03, 11, 12/02


def test_add_working_days_across_30_april_and_1_may():
    # Wednesday 29/04/2026 → Monday 04/05/2026: 30/04, 01/05 and the weekend are off
    assert PUBLIC.add_working_days(D(2026, 4, 29), 1) == D(2026, 5, 4)
    # from Friday 24/04: 27/04 (Hùng Kings, observed), 30/04 and 01/05 off: 28/04, 29/04 and 04/05 are worked
    assert PUBLIC.count_working_days(D(2026, 4, 24), D(2026, 5, 4)) == 3


def test_add_working_days_across_national_day():
    # Friday 28/08/2026 → Thursday 03/09/2026: 31/08, 01/09 and 02/09 are off
    assert PUBLIC.add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)
    # Friday 21/08/2026 → the make-up Saturday 22/08/2026
    assert PUBLIC.add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)


def test_weekend():
    friday, saturday, sunday, monday = D(2026, 3, 13), D(2026, 3, 14), D(2026, 3, 15), D(2026, 3, 16)
    assert PUBLIC.add_working_days(friday, 1) == monday
    assert PUBLIC.next_working_day(saturday) == monday
    assert PUBLIC.count_working_days(friday, sunday) == 0
    assert PUBLIC.count_working_days(friday, monday) == 1
    assert PUBLIC.count_working_days(D(2026, 3, 6), D(2026, 3, 13)) == 5


def test_n_zero_is_start_when_a_working_day_else_the_next_working_day():
    assert PUBLIC.add_working_days(D(2026, 3, 13), 0) == D(2026, 3, 13)
    assert PUBLIC.add_working_days(D(2026, 3, 14), 0) == D(2026, 3, 16)
    assert PUBLIC.add_working_days(D(2026, 2, 16), 0) == D(2026, 2, 23)
    with pytest.raises(ValueError):
        PUBLIC.add_working_days(D(2026, 3, 13), -1)


def test_count_is_zero_when_end_is_not_after_start():
    assert PUBLIC.count_working_days(D(2026, 3, 13), D(2026, 3, 13)) == 0
    assert PUBLIC.count_working_days(D(2026, 3, 13), D(2026, 3, 2)) == 0


def test_an_extra_day_off():
    # Suppose the government adds Monday 23/02/2026 to Tết
    calendar = WorkingCalendar.of(days_off=[D(2026, 2, 23)])
    assert not calendar.is_working_day(D(2026, 2, 23))
    assert calendar.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 24)
    assert (
        calendar.count_working_days(D(2026, 2, 13), D(2026, 2, 27))
        == PUBLIC.count_working_days(D(2026, 2, 13), D(2026, 2, 27)) - 1
    )


def test_a_make_up_saturday():
    # Saturday 07/03/2026 declared a working day (e.g. in exchange for a bridge day)
    calendar = WorkingCalendar.of(working_days=[D(2026, 3, 7)], days_off=[D(2026, 3, 9)])
    assert calendar.is_working_day(D(2026, 3, 7)) and not calendar.is_working_day(D(2026, 3, 9))
    assert calendar.add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 7)
    assert calendar.add_working_days(D(2026, 3, 6), 2) == D(2026, 3, 10)
    assert calendar.count_working_days(D(2026, 3, 6), D(2026, 3, 10)) == 2


def test_announced_days_override_the_package():
    # the package has Saturday 22/08/2026 worked and Monday 31/08/2026 off; an announcement may undo both
    calendar = WorkingCalendar.of(days_off=[D(2026, 8, 22)], working_days=[D(2026, 8, 31)])
    assert not calendar.is_working_day(D(2026, 8, 22))
    assert calendar.is_working_day(D(2026, 8, 31))
    assert calendar.count_working_days(D(2026, 8, 21), D(2026, 8, 31)) == 6  # 24-28/08 and 31/08
    assert PUBLIC.count_working_days(D(2026, 8, 21), D(2026, 8, 31)) == 6  # 22/08 and 24-28/08


def test_a_day_cannot_be_both_off_and_worked():
    with pytest.raises(ValueError):
        WorkingCalendar.of(days_off=[D(2026, 3, 7)], working_days=[D(2026, 3, 7)])


def test_calendars_compare_by_their_days():
    assert WorkingCalendar.of(days_off=[D(2026, 3, 9)]) == WorkingCalendar(extra_days_off=frozenset({D(2026, 3, 9)}))


# ---------------------------------------------------------------- properties

days = st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31))
calendars = st.builds(
    lambda off, worked: WorkingCalendar.of(days_off=off - worked, working_days=worked),
    st.frozensets(days, max_size=8),
    st.frozensets(days, max_size=8),
) | st.just(PUBLIC)
counts = st.integers(min_value=0, max_value=150)


def slow_count(calendar, start, end):
    return sum(calendar.is_working_day(start + datetime.timedelta(days=i)) for i in range(1, (end - start).days + 1))


@settings(max_examples=200)
@given(calendars, days, counts)
def test_add_then_count_round_trips(calendar, start, n):
    end = calendar.add_working_days(start, n)
    assert calendar.is_working_day(end)
    assert end >= start
    if n >= 1 or calendar.is_working_day(start):
        assert calendar.count_working_days(start, end) == n
    else:  # n = 0 on a day off: the next working day, one working day on
        assert end == calendar.next_working_day(start)
        assert calendar.count_working_days(start, end) == 1


@given(calendars, days, counts)
def test_the_result_is_the_first_day_reaching_the_count(calendar, start, n):
    end = calendar.add_working_days(start, n + 1)
    assert calendar.count_working_days(start, end - datetime.timedelta(days=1)) == n


@given(calendars, days, st.integers(min_value=0, max_value=400))
def test_count_agrees_with_counting_day_by_day(calendar, start, length):
    end = start + datetime.timedelta(days=length)
    assert calendar.count_working_days(start, end) == slow_count(calendar, start, end)


@given(calendars, days, counts, counts)
def test_more_days_never_end_earlier(calendar, start, n, m):
    low, high = sorted((n, m))
    assert calendar.add_working_days(start, low) <= calendar.add_working_days(start, high)
    # Strictly later, except n = 0 from a day off, which is already the next working day (as n = 1 is).
    if low < high and (low > 0 or calendar.is_working_day(start)):
        assert calendar.add_working_days(start, low) < calendar.add_working_days(start, high)


@given(calendars, days, days, counts)
def test_a_later_start_never_ends_earlier(calendar, first, second, n):
    early, late = sorted((first, second))
    assert calendar.add_working_days(early, n) <= calendar.add_working_days(late, n)


@given(calendars, days, days, days)
def test_counts_add_up(calendar, a, b, c):
    a, b, c = sorted((a, b, c))
    assert calendar.count_working_days(a, c) == calendar.count_working_days(a, b) + calendar.count_working_days(b, c)


@given(calendars, days)
def test_next_working_day_is_the_first_working_day_after(calendar, day):
    following = calendar.next_working_day(day)
    assert following > day and calendar.is_working_day(following)
    assert calendar.count_working_days(day, following) == 1
    assert calendar.add_working_days(day, 1) == following
