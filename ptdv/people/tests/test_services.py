"""Writes and reads about persons and the candidate pool: rules checked, nothing written on bad input, events
recorded, and every read limited to the user's scope."""

import contextlib
import datetime
import itertools
import unicodedata
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from ptdv.audit.models import Event
from ptdv.membership.services import membership_record
from ptdv.people.models import Candidate, CandidateNote, HelperAssignment, Person, PersonSearchToken
from ptdv.people.rules import age_in_months
from ptdv.people.selectors import PoolFilters, candidate_obstacles, person_search, pool_candidates, pool_counts
from ptdv.people.services import (
    candidate_enter,
    candidate_leave,
    candidate_note_add,
    helper_assign,
    helper_end,
    person_create,
)
from ptdv.training.services import course_create, course_enrol, enrolment_record_result

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 22)


@pytest.fixture(autouse=True)
def today():
    """A fixed 'today' (Vietnam's time zone), so that ages and 'in the future' do not drift."""
    with time_machine.travel(datetime.datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield TODAY


_ids = itertools.count(1)


def new_person(unit, actor=None, **overrides) -> Person:
    fields = dict(
        full_name="Nguyễn Văn An",
        sex="male",
        birth_date=D(2000, 5, 17),
        citizen_id=f"0385{next(_ids):08d}",
        occupation="worker",
        general_education="12/12",
    )
    fields.update(overrides)
    return person_create(actor=actor, unit=unit, **fields)


def new_member(unit, status="full", **overrides) -> Person:
    person = new_person(unit, full_name=overrides.pop("full_name", "Trần Văn Bình"), **overrides)
    membership_record(
        actor=None,
        person=person,
        unit=unit,
        status=status,
        decision_date=D(2010, 3, 2),
        full_member_date=D(2011, 3, 2) if status == "full" else None,
    )
    return person


ENTERED_ON = D(2026, 1, 10)


def new_candidate(unit, entered_on=ENTERED_ON, **person_fields) -> Candidate:
    person = new_person(unit, **person_fields)
    return candidate_enter(actor=None, person=person, unit=unit, entered_on=entered_on, source="youth_union")


def state():
    return (
        Person.objects.count(),
        PersonSearchToken.objects.count(),
        Candidate.objects.count(),
        HelperAssignment.objects.count(),
        Event.objects.count(),
    )


# ---------------------------------------------------------------- person_create


def test_create_records_the_person_its_tokens_and_who_did_it(tree, make_user):
    secretary = make_user(tree.cell_it, "cell_secretary")
    person = new_person(
        tree.cell_it,
        actor=secretary,
        full_name="  Đào   Thị Dũng ",
        sex="female",
        citizen_id="001 203.004-567",
        phone="0912345678",
        general_education="9 / 12",
    )
    person.refresh_from_db()
    assert person.full_name == "Đào Thị Dũng"
    assert person.citizen_id == "001203004567"
    assert person.general_education == "9/12"
    assert person.unit == tree.cell_it
    assert set(person.tokens.values_list("token", flat=True)) == {"dao", "thi", "dung", "001203004567", "0912345678"}
    event = Event.objects.get(action="person.create", target_id=str(person.pk))
    assert event.actor == secretary
    assert event.unit == tree.cell_it
    assert event.target_type == "people.person"
    assert event.after["citizen_id"] == "001203004567"
    assert event.after["unit"] == tree.cell_it.pk
    assert event.after["birth_date"] == "2000-05-17"


def test_staff_above_may_create_in_a_cell_below(tree, make_user):
    staff = make_user(tree.bloc, "staff")
    person = new_person(tree.cell_kiln, actor=staff)
    assert Event.objects.get(action="person.create").actor == staff
    assert person.unit == tree.cell_kiln


def test_bad_input_writes_nothing_and_reports_every_problem_at_once(tree, make_user):
    secretary = make_user(tree.cell_it, "cell_secretary")
    before = state()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        new_person(
            tree.cell_it,
            actor=secretary,
            citizen_id="00120300456",  # 11 digits
            birth_date=TODAY + datetime.timedelta(days=1),
            general_education="lớp 9",
        )
    errors = error.value.message_dict
    assert set(errors) == {"citizen_id", "birth_date", "general_education"}
    assert "has 12 digits; 00120300456 has 11" in errors["citizen_id"][0]
    assert "23/11/2026" in errors["birth_date"][0] and "future" in errors["birth_date"][0]
    assert state() == before


def test_more_bad_fields_are_all_reported(tree):
    before = state()
    with pytest.raises(ValidationError) as error:
        new_person(tree.cell_it, full_name="  ", sex="x", occupation="astronaut", ethnicity="Martian", religion="?")
    assert set(error.value.message_dict) == {"full_name", "sex", "occupation", "ethnicity", "religion"}
    assert state() == before


@pytest.mark.parametrize(
    ("citizen_id", "words"),
    [
        ("00120300456", ["12 digits", "has 11"]),
        ("0012030045678", ["12 digits", "has 13"]),
        ("00120300456A", ["digits only", "00120300456A"]),
        ("", ["Enter the citizen ID"]),
    ],
)
def test_bad_citizen_ids_are_refused_with_the_reason(tree, citizen_id, words):
    before = state()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        new_person(tree.cell_it, citizen_id=citizen_id)
    message = error.value.message_dict["citizen_id"][0]
    for word in words:
        assert word in message
    assert state() == before


def test_a_duplicate_citizen_id_is_refused_even_when_typed_differently(tree, make_user):
    new_person(tree.cell_it, citizen_id="001203004567")
    staff = make_user(tree.province, "staff")
    before = state()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        new_person(tree.cell_kiln, actor=staff, full_name="Lê Thị Cúc", citizen_id="001 203 004 567")
    assert "001203004567 is already recorded" in error.value.message_dict["citizen_id"][0]
    assert state() == before


def test_a_citizen_id_in_full_width_digits_is_refused_or_normalised(tree):
    try:
        person = new_person(tree.cell_it, citizen_id="００１２０３００４５６７")  # noqa: RUF001 - full-width digits, as typed on purpose
    except ValidationError:
        return
    assert person.citizen_id == "001203004567"


def test_a_birth_date_today_is_accepted_and_before_1900_refused(tree):
    assert new_person(tree.cell_it, birth_date=TODAY).birth_date == TODAY
    with pytest.raises(ValidationError) as error:
        new_person(tree.cell_it, birth_date=D(1899, 12, 31))
    assert "birth_date" in error.value.message_dict


def test_the_youth_union_date_cannot_precede_birth_or_be_in_the_future(tree):
    with pytest.raises(ValidationError) as error:
        new_person(tree.cell_it, youth_union=True, youth_union_date=D(1999, 1, 1))
    assert "youth_union_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        new_person(tree.cell_it, youth_union=True, youth_union_date=TODAY + datetime.timedelta(days=1))
    assert "youth_union_date" in error.value.message_dict


def test_unknown_fields_are_a_programming_error(tree):
    with pytest.raises(TypeError):
        new_person(tree.cell_it, unit_name="x")


@pytest.mark.parametrize(
    ("unit_attr", "roles"),
    [
        ("cell_econ", ("cell_secretary",)),  # a sibling cell
        ("cell_kiln", ("staff",)),  # another grassroots organisation
        ("cell_it", ("viewer",)),  # the right unit, but may only look
        ("cell_it", ("committee",)),
        ("cell_it", ()),
    ],
)
def test_who_may_not_create_in_a_unit(tree, make_user, unit_attr, roles):
    user = make_user(getattr(tree, unit_attr), *roles)
    before = state()
    with pytest.raises(ValidationError) as error:
        new_person(tree.cell_it, actor=user)
    assert "unit" in error.value.message_dict
    assert state() == before


# ---------------------------------------------------------------- the pool


def test_candidate_enter_moves_the_person_to_the_cell(tree, make_user):
    staff = make_user(tree.university, "staff")
    person = new_person(tree.university, actor=staff)
    candidate = candidate_enter(
        actor=staff, person=person, unit=tree.cell_it, entered_on=D(2026, 3, 1), source="youth_union"
    )
    person.refresh_from_db()
    assert person.unit == tree.cell_it
    assert candidate.unit == tree.cell_it and candidate.is_active
    move = Event.objects.get(action="person.move")
    assert move.before == {"unit": tree.university.pk} and move.after == {"unit": tree.cell_it.pk}
    assert move.actor == staff
    enter = Event.objects.get(action="candidate.enter")
    assert enter.after["entered_on"] == "2026-03-01" and enter.after["source"] == "youth_union"


def test_a_second_open_entry_is_refused(tree, make_user):
    secretary = make_user(tree.cell_it, "cell_secretary")
    candidate = new_candidate(tree.cell_it)
    before = state()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        candidate_enter(
            actor=secretary, person=candidate.person, unit=tree.cell_it, entered_on=D(2026, 4, 1), source="cell"
        )
    assert "already in the candidate pool" in error.value.message_dict["__all__"][0]
    assert state() == before


def test_after_leaving_a_person_may_enter_the_pool_again(tree):
    candidate = new_candidate(tree.cell_it, entered_on=D(2025, 1, 1))
    candidate_leave(actor=None, candidate=candidate, left_on=D(2025, 6, 1), reason="moved")
    again = candidate_enter(
        actor=None, person=candidate.person, unit=tree.cell_econ, entered_on=D(2026, 1, 1), source="cell"
    )
    assert again.pk != candidate.pk
    assert Candidate.objects.filter(person=candidate.person).count() == 2


def test_candidate_enter_checks_its_dates_and_the_source(tree):
    person = new_person(tree.cell_it)
    before = state()
    with pytest.raises(ValidationError) as error:
        candidate_enter(
            actor=None, person=person, unit=tree.cell_it, entered_on=TODAY + datetime.timedelta(days=1), source="x"
        )
    assert set(error.value.message_dict) == {"entered_on", "source"}
    with pytest.raises(ValidationError) as error:
        candidate_enter(actor=None, person=person, unit=tree.cell_it, entered_on=D(1999, 1, 1), source="cell")
    assert "entered_on" in error.value.message_dict
    assert state() == before


def test_a_party_member_cannot_enter_the_pool(tree):
    member = new_member(tree.cell_it)
    with pytest.raises(ValidationError):
        candidate_enter(actor=None, person=member, unit=tree.cell_it, entered_on=D(2026, 1, 1), source="cell")


def test_a_sibling_cell_secretary_cannot_take_a_person_into_their_pool(tree, make_user):
    person = new_person(tree.cell_it)
    sibling = make_user(tree.cell_econ, "cell_secretary")
    before = state()
    with pytest.raises(ValidationError):
        candidate_enter(
            actor=sibling,
            person=person,
            unit=tree.cell_econ,
            entered_on=D(2026, 1, 1),
            source="cell",
        )
    assert state() == before


# ---------------------------------------------------------------- helpers


def test_a_full_member_of_the_same_grassroots_organisation_may_help(tree, make_user):
    secretary = make_user(tree.cell_it, "cell_secretary")
    candidate = new_candidate(tree.cell_it)
    helper = new_member(tree.cell_econ)  # another cell of the same university
    assignment = helper_assign(actor=secretary, candidate=candidate, helper=helper, assigned_on=D(2026, 2, 1))
    assert assignment.helper == helper and assignment.ended_on is None
    event = Event.objects.get(action="candidate.helper_assign")
    assert event.actor == secretary
    assert event.after == {"helper": helper.pk, "assigned_on": "2026-02-01"}


@pytest.mark.parametrize(
    ("make_helper", "words"),
    [
        (lambda tree: new_member(tree.cell_it, status="probationary", full_name="Lý Văn Dự"), ["Lý Văn Dự", "probat"]),
        (lambda tree: new_person(tree.cell_it, full_name="Võ Thị Ngoài"), ["Võ Thị Ngoài", "not a party member"]),
        (
            lambda tree: new_member(tree.cell_kiln, full_name="Hồ Văn Xa"),
            ["Hồ Văn Xa", "another grassroots organisation", "Đơn vị P.B.U"],
        ),
        (
            lambda tree: new_member(tree.cell_village, full_name="Hồ Văn Làng"),
            ["Hồ Văn Làng", "another grassroots organisation"],
        ),
    ],
    ids=["probationary", "not a member", "other grassroots", "other branch"],
)
def test_who_may_not_help(tree, make_user, make_helper, words):
    secretary = make_user(tree.cell_it, "cell_secretary")
    candidate = new_candidate(tree.cell_it)
    helper = make_helper(tree)
    before = state()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        helper_assign(actor=secretary, candidate=candidate, helper=helper, assigned_on=D(2026, 2, 1))
    message = error.value.message_dict["helper"][0]
    for word in words:
        assert word in message
    assert state() == before


def test_a_candidate_cannot_help_themself_nor_the_same_helper_twice(tree):
    candidate = new_candidate(tree.cell_it)
    with pytest.raises(ValidationError) as error:
        helper_assign(actor=None, candidate=candidate, helper=candidate.person, assigned_on=D(2026, 2, 1))
    assert "helper" in error.value.message_dict
    helper = new_member(tree.cell_it)
    helper_assign(actor=None, candidate=candidate, helper=helper, assigned_on=D(2026, 2, 1))
    with pytest.raises(ValidationError) as error:
        helper_assign(actor=None, candidate=candidate, helper=helper, assigned_on=D(2026, 3, 1))
    assert "helper" in error.value.message_dict
    assert HelperAssignment.objects.count() == 1


def test_the_assignment_date_lies_between_entry_and_today(tree):
    candidate = new_candidate(tree.cell_it, entered_on=D(2026, 1, 10))
    helper = new_member(tree.cell_it)
    for day in (D(2026, 1, 9), TODAY + datetime.timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            helper_assign(actor=None, candidate=candidate, helper=helper, assigned_on=day)
        assert "assigned_on" in error.value.message_dict
    helper_assign(actor=None, candidate=candidate, helper=helper, assigned_on=D(2026, 1, 10))


def test_changing_helpers_keeps_the_history(tree, make_user):
    secretary = make_user(tree.cell_it, "cell_secretary")
    candidate = new_candidate(tree.cell_it)
    first, second = new_member(tree.cell_it, full_name="Phan Văn Một"), new_member(tree.cell_it, full_name="Phan Hai")
    assignment = helper_assign(actor=secretary, candidate=candidate, helper=first, assigned_on=D(2026, 2, 1))
    with pytest.raises(ValidationError):
        helper_end(actor=secretary, assignment=assignment, ended_on=D(2026, 1, 31))  # before it began
    helper_end(actor=secretary, assignment=assignment, ended_on=D(2026, 6, 30))
    with pytest.raises(ValidationError):
        helper_end(actor=secretary, assignment=assignment, ended_on=D(2026, 7, 1))  # already ended
    helper_assign(actor=secretary, candidate=candidate, helper=second, assigned_on=D(2026, 7, 1))
    rows = list(candidate.helper_assignments.values_list("helper_id", "assigned_on", "ended_on"))
    assert rows == [(first.pk, D(2026, 2, 1), D(2026, 6, 30)), (second.pk, D(2026, 7, 1), None)]
    assert Event.objects.filter(action="candidate.helper_end", actor=secretary).count() == 1
    # the first helper may come back later: a new row, the old one untouched
    helper_assign(actor=secretary, candidate=candidate, helper=first, assigned_on=D(2026, 8, 1))
    assert candidate.helper_assignments.count() == 3


def test_leaving_the_pool_ends_the_open_helper_assignments(tree, make_user):
    secretary = make_user(tree.cell_it, "cell_secretary")
    candidate = new_candidate(tree.cell_it)
    first, second = new_member(tree.cell_it, full_name="Phan Văn Một"), new_member(tree.cell_it, full_name="Phan Hai")
    ended = helper_assign(actor=None, candidate=candidate, helper=first, assigned_on=D(2026, 2, 1))
    helper_end(actor=None, assignment=ended, ended_on=D(2026, 3, 1))
    helper_assign(actor=None, candidate=candidate, helper=second, assigned_on=D(2026, 3, 1))
    left = candidate_leave(
        actor=secretary, candidate=candidate, left_on=D(2026, 10, 1), reason="moved", note="  chuyển công tác "
    )
    assert not left.is_active and left.leave_reason == "moved" and left.leave_note == "chuyển công tác"
    assert list(candidate.helper_assignments.values_list("helper_id", "ended_on")) == [
        (first.pk, D(2026, 3, 1)),  # unchanged
        (second.pk, D(2026, 10, 1)),
    ]
    event = Event.objects.get(action="candidate.leave")
    assert event.actor == secretary and event.after["left_on"] == "2026-10-01"
    with pytest.raises(ValidationError):
        candidate_leave(actor=secretary, candidate=candidate, left_on=D(2026, 10, 2), reason="moved")
    with pytest.raises(ValidationError):
        helper_assign(actor=secretary, candidate=candidate, helper=first, assigned_on=D(2026, 10, 2))


def test_leave_checks_reason_and_dates(tree):
    candidate = new_candidate(tree.cell_it, entered_on=D(2026, 1, 10))
    before = state()
    with pytest.raises(ValidationError) as error:
        candidate_leave(actor=None, candidate=candidate, left_on=D(2026, 1, 9), reason="bored")
    assert set(error.value.message_dict) == {"leave_reason", "left_on"}
    with pytest.raises(ValidationError) as error:
        candidate_leave(actor=None, candidate=candidate, left_on=TODAY + datetime.timedelta(days=1), reason="moved")
    assert "left_on" in error.value.message_dict
    assert state() == before


def test_leaving_never_ends_an_assignment_before_it_began(tree):
    candidate = new_candidate(tree.cell_it, entered_on=D(2026, 1, 10))
    helper = new_member(tree.cell_it)
    helper_assign(actor=None, candidate=candidate, helper=helper, assigned_on=D(2026, 5, 1))
    with contextlib.suppress(ValidationError):  # refusing is a correct answer too
        candidate_leave(actor=None, candidate=candidate, left_on=D(2026, 3, 1), reason="moved")
    for assigned_on, ended_on in HelperAssignment.objects.values_list("assigned_on", "ended_on"):
        assert ended_on is None or ended_on >= assigned_on


def test_notes(tree, make_user):
    secretary = make_user(tree.cell_it, "cell_secretary")
    candidate = new_candidate(tree.cell_it)
    note = candidate_note_add(actor=secretary, candidate=candidate, written_on=D(2026, 5, 4), text="  Tích cực.  ")
    assert note.text == "Tích cực." and note.author == secretary
    assert list(CandidateNote.objects.values_list("candidate_id", "written_on")) == [(candidate.pk, D(2026, 5, 4))]
    event = Event.objects.get(action="candidate.note")
    assert event.actor == secretary and event.after == {"note": note.pk}
    with pytest.raises(ValidationError) as error:
        candidate_note_add(actor=secretary, candidate=candidate, written_on=TODAY + datetime.timedelta(days=1), text="")
    assert set(error.value.message_dict) == {"text", "written_on"}
    with pytest.raises(ValidationError):
        candidate_note_add(
            actor=make_user(tree.cell_econ, "cell_secretary"), candidate=candidate, written_on=TODAY, text="x"
        )
    assert CandidateNote.objects.count() == 1


# ---------------------------------------------------------------- person_search


@pytest.fixture
def people(tree):
    return {
        "dao": new_person(tree.cell_it, full_name="Đào Thị Dũng", sex="female", citizen_id="079203004567"),
        "nguyen_dung": new_person(tree.cell_it, full_name="Nguyễn Văn Dũng", citizen_id="001099000111"),
        "nguyen_hoa": new_person(tree.cell_econ, full_name="Nguyễn Thị Hoa", sex="female", phone="0912 345 678"),
        "kiln": new_person(tree.cell_kiln, full_name="Trần Dũng", citizen_id="001099000222"),
    }


def names(found):
    return [p.full_name for p in found]


def test_search_ignores_case_and_diacritics(tree, make_user, people):
    user = make_user(tree.university, "viewer")
    assert names(person_search(user=user, query="Dung")) == ["Đào Thị Dũng", "Nguyễn Văn Dũng"]  # Vietnamese order
    assert names(person_search(user=user, query="dao")) == ["Đào Thị Dũng"]
    assert names(person_search(user=user, query="ĐÀO")) == ["Đào Thị Dũng"]
    assert names(person_search(user=user, query="dũ")) == ["Đào Thị Dũng", "Nguyễn Văn Dũng"]


def test_search_reads_decomposed_input(tree, make_user, people):
    user = make_user(tree.university, "viewer")
    query = unicodedata.normalize("NFD", "Đào Dũng")
    assert names(person_search(user=user, query=query)) == ["Đào Thị Dũng"]


def test_every_word_of_the_query_must_match(tree, make_user, people):
    user = make_user(tree.university, "viewer")
    assert names(person_search(user=user, query="nguyen dung")) == ["Nguyễn Văn Dũng"]
    assert names(person_search(user=user, query="nguyen")) == ["Nguyễn Văn Dũng", "Nguyễn Thị Hoa"]
    assert names(person_search(user=user, query="ng th")) == ["Nguyễn Thị Hoa"]
    assert person_search(user=user, query="nguyen dao") == []
    assert person_search(user=user, query="   ") == []


def test_search_by_citizen_id_prefix_and_phone(tree, make_user, people):
    user = make_user(tree.university, "viewer")
    assert names(person_search(user=user, query="0792")) == ["Đào Thị Dũng"]
    assert names(person_search(user=user, query="079203004567")) == ["Đào Thị Dũng"]
    assert names(person_search(user=user, query="0010990")) == ["Nguyễn Văn Dũng"]  # kiln's is out of scope
    assert names(person_search(user=user, query="0912")) == ["Nguyễn Thị Hoa"]
    assert person_search(user=user, query="0792030045670") == []  # longer than the ID


def test_search_by_a_citizen_id_typed_in_groups(tree, make_user, people):
    user = make_user(tree.university, "viewer")
    assert names(person_search(user=user, query="079 203 004 567")) == ["Đào Thị Dũng"]
    assert names(person_search(user=user, query="079.203.004.567")) == ["Đào Thị Dũng"]


def test_search_by_a_phone_number_whatever_its_spacing(tree, make_user, people):
    user = make_user(tree.university, "viewer")
    assert names(person_search(user=user, query="0912345678")) == ["Nguyễn Thị Hoa"]


def test_search_stays_within_the_users_scope(tree, make_user, people):
    assert person_search(user=make_user(tree.cell_kiln, "cell_secretary"), query="dung") == [people["kiln"]]
    assert person_search(user=make_user(tree.cell_village, "staff"), query="dung") == []
    assert person_search(user=make_user(tree.cell_econ, "viewer"), query="dao") == []
    assert names(person_search(user=make_user(tree.cell_it, "viewer"), query="nguyen")) == ["Nguyễn Văn Dũng"]
    assert len(person_search(user=make_user(tree.province, "viewer"), query="dung")) == 3
    assert person_search(user=make_user(None, "admin"), query="dung") == []  # an account without a unit


def test_search_follows_the_limit(tree, make_user, people):
    user = make_user(tree.province, "viewer")
    assert len(person_search(user=user, query="dung", limit=2)) == 2


# ---------------------------------------------------------------- pool_candidates and pool_counts


def certify(person, certificate_date):
    course = course_create(
        actor=None,
        kind="awareness",
        title=f"Lớp {certificate_date:%m/%Y}",
        organiser=person.unit,
        starts_on=certificate_date - datetime.timedelta(days=5),
        ends_on=certificate_date,
    )
    (enrolment,) = course_enrol(actor=None, course=course, persons=[person])
    enrolment_record_result(
        actor=None, enrolment=enrolment, result="passed", certificate_number="9/CN", certificate_date=certificate_date
    )


@pytest.fixture
def pool(tree):
    """Three candidates of the university, one of the cement works."""
    worker = new_candidate(
        tree.cell_it,
        entered_on=D(2024, 11, 1),
        full_name="Lê Văn Công",
        birth_date=D(2006, 3, 1),  # 20
        occupation="worker",
        youth_union=True,
    )
    certify(worker.person, D(2025, 5, 20))
    farmer = new_candidate(
        tree.cell_econ,
        entered_on=D(2026, 10, 22),
        full_name="Hà Thị Nông",
        sex="female",
        birth_date=D(1986, 6, 1),  # 40
        occupation="farmer",
        ethnicity="Tày",
        religion="Phật giáo",
        business_owner=True,
    )
    pupil = new_candidate(
        tree.cell_it,
        entered_on=D(2026, 4, 22),
        full_name="Bùi Văn Học",
        birth_date=D(2009, 1, 1),  # 17
        occupation="pupil",
        general_education="11/12",
    )
    certify(pupil.person, D(2020, 1, 10))  # expired
    other = new_candidate(tree.cell_kiln, entered_on=D(2020, 1, 1), full_name="Đỗ Văn Lò", occupation="worker")
    return {"worker": worker, "farmer": farmer, "pupil": pupil, "other": other}


def found(user, **filters):
    return [c.person.full_name for c in pool_candidates(user=user, filters=PoolFilters(**filters), on=TODAY)]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Lê Văn Công", "Bùi Văn Học", "Hà Thị Nông"]),  # unit path, then given name: Công < Học
        ({"occupation": "farmer"}, ["Hà Thị Nông"]),
        ({"occupation": "armed_forces"}, []),
        ({"youth_union": True}, ["Lê Văn Công"]),
        ({"youth_union": False}, ["Bùi Văn Học", "Hà Thị Nông"]),
        ({"min_age": 18}, ["Lê Văn Công", "Hà Thị Nông"]),
        ({"max_age": 30}, ["Lê Văn Công", "Bùi Văn Học"]),
        ({"min_age": 18, "max_age": 30}, ["Lê Văn Công"]),
        ({"max_age": 17}, ["Bùi Văn Học"]),
        ({"min_age": 40, "max_age": 40}, ["Hà Thị Nông"]),
        ({"course": "done"}, ["Lê Văn Công"]),
        ({"min_months_in_pool": 1}, ["Lê Văn Công", "Bùi Văn Học", "Hà Thị Nông"]),
        ({"min_months_in_pool": 2}, ["Lê Văn Công", "Bùi Văn Học"]),
        ({"min_months_in_pool": 7}, ["Lê Văn Công", "Bùi Văn Học"]),
        ({"min_months_in_pool": 8}, ["Lê Văn Công"]),
        ({"occupation": "worker", "course": "missing"}, []),
    ],
)
def test_pool_filters(tree, make_user, pool, filters, expected):
    assert found(make_user(tree.university, "viewer"), **filters) == expected


