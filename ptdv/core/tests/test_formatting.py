"""Numbers as Vietnamese reports write them (statistics.md): 3.044, 75,7%; rounding half up."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from ptdv.core.formatting import format_number, format_percent, round_half_up


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3044, "3.044"), (227, "227"), (1234567, "1.234.567"), (0, "0")],
)
def test_vietnamese_thousands(value, expected):
    with translation.override("vi"):
        assert format_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (227 / 300 * 100, "75,7%"),  # 75,666… → 75,7
        (75.65, "75,7%"),  # half up, not to even
        (75.64, "75,6%"),
        (48.45, "48,5%"),
        (100, "100,0%"),
        (1234.56, "1.234,6%"),
        (None, "—"),
    ],
)
def test_vietnamese_percent(value, expected):
    with translation.override("vi"):
        assert format_percent(value) == expected


def test_english_uses_english_separators():
    with translation.override("en"):
        assert format_number(3044) == "3,044"
        assert format_percent(75.65) == "75.7%"


def test_template_filters_and_dates():
    import datetime

    template = Template('{{ n|number }} {{ p|percent }} {{ d|date:"SHORT_DATE_FORMAT" }} {{ d }}')
    with translation.override("vi"):
        text = template.render(Context({"n": 3044, "p": 75.6, "d": datetime.date(2026, 3, 14)}))
    assert text == "3.044 75,6% 14/03/2026 14/03/2026"


@given(st.decimals(min_value=-10_000, max_value=10_000, places=3, allow_nan=False))
def test_round_half_up_is_never_further_than_half_a_step(value):
    rounded = round_half_up(value, 1)
    assert abs(rounded - value) <= Decimal("0.05")
    if (value * 100) % 10 == 5 and value >= 0:  # exactly halfway: up
        assert rounded > value
