"""Results and certificates of a course as an attacker tries them: a cell secretary against the bloc's course."""

import pytest
from django.urls import reverse

from ptdv.admission.tests.conftest import D
from ptdv.audit.models import Event
from ptdv.training.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment(world):
    """Đào Thị Dũng of the IT cell passed the awareness course the bloc organised (world fixture)."""
    return Enrolment.objects.select_related("course").get(person=world["candidate"].person)


def result_post(client, enrolment, result="failed"):
    return client.post(reverse("training:result", args=[enrolment.pk]), {"result": result, "certificate_number": ""})


def test_a_cell_secretary_cannot_change_the_result_of_the_blocs_course(client, world, enrolment):
    client.force_login(world["secretary"])
    events = Event.objects.count()
    assert client.get(reverse("training:result", args=[enrolment.pk])).status_code == 403
    assert result_post(client, enrolment).status_code == 403
    enrolment.refresh_from_db()
    assert (enrolment.result, enrolment.certificate_date) == ("passed", D(2024, 3, 11))
    assert Event.objects.count() == events
    page = client.get(reverse("training:detail", args=[enrolment.course_id])).content.decode()
    assert reverse("training:result", args=[enrolment.pk]) not in page
    assert reverse("documents:certificate", args=[enrolment.pk, "docx"]) not in page


def test_a_cell_secretary_cannot_download_a_certificate_in_the_blocs_name(client, world, enrolment):
    client.force_login(world["secretary"])
    assert client.get(reverse("documents:certificate", args=[enrolment.pk, "docx"])).status_code == 403
    assert client.get(reverse("documents:certificate", args=[enrolment.pk, "pdf"])).status_code == 403
    assert client.get(reverse("documents:certificates", args=[enrolment.course_id])).status_code == 403
    assert not Event.objects.filter(action="documents.download_certificates").exists()


def test_the_grassroots_staff_between_them_cannot_either(client, world, enrolment, make_user):
    client.force_login(make_user(world["tree"].university, "staff", "admin"))
    assert result_post(client, enrolment).status_code == 403
    assert client.get(reverse("documents:certificate", args=[enrolment.pk, "docx"])).status_code == 403


def test_the_blocs_staff_records_the_result(client, world, enrolment, make_user):
    staff = make_user(world["tree"].bloc, "staff")
    client.force_login(staff)
    assert result_post(client, enrolment).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.result == "failed"
    assert Event.objects.filter(action="course.result").latest("pk").actor == staff


def test_a_sibling_sees_nothing(client, world, enrolment):
    client.force_login(world["sibling"])
    assert result_post(client, enrolment).status_code == 404
    assert client.get(reverse("documents:certificate", args=[enrolment.pk, "docx"])).status_code == 404


def test_an_organiser_code_of_another_organisation_gets_the_words_of_an_unknown_code(client, tree, make_user):
    client.force_login(make_user(tree.cement, "staff"))
    words = set()
    for code in ["P.B.U", "KHONG-CO"]:
        page = client.post(reverse("training:create"), {
            "kind": "awareness", "title": "Lớp", "organiser_code": code, "starts_on": "04/03/2026",
            "ends_on": "08/03/2026", "place": "",
        })  # fmt: skip
        words.add(str(page.context["form"].errors["organiser_code"]).replace(code, "…"))
    assert len(words) == 1
