"""Whatever cells move and whenever, the report read from the rollups equals the definition: each admission of the
period counted where its cell stood at the end of the period (or on its last day)."""

import datetime

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ptdv.reports.models import AdmissionRecord
from ptdv.reports.selectors import period_figures
from ptdv.units.history import TreeHistory
from ptdv.units.models import Unit
from ptdv.units.services import unit_update

from .factories import admit_many

pytestmark = pytest.mark.django_db
D = datetime.date
DAYS = st.integers(min_value=0, max_value=364).map(lambda n: D(2026, 1, 1) + datetime.timedelta(days=n))
MONTH_STARTS = st.integers(min_value=1, max_value=12).map(lambda month: D(2026, month, 1))


def move(unit, parent, on):
    with time_machine.travel(datetime.datetime(on.year, on.month, on.day, 9, tzinfo=datetime.UTC), tick=False):
        unit_update(
            actor=None, unit=unit, code=unit.code, name=unit.name, unit_type=unit.unit_type, sector=unit.sector,
            may_admit=unit.may_admit, valid_from=unit.valid_from, parent=parent, member_count=0,
        )  # fmt: skip


def by_definition(root, date_from, date_to) -> int:
    history = TreeHistory()
    records = list(AdmissionRecord.objects.filter(decision_date__range=(date_from, date_to)))
    history.load_units(r.unit_id for r in records)

    def counted_on(record):
        last = history.last_day(record.unit_id)
        return min(date_to, last) if last else date_to

    where = history.ancestors_on((r.unit_id, counted_on(r)) for r in records)
    return sum(1 for r in records if root.pk in where[(r.unit_id, counted_on(r))])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    moves=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), DAYS), min_size=1, max_size=4),
    admissions=st.lists(st.tuples(st.integers(0, 3), DAYS), min_size=1, max_size=12),
    period=st.tuples(st.one_of(DAYS, MONTH_STARTS), DAYS),
)
def test_rollups_with_corrections_match_the_definition(tree, moves, admissions, period):
    cells = ["P.B.U.1", "P.B.U.2", "P.B.C.1", "P.T.X.1"]
    parents = ["P.B.U", "P.B.C", "P.T.X"]
    date_from, date_to = sorted(period)
    with transaction.atomic():
        for cell, parent, day in sorted(moves, key=lambda m: m[2]):
            unit = Unit.objects.get(code=cells[cell])
            target = Unit.objects.get(code=parents[parent])
            if unit.parent_id != target.pk:
                move(unit, target, day)
        for cell, day in admissions:
            admit_many(Unit.objects.get(code=cells[cell]), 1, day)
        for code in ["P", "P.B", "P.B.U", "P.B.C", "P.T.X", *cells]:
            root = Unit.objects.get(code=code)
            figures = period_figures(unit=root, date_from=date_from, date_to=date_to)
            assert figures.counts.get("total", 0) == by_definition(root, date_from, date_to), code
        transaction.set_rollback(True)
