"""Demo reminders: the demo cell secretary (cb.cntt, Chi bộ Khoa Công nghệ thông tin) has an overdue ceremony and a
probation ending soon in Việc cần làm, and each demo account's inbox has today's digest.

Idempotent: only what the secretary's queue lacks is added; dates are relative to today; every write goes through
the services."""

import datetime
import random

from django.utils import timezone

from ptdv.accounts.models import User
from ptdv.admission.demo import _carry
from ptdv.core.names import person_name
from ptdv.people.models import Candidate
from ptdv.people.rules import add_months
from ptdv.people.selectors import latest_certificate_subquery
from ptdv.people.services import candidate_enter, person_create
from ptdv.training.services import course_create, course_enrol, enrolment_record_result
from ptdv.units.models import Unit

from . import selectors, services

CELL, SECRETARY = "BS.KCQ.DH.02", "cb.cntt"


def _candidate(cell: Unit, opened_on: datetime.date, rng: random.Random) -> Candidate:
    """A candidate of `cell` ready for a dossier opened on `opened_on`: in the pool and certified before it."""
    ready = (
        Candidate.objects.filter(unit=cell, left_on__isnull=True, entered_on__lte=opened_on, person__dossiers=None)
        .annotate(certificate=latest_certificate_subquery())
        .filter(certificate__lte=opened_on)
        .order_by("pk")
        .first()
    )
    if ready is not None:
        return ready
    family, given, sex = person_name(rng)
    person = person_create(
        actor=None, unit=cell, full_name=f"{family} {given}", sex=sex, birth_date=datetime.date(1999, 9, 2),
        citizen_id=f"0{rng.randint(10**10, 10**11 - 1)}", occupation="public_employee", general_education="12/12",
        youth_union=True,
    )  # fmt: skip
    entered = opened_on - datetime.timedelta(days=120)
    candidate = candidate_enter(actor=None, person=person, unit=cell, entered_on=entered, source="youth_union")
    course_start = entered + datetime.timedelta(days=14)
    course = course_create(
        actor=None, kind="awareness", title="Lớp bồi dưỡng nhận thức về Đảng (dữ liệu mẫu)", organiser=cell.parent,
        starts_on=course_start, ends_on=course_start + datetime.timedelta(days=4),
    )  # fmt: skip
    enrolment_record_result(
        actor=None,
        enrolment=course_enrol(actor=None, course=course, persons=[person])[0],
        result="passed",
        certificate_number=f"{rng.randint(100, 999)}/CN-NTVĐ",
        certificate_date=course_start + datetime.timedelta(days=7),
    )
    return candidate


def demo_reminders_load(*, rng: random.Random | None = None) -> int:
    """Add what the demo secretary's queue lacks (today's digests are sent once all the demo is loaded, by
    demo_digests_send). Returns dossiers added."""
    rng = rng or random.Random(2026)  # the demo's reproducible data, not security  # nosec B311
    cell = Unit.objects.filter(code=CELL).first()
    secretary = User.objects.filter(username=SECRETARY).first()
    if cell is None or secretary is None:
        return 0
    today = timezone.localdate()
    kinds = {(e.item.kind, e.item.state) for e in selectors.user_queue(user=secretary)}
    added = 0
    if ("admission_ceremony", "overdue") not in kinds:
        # ten steps 10 days apart: the decision 80 days ago, so the ceremony (30 working days) is late
        start = today - datetime.timedelta(days=150)
        _carry(_candidate(cell, start, rng), start, "decision")
        added += 1
    if not any(kind == "probation_end" for kind, _state in kinds):
        # the ceremony 12 months less two weeks ago: probation ends in about 10 working days
        ceremony_on = add_months(today, -12) + datetime.timedelta(days=14)
        start = ceremony_on - datetime.timedelta(days=80)
        _carry(_candidate(cell, start, rng), start, "ceremony")
        added += 1
    return added


def demo_digests_send() -> None:
    """Today's digests to the inboxes, after all the demo data (every app's due items): a digest never sends an
    item twice on a day, so running the demo again sends nothing."""
    services.digests_send(day=timezone.localdate())
