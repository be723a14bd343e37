"""Courses, participants and certificates: rules checked, nothing written on bad input, scope respected."""

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from ptdv.audit.models import Event
from ptdv.people.models import Person
from ptdv.people.selectors import PoolFilters, candidate_obstacles, pool_candidates
from ptdv.people.services import candidate_enter, person_create
from ptdv.training.access import courses_visible_to
from ptdv.training.models import Course, Enrolment
from ptdv.training.selectors import course_statistics
from ptdv.training.services import course_create, course_enrol, enrolment_record_result

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 22)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield TODAY


_ids = itertools.count(1)


def new_person(unit, full_name="Nguyễn Văn An", **overrides) -> Person:
    fields = dict(
        full_name=full_name,
        sex="male",
        birth_date=D(2000, 5, 17),
        citizen_id=f"0385{next(_ids):08d}",
        occupation="worker",
        general_education="12/12",
    )
    fields.update(overrides)
    return person_create(actor=None, unit=unit, **fields)


STARTS_ON, ENDS_ON = D(2026, 9, 7), D(2026, 9, 11)


def new_course(organiser, actor=None, kind="awareness", starts_on=STARTS_ON, ends_on=ENDS_ON, **kw):
    return course_create(
        actor=actor,
        kind=kind,
        title=kw.pop("title", "Lớp bồi dưỡng nhận thức về Đảng khóa 3"),
        organiser=organiser,
        starts_on=starts_on,
        ends_on=ends_on,
        **kw,
    )


def state():
    return (
        Course.objects.count(),
        list(Enrolment.objects.order_by("pk").values_list("pk", "result", "certificate_number", "certificate_date")),
        Event.objects.count(),
    )


# ---------------------------------------------------------------- course_create


def test_course_create_records_the_course_and_its_event(tree, make_user):
    staff = make_user(tree.bloc, "staff")
    course = new_course(tree.bloc, actor=staff, place="  Trung tâm chính trị  ", title="  Khóa 3  ")
    assert course.title == "Khóa 3" and course.place == "Trung tâm chính trị"
    event = Event.objects.get(action="course.create")
    assert event.actor == staff and event.unit == tree.bloc
    assert event.after["starts_on"] == "2026-09-07" and event.after["organiser"] == tree.bloc.pk


def test_a_one_day_course_is_fine(tree):
    course = new_course(tree.bloc, starts_on=D(2026, 9, 7), ends_on=D(2026, 9, 7))
    assert course.starts_on == course.ends_on


def test_reversed_dates_are_refused_and_nothing_is_written(tree, make_user):
    staff = make_user(tree.bloc, "staff")
    before = state()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        new_course(tree.bloc, actor=staff, starts_on=D(2026, 9, 11), ends_on=D(2026, 9, 10))
    assert error.value.message_dict["ends_on"] == ["The course ends (10/09/2026) before it starts (11/09/2026)."]
    assert state() == before


def test_bad_kind_and_empty_title_are_reported_together(tree):
    before = state()
    with pytest.raises(ValidationError) as error:
        new_course(tree.bloc, kind="cooking", title="   ", starts_on=D(2026, 9, 11), ends_on=D(2026, 9, 1))
    assert set(error.value.message_dict) == {"kind", "title", "ends_on"}
    assert state() == before


@pytest.mark.parametrize(("unit_attr", "roles"), [("cement", ("staff",)), ("bloc", ("cell_secretary",))])
def test_only_staff_of_the_organiser_may_create_its_course(tree, make_user, unit_attr, roles):
    user = make_user(getattr(tree, unit_attr), *roles)
    before = state()
    with pytest.raises(ValidationError) as error:
        new_course(tree.university, actor=user)
    assert "organiser" in error.value.message_dict
    assert state() == before


# ---------------------------------------------------------------- course_enrol


def test_enrol_creates_one_enrolment_and_event_per_person(tree, make_user):
    secretary = make_user(tree.cell_it, "cell_secretary")
    course = new_course(tree.bloc)
    first, second = new_person(tree.cell_it, "Lê Văn Một"), new_person(tree.cell_it, "Lê Văn Hai")
    enrolments = course_enrol(actor=secretary, course=course, persons=[first, second])
    assert [e.person for e in enrolments] == [first, second]
    assert {e.result for e in enrolments} == {"enrolled"}
    events = Event.objects.filter(action="course.enrol")
    assert events.count() == 2 and {e.actor for e in events} == {secretary}
    assert {e.unit for e in events} == {tree.cell_it}


