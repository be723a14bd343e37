"""How many were admitted under a unit in a period, for the quota pages: the reports' count (statistics.md: the
admission records and rollups, over the tree as it stood at the period's end), one definition for the quota pages
and the reports. The reports app gives it in its ready(): reports sits above quotas (it reads the quotas), so
quotas does not import it."""

from collections.abc import Callable
from typing import Any

_counter: list[Callable[..., Any]] = []


def admitted_counter_register(count: Callable[..., Any]) -> None:
    _counter[:] = [count]


def admitted_with_children(*, unit, date_from, date_to):
    """The unit's admissions and each child's (reports.selectors.admitted_with_children)."""
    return _counter[0](unit=unit, date_from=date_from, date_to=date_to)
