"""The demo: its dossiers' resolutions and decisions are numbered by the register, and every form of the demo's
recognised member downloads filled from the dossier page."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from ptdv.accounts.models import User
from ptdv.admission.models import Dossier
from ptdv.documents import filling
from ptdv.documents.models import IssuedDocument

from .helpers import docx_text

pytestmark = pytest.mark.django_db


def test_every_form_of_a_demo_dossier_downloads_filled(client):
    call_command("demo", verbosity=0)
    dossier = Dossier.objects.get(stage="full_member")
    numbered = IssuedDocument.objects.filter(dossier=dossier)
    assert sorted(numbered.values_list("form", flat=True)) == sorted(
        ["6-KNĐ", "8-KNĐ", "9-KNĐ", "13-KNĐ", "15-KNĐ", "16-KNĐ"]
    )
    assert dossier.decision_number == numbered.get(form="9-KNĐ").code
    client.force_login(User.objects.get(username="quantri"))
    name = dossier.person.full_name.upper()
    for form in filling.FORMS:
        response = client.get(reverse("documents:dossier_form", args=[dossier.pk, filling.slug(form.code), "docx"]))
        assert response.status_code == 200, form.code
        assert name in docx_text(response.content), form.code
    text = docx_text(
        client.get(reverse("documents:dossier_form", args=[dossier.pk, filling.slug("9-KNĐ"), "docx"])).content
    )
    assert f"Số: {dossier.decision_number}" in text and "Bình Sơn, ngày" in text
    assert "BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI CƠ QUAN VÀ DOANH NGHIỆP TỈNH" in text and "ĐẢNG BỘ TỈNH BÌNH SƠN" in text
    register = client.get(reverse("documents:register")).content.decode()
    assert dossier.decision_number in register