def test_the_course_filter_missing_lists_expired_certificates(tree, make_user, pool):
    assert "Bùi Văn Học" in found(make_user(tree.university, "viewer"), course="missing")


def test_the_course_filter_missing_lists_candidates_without_a_certificate(tree, make_user, pool):
    assert found(make_user(tree.university, "viewer"), course="missing") == ["Bùi Văn Học", "Hà Thị Nông"]


def test_pool_filter_by_unit_and_helper(tree, make_user, pool):
    user = make_user(tree.province, "viewer")
    assert found(user, unit=tree.cell_econ) == ["Hà Thị Nông"]
    assert found(user, unit=tree.cement) == ["Đỗ Văn Lò"]
    helper = new_member(tree.cell_it)
    helper_assign(actor=None, candidate=pool["pupil"], helper=helper, assigned_on=D(2026, 5, 1))
    assert found(user, helper=helper) == ["Bùi Văn Học"]
    assignment = HelperAssignment.objects.get()
    helper_end(actor=None, assignment=assignment, ended_on=D(2026, 6, 1))
    assert found(user, helper=helper) == []


def test_the_pool_is_scoped_and_only_active(tree, make_user, pool):
    assert found(make_user(tree.cell_kiln, "viewer")) == ["Đỗ Văn Lò"]
    assert found(make_user(tree.cell_econ, "viewer")) == ["Hà Thị Nông"]
    assert found(make_user(tree.cell_village, "viewer")) == []
    candidate_leave(actor=None, candidate=pool["farmer"], left_on=TODAY, reason="declined")
    assert found(make_user(tree.cell_econ, "viewer")) == []


