import datetime

import pytest

from ptdv.membership.services import membership_record
from ptdv.people.services import person_create

D = datetime.date
_counter = iter(range(1, 100_000))


def new_member(unit, *, decided: datetime.date, ceremony: datetime.date | None = None, status="probationary",
               name: str | None = None, full_on: datetime.date | None = None):  # fmt: skip
    n = next(_counter)
    person = person_create(
        actor=None, unit=unit, full_name=name or f"Trần Văn Thử {n}", sex="male", birth_date=D(1995, 1, 1),
        citizen_id=f"0010950{n:05d}", occupation="public_employee", general_education="12/12",
    )  # fmt: skip
    return membership_record(
        actor=None, person=person, unit=unit, status=status, decision_date=decided, ceremony_date=ceremony,
        full_member_date=full_on,
    )  # fmt: skip


@pytest.fixture
def staff(tree, make_user):
    return make_user(tree.university, "staff")


@pytest.fixture
def secretary(tree, make_user):
    return make_user(tree.cell_it, "cell_secretary")
