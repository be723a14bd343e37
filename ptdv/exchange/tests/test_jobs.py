"""Stuck, racing and leftover work: a killed worker's import is reaped to "failed" with its file deleted; progress is
visible from another process while the import's transaction is open; one import of a kind at a time per unit (the
second told so, never a 500 nor a stuck job); a unique constraint broken by a concurrent import is the file's one
message; abandoned uploads are deleted; files are private; the upload request parses no row."""

import datetime
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, get_commands
from django.db import IntegrityError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ptdv.exchange import jobs
from ptdv.exchange.locks import import_lock
from ptdv.exchange.models import ImportJob, ImportStatus, ImportStop
from ptdv.people.models import Person

from .conftest import xlsx
from .test_bad_files import raw_xlsx
from .test_imports import PEOPLE_HEADER

ROOT = Path(__file__).resolve().parents[3]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def people(count: int, cell: str = "P.B.U.1", first: int = 0) -> list[list]:
    rows = [PEOPLE_HEADER]
    for number in range(first, first + count):
        rows.append(
            [f"Nguyễn Văn {number}", "17/05/2001", "Nam", f"{1_000_000_000 + number:012d}", "Kinh", "Không",
             "Sinh viên", "12/12", "Có", "Không", cell, "2026-01-15", ""]
        )  # fmt: skip
    return rows


def upload(client, kind, data: bytes, name="nguon.xlsx"):
    return client.post(reverse("exchange:upload", args=[kind]), {"file": SimpleUploadedFile(name, data)}, follow=True)


