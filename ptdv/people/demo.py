"""Demo persons: full members who help, candidates in the pool at every state, and courses with certificates.

Dates are relative to today, so the demo shows live states (a certificate about to expire, a pupil turning 18)."""

import datetime
import random

from django.utils import timezone

from ptdv.core.names import person_name
from ptdv.membership.services import membership_record
from ptdv.people.choices import Occupation, PoolSource
from ptdv.people.models import Candidate
from ptdv.people.rules import add_months
from ptdv.people.services import candidate_enter, candidate_note_add, helper_assign, person_create
from ptdv.training.models import CourseKind, EnrolmentResult
from ptdv.training.services import course_create, course_enrol, enrolment_record_result
from ptdv.units.models import Unit

# cell code → (occupation, age range, youth union share, education) of its candidates, and how many
POOL_PLAN = {
    "BS.KCQ.DH.01": (Occupation.PUBLIC_EMPLOYEE, (25, 38), 0.6, "12/12", 2),
    "BS.KCQ.DH.02": (Occupation.PUBLIC_EMPLOYEE, (24, 35), 0.7, "12/12", 2),
    "BS.KCQ.DH.05": (Occupation.UNIVERSITY_STUDENT, (19, 22), 1.0, "12/12", 5),
    "BS.KCQ.CDYT.01": (Occupation.PUBLIC_EMPLOYEE, (23, 33), 0.8, "12/12", 2),
    "BS.KCQ.XM.01": (Occupation.WORKER, (22, 40), 0.5, "12/12", 3),
    "BS.KCQ.XM.02": (Occupation.WORKER, (22, 40), 0.4, "9/12", 2),
    "BS.KCQ.MAY.01": (Occupation.WORKER, (20, 35), 0.5, "9/12", 3),
    "BS.KCQ.THUE.01": (Occupation.CIVIL_SERVANT_STATE, (26, 40), 0.6, "12/12", 1),
    "BS.KCQ.DL.03": (Occupation.WORKER, (22, 38), 0.6, "12/12", 2),
    "BS.TP.HB.01": (Occupation.VILLAGE_STAFF, (28, 50), 0.2, "12/12", 2),
    "BS.TP.TA.01": (Occupation.FARMER, (22, 45), 0.5, "9/12", 3),
    "BS.TP.TA.02": (Occupation.FARMER, (22, 45), 0.5, "12/12", 2),
    "BS.TP.YL.01": (Occupation.FARMER, (25, 50), 0.3, "8/12", 1),
    "BS.TP.THPT": (Occupation.PUPIL, (17, 17), 1.0, "12/12", 2),
}
ETHNIC_MINORITY_CELLS = {"BS.TP.YL.01": "Tày", "BS.TP.TA.01": "Mường"}
PLACES = ["xã Tân An", "phường Hòa Bình", "xã Yên Lạc", "phường Quang Trung", "huyện Bình Lục", "tỉnh Nam Định"]


class _Ids:
    """Unique, plausible 12-digit citizen IDs: province code, century/sex digit, birth year, serial."""

    def __init__(self, rng: random.Random):
        self.rng, self.used = rng, set()

    def __call__(self, birth_date: datetime.date, sex: str) -> str:
        century = (0 if birth_date.year < 2000 else 2) + (1 if sex == "female" else 0)
        while True:
            value = f"035{century}{birth_date.year % 100:02d}{self.rng.randrange(10**6):06d}"
            if value not in self.used:
                self.used.add(value)
                return value


def _birth_date(rng: random.Random, today: datetime.date, ages: tuple[int, int]) -> datetime.date:
    age = rng.randint(*ages)
    return today - datetime.timedelta(days=age * 365 + rng.randint(30, 330))


def _person(rng, ids, today, unit, *, occupation, ages, youth_share, education, ethnicity="Kinh"):
    family, given, sex = person_name(rng)
    birth = _birth_date(rng, today, ages)
    youth = rng.random() < youth_share
    return person_create(
        actor=None,
        unit=unit,
        full_name=f"{family} {given}",
        sex=sex,
        birth_date=birth,
        birth_place=rng.choice(PLACES),
        hometown=rng.choice(PLACES),
        permanent_address=f"Số {rng.randint(1, 200)}, {rng.choice(PLACES)}",
        ethnicity=ethnicity,
        citizen_id=ids(birth, sex),
        phone=f"09{rng.randrange(10**8):08d}",
        occupation=occupation,
        general_education=education,
        youth_union=youth,
        youth_union_date=add_months(birth, 12 * 16) if youth else None,
        trade_union=occupation in {Occupation.WORKER, Occupation.PUBLIC_EMPLOYEE, Occupation.CIVIL_SERVANT_STATE},
    )


