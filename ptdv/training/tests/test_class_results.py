"""A whole class's results on one page (issue #19 item 7): through the training services and their rules, all or
nothing, the errors on their rows; and "enrol in a course" from a person's page."""

import pytest
from django.urls import reverse

from ptdv.admission.tests.conftest import D, member
from ptdv.audit.models import Event
from ptdv.people.services import candidate_enter, person_create
from ptdv.training.models import Enrolment
from ptdv.training.services import course_create, course_enrol

pytestmark = pytest.mark.django_db


def applicant(unit, citizen_id, name):
    person = person_create(
        actor=None, unit=unit, full_name=name, sex="male", birth_date=D(2000, 1, 1), citizen_id=citizen_id,
        occupation="worker", general_education="12/12",
    )  # fmt: skip
    candidate_enter(actor=None, person=person, unit=unit, entered_on=D(2024, 1, 1), source="other")
    return person


@pytest.fixture
def klass(tree):
    course = course_create(
        actor=None, kind="awareness", title="Lớp 2", organiser=tree.bloc, starts_on=D(2025, 5, 5), ends_on=D(2025, 5, 9)
    )
    persons = [applicant(tree.cell_it, f"0013000002{i:02d}", f"Trần Văn {n}") for i, n in enumerate("ABC")]
    enrolments = course_enrol(actor=None, course=course, persons=persons)
    return course, sorted(enrolments, key=lambda e: e.person.sort_name)


def post_data(rows):
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows)}
    for i, (enrolment, result, number, day) in enumerate(rows):
        data.update(
            {
                f"form-{i}-enrolment": enrolment.pk,
                f"form-{i}-result": result,
                f"form-{i}-certificate_number": number,
                f"form-{i}-certificate_date": day,
            }
        )
    return data


def test_the_organisers_staff_records_a_whole_class_at_once(client, tree, make_user, klass):
    course, (a, b, c) = klass
    staff = make_user(tree.bloc, "staff")
    client.force_login(staff)
    detail = client.get(reverse("training:detail", args=[course.pk])).content.decode()
    assert reverse("training:results", args=[course.pk]) in detail
    page = client.get(reverse("training:results", args=[course.pk])).content.decode()
    assert page.count('class="result-row') == 3
    response = client.post(
        reverse("training:results", args=[course.pk]),
        post_data([(a, "passed", "12/CN", "12/05/2025"), (b, "failed", "", ""), (c, "passed", "13/CN", "12/05/2025")]),
    )
    assert response.status_code == 302
    got = {e.person.full_name: (e.result, e.certificate_number) for e in Enrolment.objects.filter(course=course)}
    assert got == {"Trần Văn A": ("passed", "12/CN"), "Trần Văn B": ("failed", ""), "Trần Văn C": ("passed", "13/CN")}
    assert Event.objects.filter(action="course.result", actor=staff).count() == 3


def test_one_wrong_row_records_nothing_and_shows_every_rows_error(client, tree, make_user, klass):
    course, (a, b, c) = klass
    client.force_login(make_user(tree.bloc, "staff"))
    response = client.post(
        reverse("training:results", args=[course.pk]),
        post_data([(a, "passed", "12/CN", "12/05/2025"), (b, "passed", "", "12/05/2025"), (c, "passed", "", "")]),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Không ghi nhận gì" in page
    rows = page.split('class="result-row')[1:]
    assert "row-invalid" not in rows[0][:20]
    assert "Hãy nhập số giấy chứng nhận của học viên đạt." in rows[1]  # certificate_number_missing
    assert "Hãy nhập số giấy chứng nhận" in rows[2] and "Hãy nhập ngày cấp giấy chứng nhận" in rows[2]
    assert set(Enrolment.objects.filter(course=course).values_list("result", flat=True)) == {"enrolled"}
    assert not Event.objects.filter(action="course.result").exists()


def test_a_passed_result_needs_its_certificate_number_the_services_code(tree, make_user, klass):
    from django.core.exceptions import ValidationError

    from ptdv.training.services import ResultRow, RowErrors, enrolment_record_results

    course, (a, b, _c) = klass
    with pytest.raises(RowErrors) as refused:
        enrolment_record_results(
            actor=make_user(tree.bloc, "staff"),
            course=course,
            rows=[ResultRow(a, "passed", "1/CN", D(2025, 5, 12)), ResultRow(b, "passed", "", D(2025, 5, 12))],
        )
    assert list(refused.value.rows) == [1]
    error = refused.value.rows[1]
    assert isinstance(error, ValidationError)
    assert [e.code for e in error.error_dict["certificate_number"]] == ["certificate_number_missing"]
    assert Enrolment.objects.get(pk=a.pk).result == "enrolled"  # all or nothing


def test_a_cell_secretary_cannot_open_the_class_results(client, tree, make_user, klass):
    course, _rows = klass
    client.force_login(make_user(tree.cell_it, "cell_secretary"))
    assert client.get(reverse("training:results", args=[course.pk])).status_code == 403


def test_enrol_in_a_course_from_the_candidates_page(client, tree, make_user, klass):
    course, _rows = klass
    person = applicant(tree.cell_it, "001300000299", "Lê Thị Mai")
    other = course_create(
        actor=None, kind="awareness", title="Lớp ở khối khác", organiser=tree.cement,
        starts_on=D(2025, 5, 5), ends_on=D(2025, 5, 9),
    )  # fmt: skip
    secretary = make_user(tree.cell_it, "cell_secretary")
    client.force_login(secretary)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert reverse("training:enrol_person", args=[person.pk]) in page and "Cử đi học lớp bồi dưỡng" in page
    form = client.get(reverse("training:enrol_person", args=[person.pk])).content.decode()
    assert "Lớp 2" in form and "Lớp ở khối khác" not in form
    assert client.post(reverse("training:enrol_person", args=[person.pk]), {"course": other.pk}).status_code == 422
    response = client.post(reverse("training:enrol_person", args=[person.pk]), {"course": course.pk})
    assert response.status_code == 302
    assert Enrolment.objects.filter(course=course, person=person).exists()
    assert Event.objects.filter(action="course.enrol", actor=secretary).exists()
    assert (
        client.get(reverse("training:enrol_person", args=[member(tree.cell_kiln, "001080000099", "X").pk])).status_code
        == 404
    )