def page(client, job) -> str:
    response = client.get(reverse("exchange:job", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def staff(tree, make_user):
    return make_user(tree.university, "staff", username="tochuc")


@pytest.fixture
def logged_in(staff):
    client = Client()
    client.force_login(staff)
    return client


def checked_job(client, rows) -> ImportJob:
    upload(client, "people", xlsx(rows).getvalue())
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportStatus.CHECKED, job.result
    return job


def wait_for(condition, what: str, seconds: float = 60, process=None):
    deadline = time.monotonic() + seconds
    while not condition():
        if process is not None and process.poll() is not None:
            pytest.fail(f"the worker ended before {what}: {process.stderr.read()}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def imported() -> int:
    return Person.objects.filter(citizen_id__startswith="001000").count()


# ---------------------------------------------------------------- the upload request


@pytest.mark.django_db
def test_the_upload_request_parses_no_row(logged_in, settings, monkeypatch, django_capture_on_commit_callbacks):
    """A large sheet (here without a declared size) is neither counted nor checked in the request: the request keeps
    it and queues its check; a small one is checked at once."""

    def parsed(*args, **kwargs):
        raise AssertionError("the sheet was parsed in the web request")

    settings.TASKS = DATABASE_TASKS
    monkeypatch.setattr("ptdv.exchange.services.open_sheet", parsed)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(logged_in, "quotas", raw_xlsx(30_000, dimension=False).getvalue())
    assert response.status_code == 200
    job = ImportJob.objects.get()
    assert (job.status, job.rows_total) == (ImportStatus.CHECKING, 0) and job.task_id

    not_a_workbook = upload(logged_in, "quotas", b"Ma don vi;Nam;Chi tieu\n")
    assert "Tệp không phải sổ tính Excel (.xlsx)" in not_a_workbook.content.decode()  # told at once, cheaply
    refused = ImportJob.objects.latest("pk")
    assert refused.status == ImportStatus.FAILED and refused.stored_path == ""
    assert sorted(p.name for p in Path(settings.PTDV_IMPORT_DIR).iterdir()) == [Path(job.stored_path).name]


def test_a_small_file_is_judged_small_without_reading_it(tmp_path, settings):
    small, large = tmp_path / "small.xlsx", tmp_path / "large.xlsx"
    small.write_bytes(xlsx(people(20)).getvalue())
    large.write_bytes(raw_xlsx(5_000, dimension=True).getvalue())
    assert not jobs.looks_large(small) and jobs.looks_large(large)
    (tmp_path / "damaged.xlsx").write_bytes(b"PK\x03\x04 damaged")
    assert not jobs.looks_large(tmp_path / "damaged.xlsx")  # checked at once, which says what is wrong


# ---------------------------------------------------------------- a killed worker


WORKER = """
import sys, time, django
django.setup()
from django.core.management import call_command
from ptdv.exchange import jobs
from ptdv.exchange.locks import import_lock
write = jobs._progress_write
def write_then_hang(path, done, total):
    write(path, done, total)
    if done >= 2000:
        time.sleep(300)  # killed here: in the middle of the import's transaction
jobs._progress_write = write_then_hang
call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
"""


def test_a_killed_worker_leaves_nothing_and_its_job_is_reaped(
    database_on_disk, logged_in, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    job = checked_job(logged_in, people(2100))
    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(reverse("exchange:commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTING and job.task_id
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ptdv.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_on_disk,
        "PTDV_IMPORT_DIR": str(settings.PTDV_IMPORT_DIR),
        "PTDV_VAR_DIR": str(tmp_path / "var"),
        "PTDV_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "SECRET_KEY": "x" * 50,
    }
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", WORKER], env=environment, cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for(lambda: jobs.job_progress(job)[0] >= 2000, "the first 2,000 rows", process=worker)
        # another process sees the progress while the import's transaction is open (and, on SQLite, its lock held)
        assert "2.000/2.100 dòng" in page(logged_in, job)
        assert imported() == 0
    finally:
        worker.kill()
        worker.wait()
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTING  # as the worker left it: without the reaper, "Đang nhập…" forever
    assert "Đang nhập…" in page(logged_in, job)  # its heartbeat is fresh: not taken for dead yet
    assert imported() == 0  # all or nothing: the killed transaction wrote nothing

    later = timezone.now() + datetime.timedelta(minutes=settings.PTDV_IMPORT_STALE_MINUTES + 1)
    assert jobs.jobs_reap(now=later) == 1
    job.refresh_from_db()
    assert (job.status, job.stop_reason, job.stored_path) == (ImportStatus.FAILED, ImportStop.STALLED, "")
    assert list(Path(settings.PTDV_IMPORT_DIR).glob("*.xlsx")) == []
    assert list(Path(settings.PTDV_IMPORT_DIR).glob("*.progress")) == []
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    body = page(logged_in, job)
    assert "Việc xử lý tệp này đã dừng giữa chừng" in body and "Tải tệp lên lại" in body

    def lock_free():  # the dead worker's lock went with it (PostgreSQL's session, the kernel's flock)
        with import_lock(kind="people", unit_id=job.created_by.unit_id) as held:
            return held

    wait_for(lock_free, "the killed worker's lock to be released", seconds=10)


# ---------------------------------------------------------------- two imports at once


def test_two_imports_of_the_same_file_at_once(database_on_disk, logged_in, settings, monkeypatch):
    """Threads with their own connections: the first import holds its lock (and its transaction) while the second
    is asked for. PostgreSQL: the second is refused at once, back to "checked" with a clear message. SQLite (one
    writer): the second request gets the busy page (503), and its job stays "checked". Never a 500, never a job
    left running; the second import afterwards changes nothing."""
    settings.PTDV_IMPORT_BACKGROUND_ROWS = 10_000  # both imported in the request's thread
    first, second = checked_job(logged_in, people(2100)), checked_job(logged_in, people(2100))
    reached, release = threading.Event(), threading.Event()
    write = jobs._progress_write

    def write_then_wait(path, done, total):
        write(path, done, total)
        if done >= 2000 and threading.current_thread().name == "first":
            reached.set()
            release.wait(60)

    monkeypatch.setattr(jobs, "_progress_write", write_then_wait)
    other = Client()  # the same user in another tab
    other.force_login(first.created_by)
    outcome = {}

    def run_first():
        try:
            outcome["first"] = logged_in.post(reverse("exchange:commit", args=[first.pk])).status_code
        finally:
            connection.close()

    thread = threading.Thread(target=run_first, name="first")
    thread.start()
    try:
        assert reached.wait(60)
        answer = other.post(reverse("exchange:commit", args=[second.pk]), follow=True)
        second.refresh_from_db()
        if connection.vendor == "postgresql":
            assert answer.status_code == 200
            assert "nên các dòng này chưa được nhập" in answer.content.decode()
            assert (second.status, second.stop_reason) == (ImportStatus.CHECKED, ImportStop.BUSY)
        else:
            assert answer.status_code == 503 and "Hệ thống đang bận" in answer.content.decode()
            assert second.status == ImportStatus.CHECKED
        assert imported() == 0
    finally:
        release.set()
        thread.join(60)
    assert outcome["first"] == 302
    first.refresh_from_db()
    assert first.status == ImportStatus.DONE and first.result["created"] == 2100 and imported() == 2100

    body = logged_in.post(reverse("exchange:commit", args=[second.pk]), follow=True).content.decode()
    second.refresh_from_db()
    assert second.status == ImportStatus.DONE and second.result["unchanged"] == 2100
    assert "Đã nhập: thêm mới 0, cập nhật 0, giữ nguyên 2.100." in body
    assert not ImportJob.objects.filter(status__in=[ImportStatus.CHECKING, ImportStatus.IMPORTING]).exists()


@pytest.mark.django_db(transaction=True)
def test_imports_from_two_units_racing_on_the_same_person(tree, make_user, monkeypatch):
    """Two units' imports (two different locks) create the same citizen ID at once: PostgreSQL makes the second
    wait on the unique index, then refuses it; the file gets one clear message, no 500, nothing of it written."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: the second import waits for the first and then finds the person")
    from ptdv.exchange import services

    university, cement = make_user(tree.university, "staff"), make_user(tree.cement, "staff")
    clients = {}
    found = {}
    for name, user, cell in [("university", university, "P.B.U.1"), ("cement", cement, "P.B.C.1")]:
        clients[name] = Client()
        clients[name].force_login(user)
        found[name] = checked_job(clients[name], people(3, cell=cell))
    reached, release = threading.Event(), threading.Event()
    summary = services._record_summary

    def summary_then_wait(**kwargs):
        summary(**kwargs)
        if threading.current_thread().name == "university":
            reached.set()
            release.wait(60)

    monkeypatch.setattr(services, "_record_summary", summary_then_wait)

    def commit(name):
        try:
            clients[name].post(reverse("exchange:commit", args=[found[name].pk]))
        finally:
            connection.close()

    first = threading.Thread(target=commit, args=["university"], name="university")
    first.start()
    assert reached.wait(60)
    second = threading.Thread(target=commit, args=["cement"], name="cement")
    second.start()

    def waiting_on_a_lock():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            return cursor.fetchone()[0] > 0

    try:
        wait_for(waiting_on_a_lock, "the second import to wait on the first's rows")
    finally:
        release.set()
        first.join(60)
        second.join(60)
    winner, loser = (ImportJob.objects.get(pk=found[name].pk) for name in ["university", "cement"])
    assert winner.status == ImportStatus.DONE
    assert loser.status == ImportStatus.FAILED and loser.stored_path == ""
    assert "người khác đã lưu một số bản ghi trùng" in loser.result["file_error"]
    assert set(Person.objects.values_list("unit__code", flat=True)) == {"P.B.U.1"}
    assert "người khác đã lưu một số bản ghi trùng" in page(clients["cement"], loser)


@pytest.mark.django_db
def test_an_integrity_error_is_the_files_message_not_a_500(logged_in, monkeypatch, settings):
    from ptdv.exchange.importing.people import PersonImporter

    job = checked_job(logged_in, people(3))

    def clash(self, plan):
        raise IntegrityError("duplicate key value violates unique constraint (citizen_id)=(001000000000)")

    monkeypatch.setattr(PersonImporter, "write", clash)
    response = logged_in.post(reverse("exchange:commit", args=[job.pk]), follow=True)
    assert response.status_code == 200
    assert "Chưa ghi dữ liệu nào của tệp" in response.content.decode()
    assert "001000000000" not in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and imported() == 0
    assert list(Path(settings.PTDV_IMPORT_DIR).glob("*.xlsx")) == []


# ---------------------------------------------------------------- the reaper


def _running(job: ImportJob, *, minutes_ago: int, status=ImportStatus.IMPORTING, task_id="") -> ImportJob:
    then = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    ImportJob.objects.filter(pk=job.pk).update(status=status, heartbeat_at=then, task_id=task_id)
    progress = jobs.progress_path(job)
    jobs._progress_write(progress, 2000, 2500)
    os.utime(progress, (then.timestamp(), then.timestamp()))
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_the_page_ends_a_job_that_stopped_moving(logged_in, settings):
    job = _running(checked_job(logged_in, people(3)), minutes_ago=settings.PTDV_IMPORT_STALE_MINUTES - 1)
    assert "Đang nhập…" in page(logged_in, job)  # still within the limit: left alone
    job = _running(job, minutes_ago=settings.PTDV_IMPORT_STALE_MINUTES + 1)
    stored = Path(job.stored_path)
    body = page(logged_in, job)
    assert "Việc xử lý tệp này đã dừng giữa chừng" in body and "Đang nhập…" not in body
    job.refresh_from_db()
    assert (job.status, job.stop_reason) == (ImportStatus.FAILED, ImportStop.STALLED)
    assert not stored.exists() and not stored.with_suffix(".progress").exists()
    other = _running(checked_job(logged_in, people(3)), minutes_ago=60, status=ImportStatus.CHECKING)
    logged_in.get(reverse("exchange:index"))  # the list of one's imports ends them too
    other.refresh_from_db()
    assert other.status == ImportStatus.FAILED


@pytest.mark.django_db
def test_a_queued_job_waits_but_one_whose_task_ended_is_ended(logged_in, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    from ptdv.exchange.tasks import commit_import

    job = checked_job(logged_in, people(3))
    queued = commit_import.enqueue(job.pk)
    job = _running(job, minutes_ago=120, task_id=str(queued.id))
    assert "Đang chờ tiến trình chạy nền" in page(logged_in, job)  # behind other work: not dead
    assert not jobs.job_reap(job)
    DBTaskResult.objects.filter(id=queued.id).update(status="SUCCESSFUL")
    job = _running(job, minutes_ago=0, task_id=str(queued.id))
    assert jobs.job_reap(job)  # its task has ended without ending it: no need to wait
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED


@pytest.mark.django_db
def test_a_job_reaped_while_it_ran_writes_nothing(logged_in, monkeypatch):
    """The reaper and a slow import that was in fact alive: whichever ends the job first wins, and the data agree
    with the job (here the reaper: the import rolls back at its last step)."""
    settings_rows = people(3)
    job = checked_job(logged_in, settings_rows)
    write = jobs._progress_write

    def reaped_meanwhile(path, done, total):
        write(path, done, total)
        jobs._stop(ImportJob.objects.get(pk=job.pk), reason=ImportStop.STALLED)

    monkeypatch.setattr(jobs, "_progress_write", reaped_meanwhile)
    logged_in.post(reverse("exchange:commit", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.stop_reason) == (ImportStatus.FAILED, ImportStop.STALLED)
    assert imported() == 0


@pytest.mark.django_db
def test_abandoned_previews_and_leftover_files_are_deleted(logged_in, settings):
    job = checked_job(logged_in, people(3))
    stored = Path(job.stored_path)
    folder = Path(settings.PTDV_IMPORT_DIR)
    old = (timezone.now() - datetime.timedelta(hours=settings.PTDV_IMPORT_KEEP_HOURS + 1)).timestamp()
    leftover, fresh = folder / "0123abcd.xlsx", folder / "4567ef.xlsx"
    leftover.write_bytes(b"x")
    fresh.write_bytes(b"x")
    os.utime(leftover, (old, old))
    os.utime(stored, (old, old))  # a file's age alone does not end a job: its job's does
    assert jobs.jobs_reap() == 0 and stored.exists() and not leftover.exists() and fresh.exists()

    ImportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(hours=settings.PTDV_IMPORT_KEEP_HOURS + 1)
    )
    assert jobs.jobs_reap() == 1
    job.refresh_from_db()
    assert (job.status, job.stop_reason) == (ImportStatus.FAILED, ImportStop.EXPIRED) and not stored.exists()
    assert "không được nhập trong vòng 6 giờ nên đã bị xoá" in page(logged_in, job)
    assert logged_in.post(reverse("exchange:commit", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED  # nothing left to import


@pytest.mark.django_db(transaction=True)
def test_the_worker_is_ours_and_reaps_when_it_starts(tree, make_user, settings):
    assert get_commands()["db_worker"] == "ptdv.exchange"
    settings.TASKS = DATABASE_TASKS
    client = Client()
    client.force_login(make_user(tree.university, "staff"))
    job = _running(checked_job(client, people(3)), minutes_ago=settings.PTDV_IMPORT_STALE_MINUTES + 1)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.stop_reason) == (ImportStatus.FAILED, ImportStop.STALLED)


# ---------------------------------------------------------------- private files


@pytest.mark.django_db
def test_uploads_and_progress_are_private(logged_in, settings, tmp_path):
    settings.PTDV_IMPORT_DIR = tmp_path / "fresh" / "imports"
    job = checked_job(logged_in, people(3))
    assert stat.S_IMODE(Path(job.stored_path).stat().st_mode) == 0o600
    assert stat.S_IMODE(settings.PTDV_IMPORT_DIR.stat().st_mode) == 0o700
    progress = jobs.progress_path(job)
    jobs._progress_write(progress, 1, 2)
    assert stat.S_IMODE(progress.stat().st_mode) == 0o600
    assert (settings.FILE_UPLOAD_PERMISSIONS, settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS) == (0o600, 0o700)
