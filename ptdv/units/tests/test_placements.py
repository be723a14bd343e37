"""The tree as it stood on any day: placements written by the unit services."""

import datetime

import pytest
import time_machine

from ptdv.units.models import UnitPlacement
from ptdv.units.services import unit_close, unit_create, unit_placements_backfill, unit_update

pytestmark = pytest.mark.django_db
D = datetime.date


def move(unit, parent, on):
    with time_machine.travel(datetime.datetime(on.year, on.month, on.day, 9, tzinfo=datetime.UTC), tick=False):
        return unit_update(
            actor=None, unit=unit, code=unit.code, name=unit.name, unit_type=unit.unit_type, sector=unit.sector,
            may_admit=unit.may_admit, valid_from=unit.valid_from, parent=parent, member_count=0,
        )  # fmt: skip


def codes_on(root_path, day):
    return sorted(UnitPlacement.objects.subtree_on(root_path, day).values_list("unit__code", flat=True))


def test_a_moved_subtree_stands_in_its_old_place_until_the_day_before(tree):
    university_path = tree.university.path
    move(tree.university, tree.city, D(2026, 9, 1))
    assert "P.B.U.1" in codes_on(tree.bloc.path, D(2026, 8, 31))
    assert "P.B.U.1" not in codes_on(tree.bloc.path, D(2026, 9, 1))
    tree.city.refresh_from_db()
    assert {"P.B.U", "P.B.U.1", "P.B.U.2"} <= set(codes_on(tree.city.path, D(2026, 9, 1)))
    old = UnitPlacement.objects.get(unit=tree.cell_it, valid_to=D(2026, 8, 31))
    assert old.path.startswith(university_path)


def test_two_moves_on_one_day_keep_one_placement_for_that_day(tree):
    move(tree.cell_it, tree.cement, D(2026, 9, 1))
    move(tree.cell_it, tree.commune, D(2026, 9, 1))
    on_day = UnitPlacement.objects.on(D(2026, 9, 1)).filter(unit=tree.cell_it)
    assert on_day.count() == 1 and on_day.get().parent == tree.commune


def test_a_closed_unit_leaves_the_tree_after_its_last_day(tree):
    unit_close(actor=None, unit=tree.cell_kiln, valid_to=D(2026, 6, 30))
    assert "P.B.C.1" in codes_on(tree.cement.path, D(2026, 6, 30))
    assert "P.B.C.1" not in codes_on(tree.cement.path, D(2026, 7, 1))


def test_a_new_units_first_place_reaches_back_before_its_start_date(tree):
    # A unit entered today with its past (the roll and the admissions of earlier years) counts that past there.
    unit_create(
        actor=None, parent=tree.cement, code="P.B.C.2", name="Chi bộ mới", unit_type="cell", valid_from=D(2026, 3, 1)
    )
    assert "P.B.C.2" in codes_on(tree.cement.path, D(2010, 1, 1))
    move(UnitPlacement.objects.get(unit__code="P.B.C.2").unit, tree.university, D(2026, 9, 1))
    assert "P.B.C.2" in codes_on(tree.cement.path, D(2010, 1, 1))  # the first place, not the new one
    tree.university.refresh_from_db()
    assert "P.B.C.2" not in codes_on(tree.university.path, D(2026, 8, 31))


def test_backfill_places_units_loaded_without_history(tree):
    UnitPlacement.objects.filter(unit=tree.cell_econ).delete()
    assert unit_placements_backfill() == 1
    assert "P.B.U.2" in codes_on(tree.university.path, D(2026, 1, 1))
    assert unit_placements_backfill() == 0


def test_a_new_unit_never_takes_a_path_a_moved_unit_held(tree):
    old_path = tree.cell_econ.path
    move(tree.cell_econ, tree.cement, D(2026, 9, 1))
    with time_machine.travel(datetime.datetime(2026, 9, 2, 9, tzinfo=datetime.UTC), tick=False):
        new = unit_create(actor=None, parent=tree.university, code="P.B.U.3", name="Chi bộ mới", unit_type="cell")
    assert new.path != old_path
    assert "P.B.U.2" in codes_on(tree.university.path, D(2026, 8, 31))