def test_enrol_is_all_or_nothing_when_someone_is_already_enrolled(tree, make_user):
    secretary = make_user(tree.cell_it, "cell_secretary")
    course = new_course(tree.bloc)
    first, second = new_person(tree.cell_it, "Lê Văn Một"), new_person(tree.cell_it, "Lê Văn Hai")
    course_enrol(actor=secretary, course=course, persons=[first])
    before = state()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        course_enrol(actor=secretary, course=course, persons=[second, first])
    assert error.value.message_dict["persons"] == ["Already enrolled in this course: Lê Văn Một."]
    assert state() == before
    assert not Enrolment.objects.filter(person=second).exists()


def test_enrol_refuses_a_person_outside_the_actors_scope_and_enrols_nobody(tree, make_user):
    secretary = make_user(tree.cell_it, "cell_secretary")
    course = new_course(tree.bloc)
    mine, theirs = new_person(tree.cell_it, "Lê Văn Mình"), new_person(tree.cell_kiln, "Trịnh Văn Khác")
    before = state()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        course_enrol(actor=secretary, course=course, persons=[mine, theirs])
    message = error.value.message_dict["persons"][0]
    assert "Trịnh Văn Khác" in message and "Lê Văn Mình" not in message
    assert state() == before


def test_a_viewer_may_not_enrol(tree, make_user):
    course = new_course(tree.bloc)
    person = new_person(tree.cell_it)
    with pytest.raises(ValidationError):
        course_enrol(actor=make_user(tree.cell_it, "viewer"), course=course, persons=[person])
    assert Enrolment.objects.count() == 0


def test_enrol_needs_someone(tree):
    with pytest.raises(ValidationError) as error:
        course_enrol(actor=None, course=new_course(tree.bloc), persons=[])
    assert "persons" in error.value.message_dict


def test_the_same_person_twice_in_one_call_is_enrolled_once_or_refused(tree):
    course = new_course(tree.bloc)
    person = new_person(tree.cell_it)
    try:
        enrolments = course_enrol(actor=None, course=course, persons=[person, person])
    except ValidationError:
        assert Enrolment.objects.count() == 0
    else:
        assert len(enrolments) == 1 and Enrolment.objects.count() == 1


# ---------------------------------------------------------------- results and certificates


@pytest.fixture
def enrolled(tree):
    course = new_course(tree.bloc, starts_on=D(2026, 9, 7), ends_on=D(2026, 9, 11))
    person = new_person(tree.cell_it, "Vũ Thị Học", sex="female")
    candidate = candidate_enter(actor=None, person=person, unit=tree.cell_it, entered_on=D(2026, 6, 1), source="cell")
    (enrolment,) = course_enrol(actor=None, course=course, persons=[person])
    return enrolment, candidate


def test_a_certificate_dated_before_the_course_ended_is_refused(tree, make_user, enrolled):
    enrolment, _candidate = enrolled
    organiser = make_user(tree.bloc, "staff")
    before = state()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        enrolment_record_result(
            actor=organiser,
            enrolment=enrolment,
            result="passed",
            certificate_number="123/CN",
            certificate_date=D(2026, 9, 10),
        )
    message = error.value.message_dict["certificate_date"][0]
    assert "10/09/2026" in message and "11/09/2026" in message
    assert state() == before
    enrolment.refresh_from_db()
    assert (enrolment.result, enrolment.certificate_number, enrolment.certificate_date) == ("enrolled", "", None)


def test_passed_without_a_date_is_refused_and_a_date_without_passing_too(tree, enrolled):
    enrolment, _candidate = enrolled
    before = state()
    with pytest.raises(ValidationError) as error:
        enrolment_record_result(actor=None, enrolment=enrolment, result="passed", certificate_number="123/CN")
    assert "certificate_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        enrolment_record_result(actor=None, enrolment=enrolment, result="failed", certificate_date=D(2026, 9, 12))
    assert "certificate_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        enrolment_record_result(actor=None, enrolment=enrolment, result="maybe")
    assert "result" in error.value.message_dict
    assert state() == before


