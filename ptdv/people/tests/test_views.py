"""People, pool and course pages: scoped like units (404 outside, 403 without the role), bad input writes nothing."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ptdv.audit.models import Event
from ptdv.membership.services import membership_record
from ptdv.people.models import Candidate, HelperAssignment, Person
from ptdv.people.services import candidate_enter, helper_assign, person_create
from ptdv.training.services import course_create, course_enrol

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def new_person(unit, citizen_id, name="Đào Thị Dũng", **extra):
    fields = dict(
        full_name=name,
        sex="female",
        birth_date=datetime.date(2000, 5, 17),
        citizen_id=citizen_id,
        occupation="public_employee",
        general_education="12/12",
    )
    fields.update(extra)
    return person_create(actor=None, unit=unit, **fields)


@pytest.fixture
def pool(tree):
    """A candidate in the IT cell with a helper, and a course of the bloc with the candidate enrolled."""
    helper = new_person(
        tree.cell_it, "001080000001", "Nguyễn Văn Hùng", sex="male", birth_date=datetime.date(1980, 1, 2)
    )
    membership_record(
        actor=None,
        person=helper,
        unit=tree.cell_it,
        status="full",
        decision_date=datetime.date(2005, 1, 1),
        full_member_date=datetime.date(2006, 1, 1),
    )
    person = new_person(tree.cell_it, "001300000002")
    candidate = candidate_enter(actor=None, person=person, unit=tree.cell_it, entered_on=TODAY, source="youth_union")
    assignment = helper_assign(actor=None, candidate=candidate, helper=helper, assigned_on=TODAY)
    course = course_create(
        actor=None,
        kind="awareness",
        title="Lớp khóa 1",
        organiser=tree.bloc,
        starts_on=datetime.date(2026, 3, 2),
        ends_on=datetime.date(2026, 3, 6),
    )
    enrolment = course_enrol(actor=None, course=course, persons=[person])[0]
    return {
        "person": person,
        "candidate": candidate,
        "assignment": assignment,
        "course": course,
        "enrolment": enrolment,
    }


def object_urls(pool):
    person, candidate, course = pool["person"], pool["candidate"], pool["course"]
    return {
        "get": [
            reverse("people:detail", args=[person.pk]),
            reverse("people:edit", args=[person.pk]),
            reverse("people:pool_enter", args=[person.pk]),
            reverse("people:helper_add", args=[candidate.pk]),
            reverse("people:note_add", args=[candidate.pk]),
            reverse("people:leave", args=[candidate.pk]),
            reverse("people:exception", args=[candidate.pk]),
            reverse("training:result", args=[pool["enrolment"].pk]),
        ],
        "post": [
            reverse("people:helper_end", args=[pool["assignment"].pk]),
            reverse("people:note_add", args=[candidate.pk]),
            reverse("people:leave", args=[candidate.pk]),
            reverse("training:result", args=[pool["enrolment"].pk]),
        ],
        "course": reverse("training:detail", args=[course.pk]),
    }


def test_a_sibling_unit_user_can_neither_see_nor_find_the_persons(client, tree, make_user, pool):
    client.force_login(make_user(tree.cement, "staff", "cell_secretary"))
    urls = object_urls(pool)
    for url in urls["get"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Đào Thị Dũng" not in response.content.decode()
    events = Event.objects.count()
    for url in urls["post"]:
        assert (
            client.post(
                url,
                {
                    "ended_on": "01/01/2026",
                    "written_on": "01/01/2026",
                    "text": "x",
                    "left_on": "01/01/2026",
                    "leave_reason": "other",
                    "result": "failed",
                },
            ).status_code
            == 404
        ), url
    assert Event.objects.count() == events
    for query in ["dung", "Đào", "001300000002", "dao thi"]:
        assert "Đào Thị Dũng" not in search(client, query), query
    assert "Đào Thị Dũng" not in client.get(reverse("people:pool")).content.decode()
    # Another organisation's unit code is answered as an unknown code is: nothing tells that it exists.
    elsewhere = client.get(reverse("people:pool"), {"unit_code": "P.B.U"})
    unknown = client.get(reverse("people:pool"), {"unit_code": "P.B.Z"})
    assert elsewhere.status_code == unknown.status_code
    assert "Không có đơn vị nào mang mã P.B.U trong các đơn vị của đồng chí" in elsewhere.content.decode()
    assert "Không có đơn vị nào mang mã P.B.Z trong các đơn vị của đồng chí" in unknown.content.decode()
    assert "Đào Thị Dũng" not in elsewhere.content.decode()
    course_page = client.get(urls["course"])  # the bloc's course is open to the cement below it, its people are not
    assert course_page.status_code == 200 and "Đào Thị Dũng" not in course_page.content.decode()


def test_a_viewer_reads_but_cannot_change(client, tree, make_user, pool):
    client.force_login(make_user(tree.university, "viewer", "committee"))
    urls = object_urls(pool)
    assert client.get(urls["get"][0]).status_code == 200
    for url in urls["get"][1:]:
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("people:create")).status_code == 403
    response = client.post(urls["course"], {"candidates": [pool["candidate"].pk]})
    assert response.status_code == 403


def test_search_ignores_case_and_diacritics_within_scope(client, tree, make_user, pool):
    client.force_login(make_user(tree.university, "cell_secretary"))
    for query in ["dung", "DUNG", "Đào", "dao", "dao thi dung", "0013000"]:
        assert "Đào Thị Dũng" in search(client, query), query
    assert "Đào Thị Dũng" not in search(client, "hung")
    assert "Đào Thị Dũng" in client.get(reverse("people:list"), {"q": "dao thi"}).content.decode()  # a name by URL


def search(client, query: str) -> str:
    """The search box as the page sends it: POSTed, then the redirect to the search's key."""
    response = client.post(reverse("people:list"), {"q": query})
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_a_citizen_id_never_goes_into_a_url(client, tree, make_user, pool):
    user = make_user(tree.university, "cell_secretary")
    client.force_login(user)
    response = client.post(reverse("people:list"), {"q": "001300000002"})
    location = response["Location"]
    assert response.status_code == 302 and not any(c.isdigit() for c in location)
    page = client.get(location)
    assert "Đào Thị Dũng" in page.content.decode() and 'value="001300000002"' in page.content.decode()
    # typed into the address bar, a number is not searched, and the page says where to type it
    typed = client.get(reverse("people:list"), {"q": "001300000002"}).content.decode()
    assert "Đào Thị Dũng" not in typed
    assert "ô tìm kiếm" in typed
    # the key is worth nothing in another session (a link copied from a log or a history)
    other = Client()
    other.force_login(user)
    stolen = other.get(location).content.decode()
    assert "Đào Thị Dũng" not in stolen and "hết hạn" in stolen


