"""Demo quotas for this year: the bloc and the city split the province's quota among their units; xã Tân An has
already admitted its whole quota this year, xã Yên Lạc none."""

import datetime
import random

from django.utils import timezone

from ptdv.core.names import person_name
from ptdv.membership.services import membership_record
from ptdv.people.choices import Occupation
from ptdv.people.services import person_create
from ptdv.units.models import Unit

from .models import Quota
from .services import quota_set

QUOTAS = {
    "BS": 40,
    "BS.KCQ": 24,
    "BS.TP": 16,
    "BS.KCQ.DH": 6,
    "BS.KCQ.CDYT": 4,
    "BS.KCQ.XM": 5,
    "BS.KCQ.MAY": 3,
    "BS.KCQ.THUE": 3,
    "BS.KCQ.DL": 3,
    "BS.TP.HB": 4,
    "BS.TP.QT": 4,
    "BS.TP.TA": 4,
    "BS.TP.YL": 4,
}


def demo_quotas_load(*, rng: random.Random) -> int:
    today = timezone.localdate()
    if Quota.objects.filter(year=today.year).exists():
        return 0
    units = {u.code: u for u in Unit.objects.filter(code__in=QUOTAS)}
    for code, quota in QUOTAS.items():
        quota_set(actor=None, unit=units[code], year=today.year, quota=quota, reason="Nghị quyết đại hội")
    # Tân An has admitted its four this year (the roll as loaded from its records).
    cells = list(Unit.objects.filter(parent=units["BS.TP.TA"], unit_type="cell").order_by("code"))
    for index in range(4):
        family, given, sex = person_name(rng)
        birth = datetime.date(1995 + index, 3 + index, 10 + index)
        person = person_create(
            actor=None,
            unit=cells[index % len(cells)],
            full_name=f"{family} {given}",
            sex=sex,
            birth_date=birth,
            citizen_id=f"0350{birth.year % 100:02d}{rng.randrange(10**6):06d}",
            occupation=Occupation.FARMER,
            general_education="12/12",
            youth_union=True,
        )
        decided = max(datetime.date(today.year, 1, 1), today - datetime.timedelta(days=30 * (index + 1)))
        membership_record(
            actor=None,
            person=person,
            unit=person.unit,
            status="probationary",
            decision_date=decided,
            ceremony_date=min(decided + datetime.timedelta(days=10), today),
        )
    return len(QUOTAS)
