"""The demo's 2025 reform (issue #17): the district of Xuân Sơn is dissolved on 1/7/2025, its commune Sơn Lâm placed
under the province, its communes Xuân An and Xuân Bình merged into the new commune of Xuân Hòa. The communes'
cells have members, candidates, admissions before and after the date and quotas, so that the reports of the first
half of 2025 show the old communes and those of the second half the new one. Idempotent: loaded once."""

import datetime
import random

from ptdv.core.names import person_name
from ptdv.membership.services import membership_record
from ptdv.people.services import candidate_enter, person_create
from ptdv.quotas.services import quota_set
from ptdv.units.models import Unit
from ptdv.units.services import unit_create

from .services import ActInput, ItemInput, restructure_apply

D = datetime.date
ACT_DAY = D(2025, 7, 1)
DISTRICT = ("BS.XS", "Đảng bộ huyện Xuân Sơn")
COMMUNES = [
    ("BS.XS.XA", "Đảng bộ xã Xuân An", ["Thôn Xuân Đông", "Thôn Xuân Tây", "Thôn Bến Đò"]),
    ("BS.XS.XB", "Đảng bộ xã Xuân Bình", ["Thôn Bình Minh", "Thôn Bình Lợi"]),
    ("BS.XS.SL", "Đảng bộ xã Sơn Lâm", ["Thôn Lâm Trường", "Thôn Suối Cát"]),
]
SUCCESSOR = ("BS.XH", "Đảng bộ xã Xuân Hòa")


def _person(rng, unit, counter, *, born):
    family, given, sex = person_name(rng)
    return person_create(
        actor=None, unit=unit, full_name=f"{family} {given}", sex=sex, birth_date=born,
        citizen_id=f"04{5 if sex == 'male' else 6}{born.year % 100:02d}{next(counter):07d}", occupation="farmer",
        general_education=rng.choice(["9/12", "12/12"]), ethnicity="Kinh",
    )  # fmt: skip


def demo_restructure_load(*, rng: random.Random) -> int:
    """Returns 1 when the reform was loaded, 0 when it was already there."""
    if Unit.objects.filter(code=DISTRICT[0]).exists():
        return 0
    province = Unit.objects.get(code="BS")
    start = D(2010, 1, 1)
    district = unit_create(actor=None, parent=province, code=DISTRICT[0], name=DISTRICT[1], unit_type="district",
                           valid_from=start, may_admit=True)  # fmt: skip
    counter = iter(range(1, 10**6))
    communes = {}
    for code, name, villages in COMMUNES:
        commune = unit_create(actor=None, parent=district, code=code, name=name, unit_type="commune",
                              sector="commune", valid_from=start)  # fmt: skip
        communes[code] = commune
        for position, village in enumerate(villages, start=1):
            cell = unit_create(actor=None, parent=commune, code=f"{code}.{position:02d}", name=f"Chi bộ {village}",
                               unit_type="cell", valid_from=start)  # fmt: skip
            for _n in range(rng.randint(6, 14)):
                decided = D(rng.randint(1985, 2020), rng.randint(1, 12), rng.randint(1, 28))
                person = _person(rng, cell, counter, born=D(decided.year - rng.randint(20, 35), 3, 1))
                membership_record(actor=None, person=person, unit=cell, status="full", decision_date=decided,
                                  full_member_date=decided + datetime.timedelta(days=365))  # fmt: skip
            # Admissions of 2025, before and after the reform's date.
            for decided in (D(2025, rng.randint(2, 6), rng.randint(1, 28)), D(2025, rng.randint(8, 11), 15)):
                person = _person(rng, cell, counter, born=D(rng.randint(1990, 2004), 5, 1))
                membership_record(actor=None, person=person, unit=cell, status="probationary", decision_date=decided)
            person = _person(rng, cell, counter, born=D(rng.randint(1995, 2006), 9, 1))
            candidate_enter(actor=None, person=person, unit=cell, entered_on=D(2024, 10, 1), source="youth_union")
        quota_set(actor=None, unit=commune, year=2025, quota=len(villages) * 2 + 1)
        quota_set(actor=None, unit=commune, year=2026, quota=len(villages) * 2)
    successor = unit_create(actor=None, parent=province, code=SUCCESSOR[0], name=SUCCESSOR[1], unit_type="commune",
                            sector="commune", valid_from=ACT_DAY)  # fmt: skip
    restructure_apply(
        actor=None,
        act=ActInput(
            date=ACT_DAY,
            decision_number="1234-QĐ/TU",
            decision_date=D(2025, 6, 20),
            issuing_unit=province,
            note="Sắp xếp tổ chức đảng theo đơn vị hành chính mới (Hướng dẫn 31-HD/BTCTW)",
            items=[
                ItemInput(source=communes["BS.XS.XA"], successor=successor),
                ItemInput(source=communes["BS.XS.XB"], successor=successor),
                ItemInput(source=communes["BS.XS.SL"], successor=province, mode="move"),
                ItemInput(source=district, successor=province),
            ],
        ),
    )
    return 1
