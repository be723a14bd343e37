"""The report's arithmetic at its edges."""

import datetime
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ptdv.reports import rules

D = datetime.date
dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31))


@pytest.mark.parametrize(
    "age, band",
    [(17, "18-30"), (18, "18-30"), (30, "18-30"), (31, "31-35"), (35, "31-35"), (36, "36-40"), (55, "51-55"),
     (56, "56-60"), (60, "56-60"), (61, "over-60"), (80, "over-60")],
)  # fmt: skip
def test_age_bands_at_their_edges(age, band):
    assert rules.age_band(age) == band


@given(st.integers(min_value=18, max_value=100))
def test_every_age_falls_in_one_listed_band(age):
    band = rules.age_band(age)
    assert band in rules.AGE_BANDS
    if band != "over-60":
        low, high = (int(part) for part in band.split("-"))
        assert low <= age <= high or (band == "18-30" and age < 18)


@pytest.mark.parametrize(
    "birth, day, age",
    [(D(2008, 5, 20), D(2026, 5, 19), 17), (D(2008, 5, 20), D(2026, 5, 20), 18), (D(2004, 2, 29), D(2022, 2, 28), 17),
     (D(2004, 2, 29), D(2022, 3, 1), 18)],
)  # fmt: skip
def test_age_in_whole_years(birth, day, age):
    assert rules.age_on(birth, day) == age


@given(dates, dates)
def test_whole_months_and_edges_cover_the_period_exactly_once(a, b):
    date_from, date_to = min(a, b), max(a, b)
    whole, edges = rules.split_period(date_from, date_to)
    covered = []
    if whole:
        month = whole[0]
        while month <= whole[1]:
            covered.append((month, rules.month_end(month)))
            month = rules.month_end(month) + datetime.timedelta(days=1)
    covered += edges
    covered.sort()
    assert covered[0][0] == date_from and covered[-1][1] == date_to
    for (_start, end), (next_start, _end) in itertools.pairwise(covered):
        assert next_start == end + datetime.timedelta(days=1)
    for start, end in edges:
        assert start <= end and (start.day != 1 or end != rules.month_end(end))  # an edge is never a whole month


@pytest.mark.parametrize(
    "period, previous",
    [((D(2026, 1, 1), D(2026, 6, 30)), (D(2025, 1, 1), D(2025, 6, 30))),
     ((D(2025, 2, 1), D(2025, 2, 28)), (D(2024, 2, 1), D(2024, 2, 29))),
     ((D(2024, 2, 29), D(2024, 3, 10)), (D(2023, 2, 28), D(2023, 3, 10)))],
)  # fmt: skip
def test_the_same_period_a_year_earlier(period, previous):
    assert rules.previous_period(*period) == previous


def test_prorated_quota_is_the_share_of_each_years_days():
    assert rules.prorated_quota({2026: 365}, D(2026, 1, 1), D(2026, 1, 31)) == pytest.approx(31)
    assert rules.prorated_quota({2024: 366, 2025: 365}, D(2024, 12, 1), D(2025, 1, 31)) == pytest.approx(62)
    assert rules.prorated_quota({}, D(2026, 1, 1), D(2026, 1, 31)) is None


def test_percent_keeps_full_precision_and_has_no_value_without_a_whole():
    assert rules.percent(227, 300) == 227 / 300 * 100
    assert rules.percent(3, 0) is None and rules.percent(3, None) is None


@pytest.mark.parametrize(
    "kind, number, bounds",
    [("year", None, (D(2026, 1, 1), D(2026, 12, 31))), ("half", 2, (D(2026, 7, 1), D(2026, 12, 31))),
     ("quarter", 1, (D(2026, 1, 1), D(2026, 3, 31))), ("month", 2, (D(2026, 2, 1), D(2026, 2, 28)))],
)  # fmt: skip
def test_period_bounds(kind, number, bounds):
    assert rules.period_bounds(kind, 2026, number) == bounds


@pytest.mark.parametrize("kind, number", [("half", 3), ("quarter", 0), ("month", 13), ("month", None), ("week", 1)])
def test_period_bounds_refuse_what_does_not_exist(kind, number):
    with pytest.raises(rules.PeriodError):
        rules.period_bounds(kind, 2026, number)


def test_the_forecast_adds_each_stage_times_its_rate():
    value = rules.forecast_year_end(
        admitted_so_far=10, pipeline={"cell_vote": 4, "opened": 10}, conversion={"cell_vote": 0.75, "opened": 0.5}
    )
    assert value == 10 + 3 + 5


@pytest.mark.parametrize(
    "period, today, previous",
    [  # the year so far, asked as the whole year on 22/11/2026: the same dates up to 22/11/2025, as the dashboard
     ((D(2026, 1, 1), D(2026, 12, 31)), D(2026, 11, 22), (D(2025, 1, 1), D(2025, 11, 22))),
     ((D(2026, 1, 1), D(2026, 11, 22)), D(2026, 11, 22), (D(2025, 1, 1), D(2025, 11, 22))),  # the dashboard's
     ((D(2026, 1, 1), D(2026, 12, 31)), D(2026, 12, 31), (D(2025, 1, 1), D(2025, 12, 31))),  # its last day
     ((D(2026, 1, 1), D(2026, 6, 30)), D(2026, 11, 22), (D(2025, 1, 1), D(2025, 6, 30))),  # a past period
     ((D(2027, 1, 1), D(2027, 3, 31)), D(2026, 11, 22), (D(2026, 1, 1), D(2026, 3, 31))),  # one to come
     ((D(2028, 1, 1), D(2028, 12, 31)), D(2028, 2, 29), (D(2027, 1, 1), D(2027, 2, 28)))],
)  # fmt: skip
def test_cung_ky_is_the_same_dates_a_year_earlier_up_to_today(period, today, previous):
    """statistics.md `previous`: "the same period one year earlier" — for a period still running, the same dates."""
    assert rules.comparison_period(*period, today) == previous
