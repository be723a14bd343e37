"""Admissions in bulk for report tests: persons and memberships written directly, then synced as the services do."""

import datetime
import itertools

from ptdv.membership.models import Membership
from ptdv.people.models import Person
from ptdv.reports.services import admission_records_sync

_ids = itertools.count(1)


def admit_many(
    unit,
    count: int,
    decided: datetime.date,
    *,
    occupation: str = "public_employee",
    sex: str = "male",
    birth_date: datetime.date = datetime.date(1995, 5, 5),
    ethnicity: str = "Kinh",
    youth_union: bool = False,
    status: str = "probationary",
    readmitted: bool = False,
) -> list[Membership]:
    persons = Person.objects.bulk_create(
        Person(
            full_name=f"Người thứ {n}",
            sex=sex,
            birth_date=birth_date,
            citizen_id=f"{n:012d}",
            occupation=occupation,
            ethnicity=ethnicity,
            youth_union=youth_union,
            unit=unit,
        )
        for n in (next(_ids) for _ in range(count))
    )
    memberships = Membership.objects.bulk_create(
        Membership(person=person, unit=unit, status=status, decision_date=decided, readmitted=readmitted)
        for person in persons
    )
    for membership, person in zip(memberships, persons, strict=True):
        membership.person = person
    admission_records_sync(memberships=memberships)
    return memberships