def test_pool_facts_feed_the_obstacles(tree, make_user, pool):
    user = make_user(tree.university, "viewer")
    by_name = {c.person.full_name: c for c in pool_candidates(user=user, filters=PoolFilters(), on=TODAY)}
    assert [o.code for o in candidate_obstacles(by_name["Lê Văn Công"], TODAY)] == ["no_helper"]
    assert [o.code for o in candidate_obstacles(by_name["Hà Thị Nông"], TODAY)] == ["no_certificate", "no_helper"]
    pupil = candidate_obstacles(by_name["Bùi Văn Học"], TODAY)
    assert [o.code for o in pupil] == ["under_age", "certificate_expired", "no_helper"]
    assert pupil[0].date == D(2027, 1, 1) and pupil[1].date == D(2025, 1, 10)


def test_pool_counts(tree, make_user, pool):
    counts = pool_counts(pool_candidates(user=make_user(tree.university, "viewer"), filters=PoolFilters(), on=TODAY))
    assert counts.total == 3
    assert counts.by_category == {
        "woman": 1, "ethnic_minority": 1, "religious": 1, "youth_union": 1, "business_owner": 1,
    }  # fmt: skip
    assert counts.by_occupation["worker"] == 1
    assert counts.by_occupation["farmer"] == 1
    assert counts.by_occupation["pupil"] == 1
    assert sum(counts.by_occupation.values()) == 3
    assert counts.by_occupation["armed_forces"] == 0


