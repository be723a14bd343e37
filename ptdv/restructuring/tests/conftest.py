"""A small province for restructuring: two communes with cells, members, candidates, open dossiers and quotas."""

import datetime
import itertools

import pytest
import time_machine

from ptdv.admission.services import dossier_open
from ptdv.membership.services import membership_record
from ptdv.people.services import candidate_enter, person_create
from ptdv.quotas.services import quota_set
from ptdv.units.services import unit_create

D = datetime.date
BORN, DECIDED, ENTERED, START = D(1990, 1, 1), D(2015, 1, 1), D(2024, 1, 10), D(2020, 1, 1)
ACT_DAY = D(2025, 7, 1)
_ids = itertools.count(1)


def citizen_id() -> str:
    return f"0010{next(_ids):08d}"


def person(unit, name="Nguyễn Văn An", born=BORN):
    return person_create(
        actor=None, unit=unit, full_name=name, sex="male", birth_date=born, citizen_id=citizen_id(),
        occupation="farmer", general_education="12/12",
    )  # fmt: skip


def member(unit, *, decided=DECIDED, status="full"):
    someone = person(unit)
    return membership_record(
        actor=None, person=someone, unit=unit, status=status, decision_date=decided,
        full_member_date=decided + datetime.timedelta(days=400) if status == "full" else None,
    )  # fmt: skip


def candidate(unit, entered=ENTERED):
    return candidate_enter(actor=None, person=person(unit, born=D(2000, 1, 1)), unit=unit, entered_on=entered,
                           source="youth_union")  # fmt: skip


def make(parent, code, unit_type, day=START, **kw):
    return unit_create(actor=None, parent=parent, code=code, name=f"Đơn vị {code}", unit_type=unit_type,
                       valid_from=day, **kw)  # fmt: skip


@pytest.fixture
def today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield D(2026, 11, 22)


class Province:
    """P ─┬─ H (district) ─┬─ A (commune) ── A1, A2 (cells)
    │                └─ B (commune) ── B1 (cell)
    └─ K (commune) ── K1 (cell)"""

    def __init__(self):
        self.province = make(None, "P", "province", may_admit=True)
        self.district = make(self.province, "P.H", "district", may_admit=True)
        self.a = make(self.district, "P.H.A", "commune", sector="commune")
        self.a1 = make(self.a, "P.H.A.1", "cell")
        self.a2 = make(self.a, "P.H.A.2", "cell")
        self.b = make(self.district, "P.H.B", "commune", sector="commune")
        self.b1 = make(self.b, "P.H.B.1", "cell")
        self.k = make(self.province, "P.K", "commune", sector="commune")
        self.k1 = make(self.k, "P.K.1", "cell")
        for cell, count in ((self.a1, 4), (self.a2, 3), (self.b1, 5), (self.k1, 3)):
            for _n in range(count):
                member(cell)
        # Admissions before and after the act's date (reports before and after it).
        member(self.a1, decided=D(2025, 3, 10), status="probationary")
        member(self.b1, decided=D(2025, 4, 10), status="probationary")
        member(self.a2, decided=D(2025, 9, 10), status="probationary")
        member(self.b1, decided=D(2025, 10, 10), status="probationary")
        self.candidates = [candidate(self.a1), candidate(self.b1)]
        self.dossier = dossier_open(actor=None, candidate=candidate(self.a2), opened_on=D(2025, 5, 2))
        quota_set(actor=None, unit=self.a, year=2025, quota=6)
        quota_set(actor=None, unit=self.b, year=2025, quota=4)
        quota_set(actor=None, unit=self.a, year=2026, quota=5)


@pytest.fixture
def province(db, today):
    return Province()
