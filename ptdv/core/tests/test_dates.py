"""Dates typed as people type them (issue #19 item 1): every valid date, typed each way, parses back to itself."""

import datetime
import re

import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from ptdv.core.forms import DATE_PATTERN, DateField, format_date

WAYS = [
    lambda d: f"{d.day:02d}{d.month:02d}{d.year:04d}",  # digits only: the iOS numeric keypad
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year:04d}",
    lambda d: f"{d.day}/{d.month}/{d.year:04d}",
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year:04d}",
    lambda d: f"{d.day:02d}-{d.month:02d}-{d.year:04d}",
    lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}",  # what a date picker sends
    lambda d: f" {d.day:02d}/{d.month:02d}/{d.year:04d} ",
]


@given(st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)), st.sampled_from(WAYS))
def test_every_valid_date_typed_each_way_parses_back_to_itself(day, way):
    field = DateField()
    assert field.clean(way(day)) == day
    # shown as dd/mm/yyyy, and what is shown parses back
    shown = field.widget.format_value(day)
    assert shown == format_date(day) and len(shown) == 10
    assert field.clean(shown) == day


@pytest.mark.parametrize("day", [datetime.date(2000, 2, 29), datetime.date(1, 1, 1), datetime.date(9999, 12, 31)])
def test_the_edges(day):
    assert DateField().clean(format_date(day)) == day


@pytest.mark.parametrize(
    "typed",
    ["31/02/2000", "29/02/2001", "00/05/2000", "12/13/2000", "32012000", "2000-02-30", "12/00/2000", "31042000"],
)
def test_days_not_in_the_calendar_are_refused_in_vietnamese(typed):
    with translation.override("vi"), pytest.raises(forms.ValidationError) as refused:
        DateField().clean(typed)
    assert "không có ngày" in refused.value.messages[0].lower()


@pytest.mark.parametrize("typed", ["1252000", "12/05/00", "abc", "12 05", "2000/05/12/1", "12..05.2000", "120520001"])
def test_shapes_not_a_date_are_refused_with_an_example(typed):
    with translation.override("vi"), pytest.raises(forms.ValidationError) as refused:
        DateField().clean(typed)
    assert "12/05/2000" in refused.value.messages[0]
    assert "ngày" in refused.value.messages[0]


def test_the_input_asks_for_the_numeric_keypad_and_lets_its_keys_through():
    html = DateField().widget.render("d", None)
    assert 'inputmode="numeric"' in html and f'pattern="{DATE_PATTERN}"' in html

    for typed in ["12052000", "12.05.2000", "12/5/2000", "12-05-2000", "2000-05-12"]:
        assert re.fullmatch(DATE_PATTERN, typed)


@pytest.mark.parametrize("empty", ["", None, "   "])
def test_an_optional_date_left_empty_is_none(empty):
    assert DateField(required=False).clean(empty) is None
