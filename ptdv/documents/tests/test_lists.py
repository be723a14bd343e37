"""The decisions of one day for many dossiers at once, and the awareness-course certificates (CN-NTVĐ), one by one
and for a whole class."""

import io
import zipfile

import pytest
from django.urls import reverse

from ptdv.admission.tests.conftest import D
from ptdv.audit.models import Event
from ptdv.training.models import Enrolment
from ptdv.training.services import course_create, course_enrol

from .helpers import docx_text

pytestmark = pytest.mark.django_db


def test_the_decisions_of_one_committee_on_one_date_download_as_one_zip(client, world, full_dossier):
    client.force_login(world["bloc"])
    url = reverse("documents:decisions")
    query = {"unit": world["tree"].bloc.pk, "day": "19/05/2025", "form": "9-KNĐ"}
    page = client.get(url, query).content.decode()
    assert "Đào Thị Dũng" in page and "215-QĐ/ĐU" in page
    assert "Đào Thị Dũng" not in client.get(url, {**query, "day": "20/05/2025"}).content.decode()
    response = client.get(url, {**query, "download": "1"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    [name] = archive.namelist()
    assert name == "215-QĐ-ĐU 9-KNĐ Đào Thị Dũng.docx"
    assert "Số: 215-QĐ/ĐU" in docx_text(archive.read(name))
    assert Event.objects.filter(action="documents.download", target_id=str(full_dossier.pk)).exists()
    recognition = client.get(url, {**query, "day": "01/07/2026", "form": "16-KNĐ", "download": "1"})
    archive = zipfile.ZipFile(io.BytesIO(recognition.content))
    assert "Số: 301-QĐ/ĐU" in docx_text(archive.read(archive.namelist()[0]))


def test_a_committee_outside_the_users_units_cannot_be_chosen(client, world, full_dossier):
    client.force_login(world["sibling"])
    query = {"unit": world["tree"].bloc.pk, "day": "19/05/2025", "form": "9-KNĐ", "download": "1"}
    response = client.get(reverse("documents:decisions"), query)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Đào Thị Dũng" not in response.content.decode()


def test_the_certificate_of_a_participant_and_of_the_whole_class(client, world):
    client.force_login(world["bloc"])
    enrolment = Enrolment.objects.get(person=world["candidate"].person)
    response = client.get(reverse("documents:certificate", args=[enrolment.pk, "docx"]))
    assert response.status_code == 200
    text = docx_text(response.content)
    for expected in ("GIẤY CHỨNG NHẬN", "ĐÀO THỊ DŨNG", "Số: 1/CN", "Lớp 1", "từ ngày 04/03/2024 đến ngày 08/03/2024",
                     "ngày 11 tháng 3 năm 2024", "Đạt"):  # fmt: skip
        assert expected in text, expected
    page = client.get(reverse("training:detail", args=[enrolment.course_id])).content.decode()
    assert reverse("documents:certificates", args=[enrolment.course_id]) in page
    response = client.get(reverse("documents:certificates", args=[enrolment.course_id]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == ["CN-NTVĐ 01 Đào Thị Dũng.docx"]
    assert Event.objects.filter(action="documents.download_certificates").count() == 2


def test_no_certificate_before_passing_nor_outside_the_users_units(client, world):
    enrolment = Enrolment.objects.get(person=world["candidate"].person)
    client.force_login(world["sibling"])
    assert client.get(reverse("documents:certificate", args=[enrolment.pk, "docx"])).status_code == 404
    course = course_create(
        actor=None, kind="awareness", title="Lớp 2", organiser=world["tree"].bloc, starts_on=D(2025, 3, 3),
        ends_on=D(2025, 3, 7),
    )  # fmt: skip
    pending = course_enrol(actor=None, course=course, persons=[world["intro1"]])[0]
    client.force_login(world["bloc"])
    assert client.get(reverse("documents:certificate", args=[pending.pk, "docx"])).status_code == 404
    assert client.get(reverse("documents:certificates", args=[course.pk])).status_code == 403