def demo_people_load(*, rng: random.Random) -> int:
    """Load the demo persons once; returns how many candidates were created (0 when already loaded)."""
    if Candidate.objects.filter(unit__code__startswith="BS.").exists():
        return 0
    today = timezone.localdate()
    ids = _Ids(rng)
    cells = {unit.code: unit for unit in Unit.objects.filter(code__in=POOL_PLAN)}
    # Two full members per cell with candidates: the helpers.
    helpers: dict[str, list] = {}
    for code, unit in cells.items():
        occupation = POOL_PLAN[code][0]
        if occupation in {Occupation.UNIVERSITY_STUDENT, Occupation.PUPIL}:
            occupation = Occupation.PUBLIC_EMPLOYEE
        for _ in range(2):
            member = _person(
                rng, ids, today, unit, occupation=occupation, ages=(30, 55), youth_share=0, education="12/12"
            )
            decided = add_months(today, -rng.randint(36, 240))
            membership_record(
                actor=None,
                person=member,
                unit=unit,
                status="full",
                decision_date=decided,
                full_member_date=add_months(decided, 12),
            )
            helpers.setdefault(code, []).append(member)
    # A probationary member too, who may not help.
    first_cell = cells["BS.KCQ.DH.02"]
    probationer = _person(
        rng,
        ids,
        today,
        first_cell,
        occupation=Occupation.PUBLIC_EMPLOYEE,
        ages=(25, 30),
        youth_share=1,
        education="12/12",
    )
    decided = add_months(today, -5)
    membership_record(
        actor=None,
        person=probationer,
        unit=first_cell,
        status="probationary",
        decision_date=decided,
        ceremony_date=decided + datetime.timedelta(days=12),
    )

    candidates = []
    for code, (occupation, ages, youth_share, education, count) in POOL_PLAN.items():
        unit = cells[code]
        for index in range(count):
            person = _person(
                rng,
                ids,
                today,
                unit,
                occupation=occupation,
                ages=ages,
                youth_share=youth_share,
                education=education,
                ethnicity=ETHNIC_MINORITY_CELLS.get(code, "Kinh"),
            )
            months_ago = 62 if len(candidates) < 3 else rng.randint(2, 30)  # the first three took the old course
            entered = max(add_months(today, -months_ago), add_months(person.birth_date, 12 * 16))
            source = (
                PoolSource.YOUTH_UNION if person.youth_union else rng.choice([PoolSource.TRADE_UNION, PoolSource.CELL])
            )
            candidate = candidate_enter(actor=None, person=person, unit=unit, entered_on=entered, source=source)
            if index % 3 != 2:  # most have a helper; some are still waiting for one
                helper_assign(actor=None, candidate=candidate, helper=helpers[code][index % 2], assigned_on=entered)
            candidates.append(candidate)
    _demo_courses(rng, today, candidates)
    return len(candidates)


def _demo_courses(rng: random.Random, today: datetime.date, candidates: list) -> None:
    from ptdv.accounts.models import User

    author = User.objects.filter(username="cb.cntt").first()
    bloc, city = Unit.objects.get(code="BS.KCQ"), Unit.objects.get(code="BS.TP")
    # An old course: its certificates have expired or expire soon.
    old_end = add_months(today, -59)
    old = course_create(
        actor=None,
        kind=CourseKind.AWARENESS,
        title=f"Lớp bồi dưỡng nhận thức về Đảng khóa 3/{old_end.year}",
        organiser=bloc,
        starts_on=old_end - datetime.timedelta(days=4),
        ends_on=old_end,
        place="Trung tâm Chính trị tỉnh",
    )
    recent_end = add_months(today, -4)
    recent = course_create(
        actor=None,
        kind=CourseKind.AWARENESS,
        title=f"Lớp bồi dưỡng nhận thức về Đảng khóa 1/{recent_end.year}",
        organiser=bloc,
        starts_on=recent_end - datetime.timedelta(days=4),
        ends_on=recent_end,
        place="Hội trường Đảng ủy Khối",
    )
    city_end = add_months(today, -7)
    city_course = course_create(
        actor=None,
        kind=CourseKind.AWARENESS,
        title=f"Lớp bồi dưỡng nhận thức về Đảng thành phố khóa 2/{city_end.year}",
        organiser=city,
        starts_on=city_end - datetime.timedelta(days=4),
        ends_on=city_end,
        place="Trung tâm Chính trị thành phố",
    )
    upcoming_start = today + datetime.timedelta(days=20)
    course_create(
        actor=None,
        kind=CourseKind.AWARENESS,
        title=f"Lớp bồi dưỡng nhận thức về Đảng khóa 2/{upcoming_start.year}",
        organiser=bloc,
        starts_on=upcoming_start,
        ends_on=upcoming_start + datetime.timedelta(days=4),
        place="Hội trường Đảng ủy Khối",
    )
    in_bloc = [c for c in candidates if c.unit.code.startswith("BS.KCQ.")]
    in_city = [c for c in candidates if c.unit.code.startswith("BS.TP.") and c.person.occupation != Occupation.PUPIL]
    serial = iter(range(1, 10_000))

    def attend(course, group, passed_share):
        course_enrol(actor=None, course=course, persons=[c.person for c in group])
        for enrolment in course.enrolments.all():
            if rng.random() < passed_share:
                enrolment_record_result(
                    actor=None,
                    enrolment=enrolment,
                    result=EnrolmentResult.PASSED,
                    certificate_number=f"{next(serial):03d}/CN-NTVĐ",
                    certificate_date=course.ends_on + datetime.timedelta(days=3),
                )
            else:
                enrolment_record_result(actor=None, enrolment=enrolment, result=EnrolmentResult.FAILED)

    attend(old, in_bloc[:3], 1.0)
    attend(recent, in_bloc[3:14], 0.9)
    attend(city_course, in_city[: len(in_city) // 2], 0.9)
    if author:
        for candidate in [c for c in candidates if c.unit.code == "BS.KCQ.DH.02"]:
            candidate_note_add(
                actor=author,
                candidate=candidate,
                written_on=add_months(today, -1),
                text="Tích cực trong công tác chuyên môn và phong trào đoàn thể; có tinh thần trách nhiệm.",
            )
