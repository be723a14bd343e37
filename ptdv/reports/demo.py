"""Demo admission history: last year and this year so far, month by month, in every grassroots organisation of the
demo province, with the occupations each one recruits from — so that the dashboard and the reports have something
true to say. Goes through the services (persons, the roll), as a loaded roll would."""

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from ptdv.core.names import person_name
from ptdv.membership.services import membership_record
from ptdv.people.models import Person
from ptdv.people.services import person_create
from ptdv.quotas.models import Quota
from ptdv.quotas.services import quota_set
from ptdv.units.models import Unit

# grassroots code: (admissions last year, share of this year's pace, occupations to draw from)
PLAN = {
    "BS.KCQ.DH": (7, 1.1, ["university_student"] * 5 + ["public_employee"] * 2),
    "BS.KCQ.CDYT": (4, 0.9, ["university_student"] * 2 + ["public_employee"]),
    "BS.KCQ.XM": (6, 0.5, ["worker"] * 4 + ["enterprise_manager"]),
    "BS.KCQ.MAY": (3, 1.0, ["worker"] * 3),
    "BS.KCQ.THUE": (2, 0.0, ["civil_servant_state"]),
    "BS.KCQ.DL": (2, 0.8, ["enterprise_manager", "worker"]),
    "BS.TP.HB": (4, 0.7, ["farmer", "village_staff", "commune_official"]),
    "BS.TP.QT": (3, 0.6, ["farmer", "farmer", "armed_forces"]),
    "BS.TP.YP": (2, 0.0, ["farmer"]),  # merged into Yên Lạc on 30/6/2025: admitted only before
    "BS.TP.THPT": (2, 1.0, ["pupil"]),
}
ID_PREFIX = "036"  # the demo history's citizen IDs (the pool's start with 035)
LAST_YEAR_QUOTAS = {"BS": 36, "BS.KCQ": 22, "BS.TP": 14, "BS.KCQ.DH": 6, "BS.KCQ.XM": 6, "BS.TP.HB": 4, "BS.TP.QT": 3}


def _citizen_id(rng: random.Random, birth: datetime.date, sex: str, used: set[str]) -> str:
    century = (0 if birth.year < 2000 else 2) + (1 if sex == "female" else 0)
    while True:
        value = f"{ID_PREFIX}{century}{birth.year % 100:02d}{rng.randrange(10**6):06d}"
        if value not in used:
            used.add(value)
            return value


def demo_history_load(*, rng: random.Random) -> int:
    """Load the history once; returns how many admissions were added (0 when already there)."""
    today = timezone.localdate()
    last_year = today.year - 1
    if Person.objects.filter(citizen_id__startswith=ID_PREFIX).exists():
        return 0
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=[*PLAN, *LAST_YEAR_QUOTAS])}
    for code, quota in LAST_YEAR_QUOTAS.items():
        if not Quota.objects.filter(unit=units[code], year=last_year).exists():
            quota_set(actor=None, unit=units[code], year=last_year, quota=quota, reason="Nghị quyết đại hội")
    used: set[str] = set()
    added = 0
    for code, (last_count, pace, occupations) in PLAN.items():
        grassroots = units[code]
        cells = list(Unit.objects.filter(parent=grassroots, unit_type="cell").order_by("code")) or [grassroots]
        this_count = round(last_count * pace * (today.timetuple().tm_yday / 365))
        for year, count in ((last_year, last_count), (today.year, this_count)):
            for _ in range(count):
                last_day = datetime.date(year, 12, 31) if year < today.year else today - datetime.timedelta(days=1)
                if grassroots.valid_to is not None:
                    last_day = min(last_day, grassroots.valid_to)
                first_day = datetime.date(year, 1, 1)
                if last_day < first_day:
                    continue
                decided = first_day + datetime.timedelta(days=rng.randrange((last_day - first_day).days + 1))
                occupation = rng.choice(occupations)
                family, given, sex = person_name(rng)
                ages = (18, 22) if occupation in ("university_student", "pupil") else (22, 42)
                if occupation == "pupil":
                    ages = (18, 18)
                birth = decided - datetime.timedelta(days=rng.randint(*ages) * 365 + rng.randint(1, 300))
                person = person_create(
                    actor=None,
                    unit=rng.choice(cells),
                    full_name=f"{family} {given}",
                    sex=sex,
                    birth_date=birth,
                    citizen_id=_citizen_id(rng, birth, sex, used),
                    occupation=occupation,
                    general_education="12/12",
                    youth_union=rng.random() < 0.7,
                    ethnicity="Tày" if rng.random() < 0.1 else "Kinh",
                )
                # the ceremony a few days after the decision (not after today); probation runs 12 months from it
                ceremony = min(decided + datetime.timedelta(days=rng.randint(5, 20)), today)
                full_on = ceremony + relativedelta(months=12)
                membership_record(
                    actor=None,
                    person=person,
                    unit=person.unit,
                    status="full" if full_on <= today else "probationary",
                    decision_date=decided,
                    ceremony_date=ceremony,
                    full_member_date=full_on if full_on <= today else None,
                    decision_number=f"{rng.randint(10, 300)}-QĐ/ĐU",
                )
                added += 1
    return added
