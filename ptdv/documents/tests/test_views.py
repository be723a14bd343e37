"""Downloads: scoped like the dossier (404 outside the user's units), recorded as events (who read what), the
override folder used at once, a broken template explained in Vietnamese instead of a server error."""

import io
import shutil
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation

from ptdv.audit.models import Event
from ptdv.documents import filling
from ptdv.documents.build_templates import Builder

from .helpers import docx_text

pytestmark = pytest.mark.django_db


def form_url(dossier, code, file_format="docx"):
    return reverse("documents:dossier_form", args=[dossier.pk, filling.slug(code), file_format])


def test_every_form_downloads_from_the_dossier_page_and_each_download_is_recorded(client, world, full_dossier):
    client.force_login(world["viewer"])
    page = client.get(reverse("admission:detail", args=[full_dossier.pk])).content.decode()
    before = Event.objects.filter(action="documents.download").count()
    for form in filling.FORMS:
        url = form_url(full_dossier, form.code)
        assert url in page, form.code
        response = client.get(url)
        assert response.status_code == 200, form.code
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in response["Content-Disposition"]
        assert "ĐÀO THỊ DŨNG" in docx_text(response.content)
    events = Event.objects.filter(action="documents.download").order_by("pk")
    assert events.count() == before + len(filling.FORMS)
    last = events.last()
    assert last.actor == world["viewer"] and last.target_id == str(full_dossier.pk)
    assert last.after == {"forms": ["16-KNĐ"], "format": "docx"}


def test_the_whole_dossier_is_one_zip_of_every_form(client, world, full_dossier):
    client.force_login(world["secretary"])
    response = client.get(reverse("documents:dossier_zip", args=[full_dossier.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert len(names) == len(filling.FORMS)
    assert "9-KNĐ Đào Thị Dũng.docx" in names
    assert "Số: 215-QĐ/ĐU" in docx_text(archive.read("9-KNĐ Đào Thị Dũng.docx"))
    event = Event.objects.filter(action="documents.download").latest("pk")
    assert event.after["format"] == "zip/docx" and len(event.after["forms"]) == len(filling.FORMS)


def test_downloads_outside_the_users_units_are_404_and_not_recorded(client, world, full_dossier):
    client.force_login(world["sibling"])
    before = Event.objects.count()
    for url in (
        form_url(full_dossier, "9-KNĐ"),
        form_url(full_dossier, "9-KNĐ", "pdf"),
        reverse("documents:dossier_zip", args=[full_dossier.pk]),
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(world["viewer"])
    assert client.get(form_url(full_dossier, "14-KNĐ")).status_code == 404  # no such form
    assert client.get(form_url(full_dossier, "9-KNĐ", "odt")).status_code == 404
    assert Event.objects.count() == before


@pytest.fixture
def override_dir(settings, tmp_path):
    settings.PTDV_DOCUMENT_TEMPLATES_DIR = tmp_path
    return tmp_path


def test_a_template_put_in_the_override_folder_is_used_at_once(client, world, full_dossier, override_dir):
    client.force_login(world["viewer"])
    url = form_url(full_dossier, "9-KNĐ")
    assert "QUYẾT ĐỊNH" in docx_text(client.get(url).content)
    builder = Builder("9-KNĐ", "Mẫu riêng")
    builder.p("MẪU CỦA TỈNH: {{ p.NAME }} — {{ d.number }}")
    builder.document.save(override_dir / "9-KNĐ.docx")
    text = docx_text(client.get(url).content)
    assert "MẪU CỦA TỈNH: ĐÀO THỊ DŨNG — 215-QĐ/ĐU" in text
    (override_dir / "9-KNĐ.docx").unlink()  # removed: the shipped template again
    assert "Điều 1." in docx_text(client.get(url).content)


def test_a_broken_template_gives_a_clear_vietnamese_error_naming_the_file_and_field(
    client, world, full_dossier, override_dir
):
    client.force_login(world["viewer"])
    builder = Builder("6-KNĐ", "Mẫu hỏng")
    builder.p("Người vào Đảng: {{ p.ho_ten_sai }}")
    builder.document.save(override_dir / "6-KNĐ.docx")
    before = Event.objects.count()
    with translation.override("vi"):
        response = client.get(form_url(full_dossier, "6-KNĐ"), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 422
    text = response.content.decode()
    assert "6-KNĐ.docx" in text and "ho_ten_sai" in text
    assert "Mẫu" in text and "trường" in text  # in Vietnamese
    assert Event.objects.count() == before  # nothing was downloaded
    (override_dir / "6-KNĐ.docx").write_bytes(b"not a docx")
    response = client.get(form_url(full_dossier, "6-KNĐ"), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 422 and "6-KNĐ.docx" in response.content.decode()
    shutil.copy(filling_path("6-KNĐ"), override_dir / "6-KNĐ.docx")
    assert client.get(form_url(full_dossier, "6-KNĐ")).status_code == 200


def test_a_syntax_error_in_a_template_names_the_file(client, world, full_dossier, override_dir):
    client.force_login(world["viewer"])
    builder = Builder("8-KNĐ", "Mẫu hỏng")
    builder.p("{{ p.NAME ")
    builder.document.save(override_dir / "8-KNĐ.docx")
    response = client.get(form_url(full_dossier, "8-KNĐ"), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 422 and "8-KNĐ.docx" in response.content.decode()


def filling_path(code):
    from ptdv.documents.rendering import SHIPPED_DIR

    return SHIPPED_DIR / f"{code}.docx"
