"""Writes to the unit tree: each checks its rules, writes nothing on bad input, and records its event."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ptdv.audit.models import Event
from ptdv.units.models import Unit
from ptdv.units.services import unit_close, unit_create, unit_update

pytestmark = pytest.mark.django_db


def update(unit, actor=None, **changes):
    fields = dict(
        code=unit.code, name=unit.name, unit_type=unit.unit_type, sector=unit.sector, may_admit=unit.may_admit,
        valid_from=unit.valid_from, parent=unit.parent, member_count=unit.member_count,
    )  # fmt: skip
    fields.update(changes)
    return unit_update(actor=actor, unit=unit, **fields)


def state():
    return (
        list(Unit.objects.values_list("code", "name", "path", "depth", "parent_id", "valid_to")),
        Event.objects.count(),
    )


def test_create_records_who_and_what(tree, make_user):
    staff = make_user(tree.bloc, "staff")
    unit = unit_create(actor=staff, parent=tree.cement, code=" p.b.c.2 ", name="Chi bộ Văn phòng", unit_type="cell")
    assert unit.code == "P.B.C.2"
    assert unit.parent == tree.cement and unit.depth == tree.cement.depth + 1
    assert unit.path.startswith(tree.cement.path)
    event = Event.objects.get(action="unit.create", target_id=str(unit.pk))
    assert event.actor == staff
    assert event.after["name"] == "Chi bộ Văn phòng"


def test_duplicate_code_is_refused_in_vietnamese_and_writes_nothing(tree, make_user):
    staff = make_user(tree.bloc, "staff")
    before = state()
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        unit_create(actor=staff, parent=tree.cement, code="p.b.u.1", name="Trùng mã", unit_type="cell")
    assert "Mã đơn vị P.B.U.1 đã được dùng cho đơn vị khác" in error.value.message_dict["code"][0]
    assert state() == before


def test_a_unit_cannot_become_its_own_ancestor(tree, make_user):
    staff = make_user(tree.province, "staff")
    before = state()
    for new_parent in (tree.bloc, tree.university, tree.cell_it):
        with translation.override("vi"), pytest.raises(ValidationError) as error:
            update(tree.bloc if new_parent == tree.bloc else tree.university, actor=staff, parent=new_parent)
        assert "Không thể đặt đơn vị trực thuộc chính nó" in error.value.message_dict["parent"][0]
    assert state() == before


def test_moving_a_unit_moves_its_subtree(tree, make_user):
    staff = make_user(tree.province, "staff")
    moved = update(tree.university, actor=staff, parent=tree.city)
    assert moved.parent == tree.city and moved.depth == 3
    for cell in (tree.cell_it, tree.cell_econ):
        cell.refresh_from_db()
        assert cell.path.startswith(moved.path) and cell.depth == 4
        assert cell.parent == moved
    assert set(Unit.objects.descendants(tree.city).values_list("code", flat=True)) == {
        "P.T.X", "P.T.X.1", "P.B.U", "P.B.U.1", "P.B.U.2",
    }  # fmt: skip
    assert not Unit.objects.descendants(tree.bloc).filter(code__startswith="P.B.U").exists()
    event = Event.objects.get(action="unit.move")
    assert event.before == {"parent": tree.bloc.pk} and event.after == {"parent": tree.city.pk}


def test_staff_may_not_move_a_unit_outside_their_subtree(tree, make_user):
    staff = make_user(tree.bloc, "staff")
    with pytest.raises(ValidationError) as error:
        update(tree.university, actor=staff, parent=tree.city)
    assert "parent" in error.value.message_dict
    with pytest.raises(ValidationError):
        update(tree.bloc, actor=staff, parent=tree.city)  # their own unit


def test_update_records_only_what_changed(tree, make_user):
    staff = make_user(tree.bloc, "staff")
    update(tree.cell_it, actor=staff, name="Chi bộ Khoa CNTT", member_count=21)
    event = Event.objects.get(action="unit.update")
    assert event.before == {"name": "Đơn vị P.B.U.1", "member_count": 20}
    assert event.after == {"name": "Chi bộ Khoa CNTT", "member_count": 21}


def test_closing_a_unit_with_open_children_is_refused(tree, make_user):
    staff = make_user(tree.province, "staff")
    before = state()
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        unit_close(actor=staff, unit=tree.university, valid_to=datetime.date(2025, 6, 30))
    message = error.value.message_dict["__all__"][0]
    assert "còn 2 đơn vị trực thuộc đang hoạt động" in message and "P.B.U.1" in message
    assert state() == before


def test_closing_after_the_children_keeps_history_and_successor(tree, make_user):
    staff = make_user(tree.province, "staff")
    day = datetime.date(2025, 6, 30)
    unit_close(actor=staff, unit=tree.cell_it, valid_to=day, successor=tree.cell_econ)
    with pytest.raises(ValidationError):  # cell_econ is still open
        unit_close(actor=staff, unit=tree.university, valid_to=day)
    unit_close(actor=staff, unit=tree.cell_econ, valid_to=day)
    closed = unit_close(actor=staff, unit=tree.university, valid_to=day, successor=tree.cement)
    assert closed.valid_to == day and closed.successor == tree.cement
    tree.cell_it.refresh_from_db()
    assert tree.cell_it.successor == tree.cell_econ
    assert Unit.objects.filter(code="P.B.U.1").exists()  # never deleted
    assert Event.objects.filter(action="unit.close").count() == 3


def test_closing_rules(tree, make_user):
    staff = make_user(tree.province, "staff")
    with pytest.raises(ValidationError) as error:
        unit_close(actor=staff, unit=tree.cell_it, valid_to=datetime.date(2019, 12, 31))
    assert "valid_to" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        unit_close(actor=staff, unit=tree.cell_it, valid_to=datetime.date(2025, 1, 1), successor=tree.cell_it)
    assert "successor" in error.value.message_dict
    with pytest.raises(ValidationError):
        unit_close(actor=staff, unit=tree.province, valid_to=datetime.date(2025, 1, 1))  # their own unit
    unit_close(actor=staff, unit=tree.cell_it, valid_to=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError):
        unit_close(actor=staff, unit=tree.cell_it, valid_to=datetime.date(2025, 2, 1))


def test_no_unit_under_a_closed_parent(tree):
    unit_close(actor=None, unit=tree.cell_it, valid_to=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        unit_create(actor=None, parent=tree.cell_it, code="X", name="X", unit_type="group")
    assert "parent" in error.value.message_dict


def test_staff_cannot_create_outside_their_subtree_and_viewers_not_at_all(tree, make_user):
    with pytest.raises(ValidationError):
        unit_create(
            actor=make_user(tree.university, "staff"),
            parent=tree.cement,
            code="Y",
            name="Y",
            unit_type="cell",
        )
    with pytest.raises(ValidationError):
        unit_create(actor=make_user(tree.bloc, "viewer"), parent=tree.cement, code="Y", name="Y", unit_type="cell")
    assert not Unit.objects.filter(code="Y").exists()


def test_siblings_get_increasing_paths(tree):
    paths = [
        unit_create(actor=None, parent=tree.cement, code=f"S{i}", name="S", unit_type="group").path for i in range(12)
    ]
    assert paths == sorted(paths) and len(set(paths)) == 12


def test_bad_type_and_empty_fields_are_all_reported_at_once(tree):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        unit_create(actor=None, parent=tree.cement, code="", name=" ", unit_type="planet", sector="moon")
    assert set(error.value.message_dict) == {"code", "name", "unit_type", "sector"}
    assert error.value.message_dict["code"] == ["Hãy nhập mã đơn vị."]
