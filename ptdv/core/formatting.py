"""Numbers as Vietnamese reports write them: 3.044 people, 75,7% of the quota (statistics.md)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats


def round_half_up(value: float | Decimal, places: int = 1) -> Decimal:
    """Round half up (75,65 → 75,7), not to even as Python's round() does."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(value: int | float | Decimal, places: int | None = None) -> str:
    """A number in the active language's format: 3.044 in Vietnamese, 3,044 in English."""
    if places is not None:
        value = round_half_up(value, places)
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def format_percent(value: int | float | Decimal | None, places: int = 1) -> str:
    """75.6521 → '75,7%' (Vietnamese) / '75.7%' (English); None → '—'."""
    if value is None:
        return "—"
    return format_number(value, places) + "%"
