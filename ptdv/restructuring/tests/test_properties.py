"""Random acts over a random tree (issue #17, "Done when"): after any act the preview lets through, no record is
left on a closed unit, and every count over the whole tree is unchanged; undoing it gives the tree back."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ptdv.admission.models import Dossier
from ptdv.admission.rules import TERMINAL
from ptdv.membership.models import Membership
from ptdv.membership.selectors import roll_on
from ptdv.people.models import Candidate, Person
from ptdv.reports.movements import movements_report
from ptdv.reports.selectors import admissions_report
from ptdv.restructuring.services import ActInput, ItemInput, restructure_apply, restructure_preview, restructure_undo
from ptdv.units.models import Unit

from .conftest import ACT_DAY, D, candidate, make, member

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


trees = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3)), min_size=2, max_size=4)  # communes: cells, size
acts = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 30), st.sampled_from(["merge", "move"])), min_size=1, max_size=3
)


def _build(shape):
    root = make(None, "R", "province", may_admit=True)
    district = make(root, "R.D", "district", may_admit=True)
    units = [district]
    for c, (cells, size) in enumerate(shape):
        commune = make(district if c % 2 else root, f"R.C{c}", "commune", sector="commune")
        units.append(commune)
        for k in range(cells):
            cell = make(commune, f"R.C{c}.{k}", "cell")
            units.append(cell)
            for _n in range(size + 3):
                member(cell)
            member(cell, decided=D(2025, 9, 1), status="probationary")
            candidate(cell)
    return root, units


def _counts(root):
    day = D(2026, 11, 1)
    report = admissions_report(unit=root, date_from=D(2025, 1, 1), date_to=D(2025, 12, 31))
    biểu1 = movements_report(unit=root, date_from=D(2025, 1, 1), date_to=D(2025, 12, 31))
    return {
        "roll": roll_on(unit=root, day=day),
        "roll_before": roll_on(unit=root, day=D(2025, 6, 1)),
        "admitted": report["admitted"],
        "start": biểu1["start"],
        "end": biểu1["end"],
        "transfers": (biểu1["gains"]["transferred_in"]["count"], biểu1["losses"]["transferred_out"]["count"]),
        "candidates": Candidate.objects.filter(left_on__isnull=True).count(),
    }


def _nothing_on_closed_units():
    closed = Unit.objects.filter(valid_to__isnull=False)
    assert not Membership.objects.filter(unit__in=closed, status__in=["full", "probationary"]).exists()
    assert not Candidate.objects.filter(unit__in=closed, left_on__isnull=True).exists()
    assert not Person.objects.filter(unit__in=closed).exists()
    assert not Dossier.objects.filter(unit__in=closed).exclude(stage__in=[str(s) for s in TERMINAL]).exists()
    assert not Unit.objects.filter(parent__in=closed, valid_to__isnull=True).exists()


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(shape=trees, picks=acts)
def test_random_acts_leave_nothing_on_closed_units_and_whole_tree_counts_unchanged(today, picks, shape):
    try:
        with transaction.atomic():
            root, units = _build(shape)
            before = _counts(root)
            items, used = [], set()
            for source_pick, successor_pick, mode in picks:
                source, successor = units[source_pick % len(units)], units[successor_pick % len(units)]
                if source.pk in used:
                    continue
                used.add(source.pk)
                items.append(ItemInput(source=source, successor=successor, mode=mode))
            act = ActInput(date=ACT_DAY, items=items)
            preview = restructure_preview(actor=None, act=act)
            if not preview.ok:
                raise Rollback
            record = restructure_apply(actor=None, act=act)
            _nothing_on_closed_units()
            after = _counts(root)
            assert after == before
            assert after["transfers"] == (0, 0)
            if record is not None:
                restructure_undo(actor=None, act=record)
                assert _counts(root) == before
            raise Rollback
    except Rollback:
        pass


def test_a_split_sends_children_to_two_successors(province):
    """The district's communes go to two successors (move), the district itself merges into the first."""
    act = ActInput(
        date=ACT_DAY,
        items=[
            ItemInput(source=province.a, successor=province.province, mode="move"),
            ItemInput(source=province.b, successor=province.k, mode="move"),
            ItemInput(source=province.district, successor=province.province),
        ],
    )
    before = roll_on(unit=province.province, day=D(2026, 1, 1))
    restructure_apply(actor=None, act=act)
    a, b, district = (Unit.objects.get(pk=u.pk) for u in (province.a, province.b, province.district))
    assert (a.parent_id, b.parent_id) == (province.province.pk, province.k.pk)
    assert district.valid_to == ACT_DAY - datetime.timedelta(days=1) and a.valid_to is None
    assert roll_on(unit=province.k, day=D(2026, 1, 1))["count"] == 3 + 5 + 2  # K1's, and B1's with its admissions
    assert roll_on(unit=province.province, day=D(2026, 1, 1)) == before
    # Before the date the district's report still holds both communes.
    early = admissions_report(unit=province.district, date_from=D(2025, 1, 1), date_to=D(2025, 6, 30))
    assert {row["code"] for row in early["units"]} == {"P.H.A", "P.H.B"}
    late = admissions_report(unit=province.k, date_from=D(2025, 7, 1), date_to=D(2025, 12, 31))
    assert late["admitted"] == 1  # B1's admission of October
    biểu1 = movements_report(unit=province.province, date_from=D(2025, 1, 1), date_to=D(2025, 12, 31))
    assert biểu1["gains"]["transferred_in"]["count"] == biểu1["losses"]["transferred_out"]["count"] == 0