@pytest.mark.parametrize(
    ("unit_attr", "roles"),
    [
        ("cell_it", ("cell_secretary",)),  # the participant's own cell: the course is the bloc's
        ("cell_it", ("cell_secretary", "staff", "admin")),  # whatever its roles, a cell does not manage it
        ("university", ("staff", "admin")),  # nor the grassroots committee between them
        ("cell_econ", ("cell_secretary",)),  # a sibling cell
        ("bloc", ("committee", "viewer")),  # the organiser, without the role that manages courses
        ("city", ("staff",)),  # another branch of the province
    ],
)
def test_only_those_who_manage_the_course_record_a_result(tree, make_user, enrolled, unit_attr, roles):
    enrolment, _candidate = enrolled
    attacker = make_user(getattr(tree, unit_attr), *roles)
    before = state()
    with pytest.raises(ValidationError):
        enrolment_record_result(
            actor=attacker,
            enrolment=enrolment,
            result="passed",
            certificate_number="9/CN",
            certificate_date=D(2026, 9, 11),
        )
    assert state() == before


@pytest.mark.parametrize(("unit_attr", "roles"), [("bloc", ("staff",)), ("province", ("admin",))])
def test_the_organiser_and_the_units_above_it_record_results(tree, make_user, enrolled, unit_attr, roles):
    enrolment, _candidate = enrolled
    manager = make_user(getattr(tree, unit_attr), *roles)
    enrolment_record_result(
        actor=manager, enrolment=enrolment, result="passed", certificate_number="9/CN", certificate_date=D(2026, 9, 11)
    )
    enrolment.refresh_from_db()
    assert enrolment.result == "passed"
    assert Event.objects.get(action="course.result").actor == manager


def pool_entry(user, candidate):
    (entry,) = [c for c in pool_candidates(user=user, filters=PoolFilters(), on=TODAY) if c.pk == candidate.pk]
    return entry


def test_a_certificate_removes_the_no_certificate_obstacle(tree, make_user, enrolled):
    enrolment, candidate = enrolled
    secretary = make_user(tree.cell_it, "cell_secretary")
    organiser = make_user(tree.bloc, "staff")
    codes = [o.code for o in candidate_obstacles(pool_entry(secretary, candidate), TODAY)]
    assert "no_certificate" in codes
    enrolment_record_result(
        actor=organiser,
        enrolment=enrolment,
        result="passed",
        certificate_number=" 123/CN-NTVĐ ",
        certificate_date=D(2026, 9, 11),  # the course's last day
    )
    enrolment.refresh_from_db()
    assert enrolment.certificate_number == "123/CN-NTVĐ"
    entry = pool_entry(secretary, candidate)
    assert entry.certificate_date == D(2026, 9, 11)
    codes = [o.code for o in candidate_obstacles(entry, TODAY)]
    assert "no_certificate" not in codes and "certificate_expired" not in codes
    assert "certificate_expiring" not in codes
    event = Event.objects.get(action="course.result")
    assert event.actor == organiser
    assert event.before == {"result": "enrolled", "certificate_number": "", "certificate_date": None}
    assert event.after == {"result": "passed", "certificate_number": "123/CN-NTVĐ", "certificate_date": "2026-09-11"}


def test_a_failed_result_or_a_new_member_course_gives_no_awareness_certificate(tree, make_user, enrolled):
    enrolment, candidate = enrolled
    secretary = make_user(tree.cell_it, "cell_secretary")
    enrolment_record_result(actor=None, enrolment=enrolment, result="failed")
    other = new_course(tree.bloc, kind="new_member", title="Lớp đảng viên mới")
    (theirs,) = course_enrol(actor=None, course=other, persons=[candidate.person])
    enrolment_record_result(
        actor=None, enrolment=theirs, result="passed", certificate_number="9/CN", certificate_date=D(2026, 9, 12)
    )
    assert "no_certificate" in [o.code for o in candidate_obstacles(pool_entry(secretary, candidate), TODAY)]


def test_the_latest_certificate_counts(tree, make_user, enrolled):
    enrolment, candidate = enrolled
    secretary = make_user(tree.cell_it, "cell_secretary")
    old = new_course(tree.bloc, starts_on=D(2019, 3, 4), ends_on=D(2019, 3, 8), title="Khóa 2019")
    (old_enrolment,) = course_enrol(actor=None, course=old, persons=[candidate.person])
    enrolment_record_result(
        actor=None, enrolment=old_enrolment, result="passed", certificate_number="9/CN", certificate_date=D(2019, 3, 8)
    )
    assert "certificate_expired" in [o.code for o in candidate_obstacles(pool_entry(secretary, candidate), TODAY)]
    enrolment_record_result(
        actor=None, enrolment=enrolment, result="passed", certificate_number="9/CN", certificate_date=D(2026, 9, 11)
    )
    entry = pool_entry(secretary, candidate)
    assert entry.certificate_date == D(2026, 9, 11)
    assert not {"no_certificate", "certificate_expired"} & {o.code for o in candidate_obstacles(entry, TODAY)}


