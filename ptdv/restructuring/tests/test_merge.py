"""Two communes merged into a new one (issue #17, "Done when"): the successor's roll is the sum; reports before the
date show the old communes, after it the new one; nothing counts as a transfer."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ptdv.admission.models import Dossier
from ptdv.audit.models import Event
from ptdv.membership.models import Membership
from ptdv.membership.selectors import roll_on
from ptdv.people.models import Candidate
from ptdv.quotas.models import Quota
from ptdv.reports.movements import movements_report
from ptdv.reports.selectors import admissions_report
from ptdv.restructuring.models import RestructureAct
from ptdv.restructuring.services import (
    ActInput,
    ActRefused,
    ItemInput,
    restructure_apply,
    restructure_preview,
    restructure_undo,
    undo_blockers,
)
from ptdv.units.models import Unit

from .conftest import ACT_DAY, D, make, member

pytestmark = pytest.mark.django_db


def _merge(province, actor=None, **kw):
    new = make(province.district, "P.H.N", "commune", day=D(2026, 11, 22), sector="commune")
    act = ActInput(
        date=ACT_DAY,
        decision_number="12-QĐ/TU",
        items=[ItemInput(source=province.a, successor=new), ItemInput(source=province.b, successor=new)],
        **kw,
    )
    return new, act


def _children(report):
    return {row["code"]: row["admitted"] for row in report["units"]}


def test_merger_moves_everything_and_keeps_history(province):
    new, act = _merge(province)
    before = {
        "a": roll_on(unit=province.a, day=D(2026, 11, 1))["count"],
        "b": roll_on(unit=province.b, day=D(2026, 11, 1))["count"],
        "province": roll_on(unit=province.province, day=D(2026, 11, 1)),
    }
    preview = restructure_preview(actor=None, act=act)
    assert preview.ok, preview.problems
    assert {plan.source.code: [u.code for u in plan.units] for plan in preview.plans} == {
        "P.H.A": ["P.H.A.1", "P.H.A.2"],
        "P.H.B": ["P.H.B.1"],
    }
    assert Unit.objects.get(pk=province.a.pk).valid_to is None  # the preview wrote nothing

    record = restructure_apply(actor=None, act=act)

    a, b, new = (Unit.objects.get(pk=u.pk) for u in (province.a, province.b, new))
    assert (a.valid_to, a.successor_id) == (ACT_DAY - datetime.timedelta(days=1), new.pk)
    assert (b.valid_to, b.successor_id) == (ACT_DAY - datetime.timedelta(days=1), new.pk)
    assert new.valid_from == ACT_DAY
    assert {u.code for u in Unit.objects.filter(parent=new)} == {"P.H.A.1", "P.H.A.2", "P.H.B.1"}
    # The successor's roll is the sum; the whole tree's count is unchanged.
    assert roll_on(unit=new, day=D(2026, 11, 1))["count"] == before["a"] + before["b"]
    assert roll_on(unit=province.province, day=D(2026, 11, 1)) == before["province"]
    # Candidates, the open dossier stay in their cells, now under the successor.
    assert all(Candidate.objects.get(pk=c.pk).unit.path.startswith(new.path) for c in province.candidates)
    assert Dossier.objects.get(pk=province.dossier.pk).unit.path.startswith(new.path)
    # Quotas from the date on: what remains of 2025 (6 − 1 admitted before the date, 4 − 1) and 2026's whole.
    assert Quota.objects.get(unit=new, year=2025).quota == 5 + 3
    assert Quota.objects.get(unit=new, year=2026).quota == 5
    # One audit event of the act.
    assert Event.objects.filter(action="restructure.apply", target_id=str(record.pk)).count() == 1

    # Reports before the date show the two old communes.
    early = admissions_report(unit=province.district, date_from=D(2025, 1, 1), date_to=D(2025, 6, 30))
    assert _children(early) == {"P.H.A": 1, "P.H.B": 1}
    # After the date, they count under the new one.
    late = admissions_report(unit=province.district, date_from=D(2025, 7, 1), date_to=D(2025, 12, 31))
    assert _children(late) == {"P.H.N": 2}
    assert admissions_report(unit=new, date_from=D(2025, 7, 1), date_to=D(2025, 12, 31))["admitted"] == 2
    # Nothing counted as a transfer: Biểu 1 of the district, of the province and of the new commune.
    for unit in (province.district, province.province, new):
        report = movements_report(unit=unit, date_from=D(2025, 1, 1), date_to=D(2025, 12, 31))
        assert report["gains"]["transferred_in"]["count"] == 0, unit.code
        assert report["losses"]["transferred_out"]["count"] == 0, unit.code
        gains = sum(row["count"] for row in report["gains"].values())
        losses = sum(row["count"] for row in report["losses"].values())
        assert report["start"]["count"] + gains - losses == report["end"]["count"]


def test_merged_cells_move_their_members_as_internal_moves(province):
    """Two cells merged: the members of the closed cell move to the other on the date, an internal move."""
    act = ActInput(date=ACT_DAY, items=[ItemInput(source=province.a1, successor=province.a2)])
    moving = list(Membership.objects.filter(unit=province.a1, status__in=["full", "probationary"]))
    restructure_apply(actor=None, act=act)
    for membership in moving:
        membership.refresh_from_db()
        event = membership.events.get(date=ACT_DAY)
        assert (membership.unit_id, event.kind, event.origin_id) == (province.a2.pk, "internal", province.a1.pk)
    # Biểu 1 of the successor cell over the year: the merged cell's members are neither gains nor losses.
    report = movements_report(unit=province.a2, date_from=D(2025, 1, 1), date_to=D(2025, 12, 31))
    assert report["gains"]["transferred_in"]["count"] == 0
    assert report["start"]["count"] + 2 == report["end"]["count"]  # the two admitted in 2025 (A1's and A2's)
    assert roll_on(unit=province.a2, day=D(2026, 1, 1))["count"] == 4 + 1 + 3 + 1


def test_blocking_problems_write_nothing(province):
    closed = make(province.district, "P.H.Z", "commune")
    from ptdv.units.services import unit_close

    unit_close(actor=None, unit=closed, valid_to=D(2024, 12, 31))
    act = ActInput(date=ACT_DAY, items=[ItemInput(source=province.a, successor=closed)])
    with pytest.raises(ActRefused) as refused:
        restructure_apply(actor=None, act=act)
    assert [p.code for p in refused.value.preview.problems] == ["successor_closed"]
    assert Unit.objects.get(pk=province.a.pk).valid_to is None
    # A cell that would be left with fewer than 3 full members.
    empty = make(province.a, "P.H.A.9", "cell")
    small = make(province.a, "P.H.A.8", "cell")
    member(small)
    small_act = ActInput(date=ACT_DAY, items=[ItemInput(source=small, successor=empty)])
    preview = restructure_preview(actor=None, act=small_act)
    assert [p.code for p in preview.problems] == ["too_few_members"]
    # A date before the last event of a moving member; a date in the future.
    later = ActInput(date=ACT_DAY, items=[ItemInput(source=province.a2, successor=province.a1)])
    assert "later_event" in [p.code for p in restructure_preview(actor=None, act=later).problems]
    future = ActInput(date=D(2027, 1, 1), items=[ItemInput(source=province.a2, successor=province.a1)])
    assert [p.code for p in restructure_preview(actor=None, act=future).problems] == ["future"]


def test_applied_twice_changes_nothing_and_undo_puts_everything_back(province):
    new, act = _merge(province)
    roll_before = roll_on(unit=province.a, day=D(2025, 8, 1))
    record = restructure_apply(actor=None, act=act)
    assert restructure_preview(actor=None, act=act).already_applied
    assert restructure_apply(actor=None, act=act) is None
    assert RestructureAct.objects.count() == 1
    assert undo_blockers(record) == []
    restructure_undo(actor=None, act=record)
    a = Unit.objects.get(pk=province.a.pk)
    assert (a.valid_to, a.successor_id) == (None, None)
    assert {u.code for u in Unit.objects.filter(parent=a)} == {"P.H.A.1", "P.H.A.2"}
    assert roll_on(unit=province.a, day=D(2025, 8, 1)) == roll_before
    assert Quota.objects.filter(unit=new).count() == 0
    late = admissions_report(unit=province.district, date_from=D(2025, 7, 1), date_to=D(2025, 12, 31))
    assert _children(late) == {"P.H.A": 1, "P.H.B": 1, "P.H.N": 0}
    with pytest.raises(ValidationError):
        restructure_undo(actor=None, act=record)


def test_undo_refused_once_something_happened(province):
    _new, act = _merge(province)
    record = restructure_apply(actor=None, act=act)
    member(province.a1, decided=D(2026, 10, 1), status="probationary")
    assert undo_blockers(record)


def test_accounts_move_or_are_deactivated_as_the_act_says(province, make_user):
    secretary = make_user(province.a, "staff")
    other = make_user(province.b, "viewer")
    _new, act = _merge(province, accounts="deactivate")
    restructure_apply(actor=None, act=act)
    secretary.refresh_from_db()
    other.refresh_from_db()
    assert not secretary.is_active and not other.is_active
    new2 = make(province.province, "P.M", "commune", day=D(2026, 11, 22))
    mover = make_user(province.k, "staff")
    restructure_apply(actor=None, act=ActInput(date=ACT_DAY, items=[ItemInput(source=province.k, successor=new2)]))
    mover.refresh_from_db()
    assert mover.is_active and mover.unit_id == new2.pk


def test_a_staff_user_needs_every_unit_in_scope(province, make_user):
    """The district's staff may merge its communes; a commune's staff may not touch its neighbour, and the problem
    names no unit they cannot see."""
    commune_staff = make_user(province.a, "staff")
    act = ActInput(date=ACT_DAY, items=[ItemInput(source=province.b1, successor=province.a1)])
    preview = restructure_preview(actor=commune_staff, act=act)
    assert [p.code for p in preview.problems] == ["out_of_scope"]
    assert "P.H.B" not in preview.problems[0].message
    district_staff = make_user(province.district, "staff")
    _new, act = _merge(province)
    assert restructure_preview(actor=district_staff, act=act).ok