def test_pool_counts_follow_the_filters(tree, make_user, pool):
    user = make_user(tree.province, "viewer")
    counts = pool_counts(pool_candidates(user=user, filters=PoolFilters(occupation="worker"), on=TODAY))
    assert counts.total == 2
    assert counts.by_category == {
        "woman": 0, "ethnic_minority": 0, "religious": 0, "youth_union": 1, "business_owner": 0,
    }  # fmt: skip
    assert counts.by_occupation["worker"] == 2
    empty = pool_counts(pool_candidates(user=make_user(tree.cell_village, "viewer"), filters=PoolFilters(), on=TODAY))
    assert empty.total == 0 and set(empty.by_category.values()) == {0}


def test_the_age_filter_on_the_birthday(tree, make_user):
    new_candidate(tree.cell_it, full_name="Mai Văn Sinh", birth_date=D(2008, 11, 22))
    user = make_user(tree.cell_it, "viewer")
    on = TODAY
    assert found(user, min_age=18) == ["Mai Văn Sinh"]
    assert found(user, max_age=17) == []
    yesterday = pool_candidates(user=user, filters=PoolFilters(min_age=18), on=on - datetime.timedelta(days=1))
    assert list(yesterday) == []


def test_the_age_filter_agrees_with_the_rules_for_29_february_births(tree, make_user):
    candidate = new_candidate(tree.cell_it, full_name="Mai Văn Nhuận", birth_date=D(2008, 2, 29))
    user = make_user(tree.cell_it, "viewer")
    on = D(2026, 2, 28)
    assert age_in_months(candidate.person.birth_date, on) == 18 * 12
    in_pool = lambda **f: list(pool_candidates(user=user, filters=PoolFilters(**f), on=on))  # noqa: E731
    assert in_pool(min_age=18) == [candidate]
    assert in_pool(max_age=17) == []


def test_months_in_pool_agree_with_the_rules_at_the_end_of_a_month(tree, make_user):
    candidate = new_candidate(tree.cell_it, entered_on=D(2026, 3, 31))
    user = make_user(tree.cell_it, "viewer")
    on = D(2026, 9, 30)
    assert age_in_months(candidate.entered_on, on) == 6
    assert list(pool_candidates(user=user, filters=PoolFilters(min_months_in_pool=6), on=on)) == [candidate]