def test_adding_a_person_with_bad_input_writes_nothing(client, tree, make_user, pool):
    client.force_login(make_user(tree.cell_it, "cell_secretary"))
    data = {
        "unit_code": "P.B.U.1",
        "full_name": "Lê Văn Nam",
        "sex": "male",
        "birth_date": "01/02/2001",
        "ethnicity": "Kinh",
        "religion": "Không",
        "citizen_id": "00120100000",
        "occupation": "worker",
        "general_education": "12/12",
    }
    persons, events = Person.objects.count(), Event.objects.count()
    cases = {
        "00120100000": "có 11 chữ số",
        "00120100000A": "chỉ gồm chữ số",
        "001300000002": "Đã có người mang số CCCD 001300000002",
    }
    for citizen_id, message in cases.items():
        response = client.post(reverse("people:create"), {**data, "citizen_id": citizen_id})
        assert response.status_code == 422
        assert message in response.content.decode(), citizen_id
    future = (TODAY + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(reverse("people:create"), {**data, "citizen_id": "001201000001", "birth_date": future})
    assert response.status_code == 422 and "ở tương lai" in response.content.decode()
    response = client.post(reverse("people:create"), {**data, "citizen_id": "001201000001", "unit_code": "P.B.C.1"})
    assert response.status_code == 422  # a unit outside the secretary's cell
    assert (Person.objects.count(), Event.objects.count()) == (persons, events)
    response = client.post(reverse("people:create"), {**data, "citizen_id": "001 201 000 001"})
    assert response.status_code == 302, response.context["form"].errors
    assert Person.objects.get(citizen_id="001201000001").full_name == "Lê Văn Nam"


def test_a_probationary_or_foreign_helper_is_refused(client, tree, make_user, pool):
    probationer = new_person(tree.cell_econ, "001290000003", "Trần Văn Bình", sex="male")
    membership_record(
        actor=None,
        person=probationer,
        unit=tree.cell_econ,
        status="probationary",
        decision_date=datetime.date(2026, 6, 1),
    )
    foreign = new_person(tree.cell_kiln, "001290000004", "Phạm Văn Cường", sex="male")
    membership_record(
        actor=None,
        person=foreign,
        unit=tree.cell_kiln,
        status="full",
        decision_date=datetime.date(2010, 6, 1),
        full_member_date=datetime.date(2011, 6, 1),
    )
    client.force_login(make_user(tree.bloc, "staff"))
    url = reverse("people:helper_add", args=[pool["candidate"].pk])
    choices = client.get(url).context["form"].fields["helper"].queryset
    assert probationer not in choices and foreign not in choices  # the list offers full members only
    for helper in (probationer, foreign):
        response = client.post(url, {"helper": helper.pk, "assigned_on": TODAY.strftime("%d/%m/%Y")})
        assert response.status_code == 422
    assert HelperAssignment.objects.count() == 1


def test_pool_list_filters_counts_and_exports(client, tree, make_user, pool):
    other = new_person(
        tree.cell_econ,
        "001990000005",
        "Hoàng Văn Long",
        sex="male",
        birth_date=datetime.date(1999, 1, 1),
        occupation="worker",
        youth_union=False,
    )
    candidate_enter(actor=None, person=other, unit=tree.cell_econ, entered_on=TODAY, source="cell")
    client.force_login(make_user(tree.university, "viewer"))
    response = client.get(reverse("people:pool"))
    assert response.context["counts"].total == 2
    assert response.context["counts"].by_category["woman"] == 1
    assert response.context["counts"].by_occupation["worker"] == 1
    page = response.content.decode()
    assert "chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng" in page
    filtered = client.get(reverse("people:pool"), {"occupation": "worker"})
    assert [c.person.full_name for c in filtered.context["page"]] == ["Hoàng Văn Long"]
    filtered = client.get(reverse("people:pool"), {"unit_code": "P.B.U.1"})
    assert [c.person.full_name for c in filtered.context["page"]] == ["Đào Thị Dũng"]
    export = client.get(reverse("people:pool"), {"format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    rows = list(load_workbook(io.BytesIO(export.content), read_only=True).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD")
    by_id = {row[3]: row for row in rows[1:]}
    assert by_id["001300000002"][0] == "Đào Thị Dũng" and by_id["001300000002"][2] == "Nữ"
    assert by_id["001300000002"][12] == "001080000001"  # the helper's citizen ID
    assert by_id["001990000005"][10] == "P.B.U.2"


def test_leaving_the_pool_keeps_history(client, tree, make_user, pool):
    client.force_login(make_user(tree.cell_it, "cell_secretary"))
    response = client.post(
        reverse("people:leave", args=[pool["candidate"].pk]),
        {"left_on": TODAY.strftime("%d/%m/%Y"), "leave_reason": "moved", "leave_note": "Chuyển công tác"},
    )
    assert response.status_code == 302
    candidate = Candidate.objects.get(pk=pool["candidate"].pk)
    assert candidate.left_on == TODAY and candidate.leave_reason == "moved"
    assert HelperAssignment.objects.get().ended_on == TODAY
    page = client.get(reverse("people:detail", args=[pool["person"].pk])).content.decode()
    assert "Chuyển nơi ở, nơi công tác" in page


def test_certificate_dated_before_its_course_is_refused(client, tree, make_user, pool):
    client.force_login(make_user(tree.bloc, "staff"))  # the bloc organises the course
    url = reverse("training:result", args=[pool["enrolment"].pk])
    response = client.post(url, {"result": "passed", "certificate_number": "12/CN", "certificate_date": "01/03/2026"})
    assert response.status_code == 422
    assert "trước ngày bế giảng (06/03/2026)" in response.content.decode()
    pool["enrolment"].refresh_from_db()
    assert pool["enrolment"].certificate_date is None and pool["enrolment"].result == "enrolled"


@pytest.mark.parametrize("months", ["1200", "1201", "2147483647", "9" * 20, "-1", "a\x00"])
def test_the_pools_months_filter_never_gives_a_server_error(client, tree, make_user, months):
    client.force_login(make_user(tree.province, "viewer"))
    response = client.get(reverse("people:pool"), {"min_months": months})
    assert response.status_code in (200, 400, 422)


def test_every_error_of_the_person_form_shows_at_once(client, tree, make_user, pool):
    """Issue #19 item 9: a date that is not a date and a citizen ID that is too short, both in the first answer."""
    client.force_login(make_user(tree.cell_it, "cell_secretary"))
    data = {
        "unit_code": "P.B.U.1", "full_name": "Lê Văn Nam", "sex": "male", "birth_date": "31/02/2001",
        "ethnicity": "Kinh", "religion": "Không", "citizen_id": "00120100000", "occupation": "worker",
        "general_education": "12/12",
    }  # fmt: skip
    response = client.post(reverse("people:create"), data)
    page = response.content.decode()
    assert response.status_code == 422
    assert "Không có ngày 31/02/2001" in page and "có 11 chữ số" in page
    assert set(response.context["form"].errors) >= {"birth_date", "citizen_id"}
