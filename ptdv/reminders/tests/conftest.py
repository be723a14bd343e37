"""Fixtures of the reminders tests: dossiers at the stages that have deadlines, in the shared unit tree, and the
people who act on them. The clock is frozen on Tuesday 24/03/2026."""

import datetime

import pytest
import time_machine

from ptdv.admission.models import Dossier
from ptdv.people.services import candidate_enter, person_create

D = datetime.date
TODAY = D(2026, 3, 24)


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 24, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


_ids = iter(range(1, 100_000))


def person(unit, name):
    return person_create(
        actor=None,
        unit=unit,
        full_name=name,
        sex="female",
        birth_date=D(1998, 4, 2),
        citizen_id=f"0013000{next(_ids):05d}",
        occupation="public_employee",
        general_education="12/12",
    )


def dossier(unit, name, stage, **dates):
    return Dossier.objects.create(
        person=person(unit, name), unit=unit, stage=stage, opened_on=dates.pop("opened_on", D(2025, 6, 2)), **dates
    )


ENTERED = D(2025, 1, 6)


def candidate(unit, name, entered_on=ENTERED):
    return candidate_enter(
        actor=None, person=person(unit, name), unit=unit, entered_on=entered_on, source="youth_union"
    )


@pytest.fixture
def world(tree, make_user, frozen):
    """- a ceremony 2 working days late in the IT cell (the cell acts);
    - a dossier voted by the economics cell on 15/01 (the university's committee votes next);
    - a dossier voted by the university's committee (the bloc, authorised to admit, decides);
    - a ceremony 70 working days late in the kiln cell (escalated to the cement company's committee);
    - a probation ending in 14 working days in the IT cell."""
    w = {"tree": tree}
    w["ceremony"] = dossier(
        tree.cell_it, "Đào Thị Dũng", "decision", cell_vote_on=D(2025, 12, 1), decision_on=D(2026, 1, 30),
        decided_by=tree.bloc,
    )  # fmt: skip
    w["grassroots_vote"] = dossier(tree.cell_econ, "Trần Văn Bình", "cell_vote", cell_vote_on=D(2026, 1, 15))
    w["decision"] = dossier(
        tree.cell_it, "Lê Thị Hoa", "committee_vote", cell_vote_on=D(2026, 1, 15), committee_vote_on=D(2026, 2, 2)
    )
    w["late"] = dossier(
        tree.cell_kiln, "Phạm Văn Cường", "decision", cell_vote_on=D(2025, 9, 1), decision_on=D(2025, 11, 3),
        decided_by=tree.bloc,
    )  # fmt: skip
    w["probation"] = dossier(
        tree.cell_it, "Vũ Minh Tuấn", "ceremony", cell_vote_on=D(2024, 12, 2), decision_on=D(2025, 3, 3),
        ceremony_on=D(2025, 4, 13),
    )  # fmt: skip
    w["secretary"] = make_user(tree.cell_it, "cell_secretary")
    w["committee"] = make_user(tree.university, "committee")
    w["bloc"] = make_user(tree.bloc, "committee", "staff")
    w["kiln"] = make_user(tree.cell_kiln, "cell_secretary")
    w["cement"] = make_user(tree.cement, "staff")
    w["viewer"] = make_user(tree.cell_it, "viewer")
    w["sibling"] = make_user(tree.cell_econ, "cell_secretary")
    return w