# ---------------------------------------------------------------- statistics and visibility


def test_course_statistics_count_courses_participants_and_passes(tree):
    in_period = dict(starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 6))
    first = new_course(tree.bloc, title="A1", **in_period)
    second = new_course(tree.university, title="A2", **in_period)
    new_member = new_course(tree.cement, kind="new_member", title="N1", **in_period)
    earlier = new_course(tree.bloc, title="A0", starts_on=D(2025, 12, 1), ends_on=D(2025, 12, 5))
    elsewhere = new_course(tree.commune, title="X1", **in_period)
    persons = [new_person(tree.cell_it, f"Người {n}") for n in range(4)]
    for course, count, passed in [
        (first, 3, 2),
        (second, 1, 1),
        (new_member, 2, 0),
        (earlier, 4, 4),
        (elsewhere, 2, 2),
    ]:
        enrolments = course_enrol(actor=None, course=course, persons=persons[:count])
        for enrolment in enrolments[:passed]:
            enrolment_record_result(
                actor=None,
                enrolment=enrolment,
                result="passed",
                certificate_number="9/CN",
                certificate_date=course.ends_on,
            )
    stats = course_statistics(unit=tree.bloc, date_from=D(2026, 1, 1), date_to=D(2026, 12, 31))
    assert [(s.kind, s.courses, s.participants, s.passed) for s in stats] == [
        ("awareness", 2, 4, 3),
        ("new_member", 1, 2, 0),
    ]
    university = course_statistics(unit=tree.university, date_from=D(2026, 1, 1), date_to=D(2026, 12, 31))
    assert [(s.kind, s.courses, s.participants, s.passed) for s in university] == [
        ("awareness", 1, 1, 1),
        ("new_member", 0, 0, 0),
    ]
    # the period's bounds count, by the day the course ended
    edges = course_statistics(unit=tree.bloc, date_from=D(2025, 12, 5), date_to=D(2026, 3, 6))
    assert edges[0].courses == 3 and edges[0].participants == 8
    assert course_statistics(unit=tree.bloc, date_from=D(2025, 12, 6), date_to=D(2026, 3, 5))[0].courses == 0


def test_a_cell_sees_courses_of_its_ancestors_and_its_own(tree, make_user):
    by_bloc = new_course(tree.bloc, title="Khối")
    by_university = new_course(tree.university, title="Trường")
    by_cell = new_course(tree.cell_it, title="Chi bộ CNTT")
    by_province = new_course(tree.province, title="Tỉnh")
    new_course(tree.cement, title="Xi măng")
    new_course(tree.cell_econ, title="Chi bộ Kinh tế")
    secretary = make_user(tree.cell_it, "cell_secretary")
    assert set(courses_visible_to(secretary)) == {by_province, by_bloc, by_university, by_cell}


def test_a_sibling_sees_none_of_a_branchs_courses(tree, make_user):
    new_course(tree.university, title="Trường")
    new_course(tree.cell_it, title="Chi bộ CNTT")
    assert list(courses_visible_to(make_user(tree.cell_kiln, "cell_secretary"))) == []
    assert list(courses_visible_to(make_user(tree.cement, "staff"))) == []
    assert [c.title for c in courses_visible_to(make_user(tree.cell_econ, "viewer"))] == ["Trường"]


def test_a_unit_above_sees_the_courses_below_and_nobody_sees_without_a_unit(tree, make_user):
    courses = {new_course(tree.cell_it, title="Chi bộ"), new_course(tree.university, title="Trường")}
    assert set(courses_visible_to(make_user(tree.bloc, "staff"))) == courses
    assert set(courses_visible_to(make_user(tree.province, "viewer"))) == courses
    assert list(courses_visible_to(make_user(tree.city, "viewer"))) == []
    assert list(courses_visible_to(make_user(None, "admin"))) == []
