"""The import pages: upload, preview with every problem, commit; templates; exports; who may do what."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ptdv.audit.models import Event
from ptdv.exchange.models import ImportJob
from ptdv.quotas.models import Quota
from ptdv.units.models import Unit

from .conftest import xlsx

pytestmark = pytest.mark.django_db

QUOTAS = [["Mã đơn vị", "Năm", "Chỉ tiêu"], ["P.B.U", 2026, 5], ["P.B.C", 2026, 3]]


def upload(client, kind, rows, name="chi-tieu.xlsx"):
    data = xlsx(rows).getvalue()
    return client.post(reverse("exchange:upload", args=[kind]), {"file": SimpleUploadedFile(name, data)}, follow=True)


@pytest.fixture
def staff(client, tree, make_user):
    user = make_user(tree.bloc, "staff")
    client.force_login(user)
    return user


def test_preview_then_commit(client, staff):
    response = upload(client, "quotas", QUOTAS)
    body = response.content.decode()
    assert "2 dòng: sẽ thêm mới 2, cập nhật 0, giữ nguyên 0." in body
    assert "dòng 2: P.B.U 2026: 5" in body
    assert not Quota.objects.exists()  # the preview writes nothing
    job = ImportJob.objects.get()
    assert job.status == "checked" and job.created_by == staff
    response = client.post(reverse("exchange:commit", args=[job.pk]), follow=True)
    assert "Đã nhập: thêm mới 2, cập nhật 0, giữ nguyên 0." in response.content.decode()
    assert Quota.objects.count() == 2
    assert Event.objects.filter(action="exchange.import", target_id=str(job.pk)).exists()
    job.refresh_from_db()
    assert job.status == "done" and job.stored_path == ""
    client.post(reverse("exchange:commit", args=[job.pk]))  # a second click changes nothing
    assert Quota.objects.count() == 2


def test_problems_listed_by_row_and_column_and_no_commit_button(client, staff):
    response = upload(client, "quotas", [QUOTAS[0], ["P.B.U", 2026, -1], ["NOPE", "x", 1]])
    body = response.content.decode()
    assert "Chỉ tiêu là số nguyên, từ 0 trở lên." in body
    assert "Hãy ghi một số nguyên, không ghi “x”." in body
    assert "Nhập các dòng này" not in body
    assert "Tải lên tệp đã sửa" in body
    job = ImportJob.objects.get()
    assert job.status == "failed"
    client.post(reverse("exchange:commit", args=[job.pk]))
    assert not Quota.objects.exists()


def test_bad_file_message(client, staff):
    response = client.post(
        reverse("exchange:upload", args=["units"]),
        {"file": SimpleUploadedFile("a.xlsx", b"this is not a workbook")},
        follow=True,
    )
    assert "Tệp không phải sổ tính Excel (.xlsx)" in response.content.decode()


def test_file_over_the_size_limit_refused_by_the_form(client, staff, settings):
    settings.PTDV_IMPORT_MAX_BYTES = 1000
    response = client.post(
        reverse("exchange:upload", args=["units"]), {"file": SimpleUploadedFile("a.xlsx", b"x" * 2000)}
    )
    assert "vượt giới hạn" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_scope_rows_outside_the_users_units(client, staff):
    rows = [["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Loại"], ["P.T.X.2", "Chi bộ 2", "P.T.X", "cell"]]
    body = upload(client, "units", rows).content.decode()
    assert "Không có đơn vị nào mã P.T.X trong các đơn vị đồng chí quản lý, cả trong tệp lẫn trong hệ thống." in body
    assert not Unit.objects.filter(code="P.T.X.2").exists()


def test_only_staff_and_admins(client, tree, make_user):
    client.force_login(make_user(tree.bloc, "cell_secretary"))
    assert client.get(reverse("exchange:index")).status_code == 403
    assert client.get(reverse("exchange:upload", args=["units"])).status_code == 403


def test_jobs_are_private(client, staff, tree, make_user):
    upload(client, "quotas", QUOTAS)
    job = ImportJob.objects.get()
    client.force_login(make_user(tree.bloc, "staff"))
    assert client.get(reverse("exchange:job", args=[job.pk])).status_code == 404
    assert client.post(reverse("exchange:commit", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("kind", ["units", "people", "members", "quotas"])
def test_template_has_headers_example_and_accepted_values(client, staff, kind):
    response = client.get(reverse("exchange:template", args=[kind]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet, values = workbook.worksheets
    from ptdv.exchange.formats import FORMATS

    assert [c.value for c in sheet[1]] == [column.header for column in FORMATS[kind]]
    assert sheet.max_row == 2
    listed = {row[0] for row in values.iter_rows(min_row=2, values_only=True)}
    assert listed == {column.header for column in FORMATS[kind]}
    if kind == "people":
        assert ("Nghề nghiệp", "occupation", "Có", "Sinh viên", "university_student") in set(
            values.iter_rows(values_only=True)
        )


def test_example_rows_of_the_templates_import(tree, write_xlsx):
    """The example a template shows is itself a valid row (on the test tree)."""
    from ptdv.exchange.export import EXAMPLES, headers
    from ptdv.exchange.services import import_file

    for kind in ["quotas", "units", "people", "members"]:
        result = import_file(actor=None, kind=kind, file=xlsx([headers(kind), *EXAMPLES[kind]]), dry_run=True)
        assert result.ok, (kind, result.error_lines())


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection when it ends
def test_background_task_with_progress(client, staff, settings, django_capture_on_commit_callbacks):
    """A file above the background threshold is checked by a task in django-tasks-db's queue; the page shows a
    progress bar and polls; `ptdv db_worker` runs the task; the page then shows the preview."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.PTDV_IMPORT_BACKGROUND_ROWS = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "quotas", QUOTAS)
    job = ImportJob.objects.get()
    assert job.status == "checking" and job.rows_total == 0  # nothing of the sheet is read in the request
    body = response.content.decode()
    assert "<progress" in body and "Đồng chí có thể rời trang này" in body
    assert "Đang chờ tiến trình chạy nền" in body  # its task waits in the queue
    assert DBTaskResult.objects.count() == 1 and job.task_id == str(DBTaskResult.objects.get().id)
    partial = client.get(reverse("exchange:job", args=[job.pk]) + "?partial=1", headers={"HX-Request": "true"})
    assert "<progress" in partial.content.decode() and "HX-Refresh" not in partial

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == "checked"
    partial = client.get(reverse("exchange:job", args=[job.pk]) + "?partial=1", headers={"HX-Request": "true"})
    assert partial["HX-Refresh"] == "true"
    assert "sẽ thêm mới 2" in client.get(reverse("exchange:job", args=[job.pk])).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exchange:commit", args=[job.pk]))
    assert ImportJob.objects.get().status == "importing" and not Quota.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert ImportJob.objects.get().status == "done" and Quota.objects.count() == 2
