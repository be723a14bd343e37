"""The roll's counts kept as rollups (membership.counts): after any history written through the services, the
rollups equal a count from the periods for every unit and day, and a rebuild recomputes exactly what the writes
kept."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ptdv.membership import counts
from ptdv.membership import movements as mv
from ptdv.membership.models import RollCount, RollCountDay, RollPeriod
from ptdv.membership.selectors import roll_on
from ptdv.reports.movements import balance, movements_report

from .test_movements import KINDS, member

pytestmark = pytest.mark.django_db
D = datetime.date
DAYS = st.integers(min_value=0, max_value=2500).map(lambda n: D(2020, 1, 1) + datetime.timedelta(days=n))
ACTION_DAYS = st.integers(min_value=0, max_value=1800).map(lambda n: D(2021, 1, 1) + datetime.timedelta(days=n))


def from_periods(units: list[int], day: datetime.date) -> dict:
    """The roll of these units at the end of `day`, counted from the periods one by one (the definition)."""
    result = {"count": 0, "probationary": 0, "full": 0, "exempted": 0, "away": 0}
    for period in RollPeriod.objects.filter(unit_id__in=units):
        if period.valid_from <= day and (period.valid_to is None or period.valid_to >= day):
            result["count"] += 1
            result["probationary" if period.status == "probationary" else "full"] += 1
            result["exempted"] += period.exempted
            result["away"] += period.away_id is not None or period.away_outside
    return result


def stored() -> set:
    return set(RollCount.objects.values_list("day", "unit_id", "status", "exempted", "away", "n"))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    histories=st.lists(
        st.tuples(DAYS, st.integers(0, 3), st.lists(st.tuples(st.sampled_from(KINDS), ACTION_DAYS,
                                                               st.integers(0, 3)), max_size=5)),
        min_size=1, max_size=6,
    ),
    days=st.lists(DAYS, min_size=1, max_size=4),
)  # fmt: skip
def test_the_rollups_equal_a_count_from_the_periods_on_random_histories(tree, histories, days):
    cells = [tree.cell_it, tree.cell_econ, tree.cell_kiln, tree.cell_village]
    roots = [tree.province, tree.bloc, tree.university, tree.cement, tree.city, *cells]
    with transaction.atomic():
        for decided, cell, actions in histories:
            m = member(cells[cell], decided=decided, full=False)
            for kind, day, target in actions:
                try:
                    with transaction.atomic():
                        mv.movement_record(actor=None, membership=m, kind=kind, on=day,
                                           unit=cells[target] if kind in ("transfer_in", "internal",
                                                                          "temporary_out") else None)  # fmt: skip
                except ValidationError:
                    pass
        counted = counts.counted_days()
        assert counted, "the first write counts the last day of each year"
        assert counted[-1] == D(timezone.localdate().year, 12, 31)
        checks = [(day, root) for day in days for root in roots]
        checks += [(day, root) for day in counted for root in (tree.province, cells[0])]  # the counted days as such
        for day, root in checks:
            units = [u.pk for u in type(root).objects.filter(path__startswith=root.path)]
            figures = roll_on(unit=root, day=day)
            figures.pop("guests")
            assert figures == from_periods(units, day), (root.code, day)
        kept = stored()
        assert counts.rebuild() == len(kept)
        assert stored() == kept
        assert counts.counted_days() == counted
        transaction.set_rollback(True)


def test_the_first_change_in_a_new_year_counts_the_year_before(tree):
    import time_machine

    m = member(tree.cell_it, decided=D(2020, 5, 19))
    this_year = timezone.localdate().year
    assert counts.counted_days()[-1] == D(this_year, 12, 31)
    with time_machine.travel(datetime.datetime(this_year + 1, 1, 10, 9, tzinfo=datetime.UTC), tick=False):
        assert roll_on(unit=tree.province, day=D(this_year + 1, 1, 5))["count"] == 1  # read before: still right
        mv.member_leave(actor=None, membership=m, kind="died", on=D(this_year + 1, 1, 5))
        assert D(this_year + 1, 12, 31) in counts.counted_days()
        assert roll_on(unit=tree.province, day=D(this_year + 1, 1, 4))["count"] == 1
        assert roll_on(unit=tree.province, day=D(this_year + 1, 1, 5))["count"] == 0
        report = movements_report(unit=tree.province, date_from=D(this_year + 1, 1, 1),
                                  date_to=D(this_year + 1, 12, 31))  # fmt: skip
        assert (report["start"]["count"], report["losses"]["died"]["count"], report["end"]["count"]) == (1, 1, 0)
        assert balance(report) == 0
    assert RollCount.objects.filter(day=D(this_year + 1, 12, 31)).count() == 0  # nobody left on it
    assert RollCountDay.objects.filter(day=D(this_year + 1, 12, 31)).exists()


def test_rebuild_rollups_recounts_the_roll_too(tree):
    import io

    from django.core.management import call_command

    member(tree.cell_it)
    member(tree.cell_econ, full=False)
    kept = stored()
    RollCount.objects.update(n=99)
    out = io.StringIO()
    call_command("rebuild_rollups", stdout=out)
    assert stored() == kept
    assert "roll" in out.getvalue() or "danh sách" in out.getvalue()
