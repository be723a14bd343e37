"""The web flow of an import: the uploaded file is kept, checked (a dry run: the preview), then imported when the
user says so. Large files are checked and imported by a background task (django.tasks), which reports its progress
so that the page can show a progress bar and the user can leave and come back.

What the web request does stays cheap: it stores the upload (0600, in a 0700 folder), checks its size and first
bytes, and decides from the zip's directory (the uncompressed sizes its parts declare, which bound what reading
them can cost) whether the check runs at once or in the worker. Counting and checking rows happens in the check.

Progress is written to a small file beside the upload (`<file>.progress`), not to the database: the import writes
inside one transaction, which other processes cannot see into (and on SQLite it holds the only write lock), so
progress written there would not move until the end. The file's time is also the job's heartbeat.

Jobs that stop moving — the worker was killed, the server restarted — are ended by `jobs_reap`: status "failed",
the reason kept for the page, the file deleted. It runs in the worker at start and every minute (`ptdv db_worker`),
and for a job whenever its page is opened. It also deletes the files of previews nobody imported after
PTDV_IMPORT_KEEP_HOURS."""

import datetime
import json
import logging
import os
import stat
import time
import traceback
import uuid
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone

from ptdv.core.db import database_busy, short_busy_wait

from . import xlsx
from .locks import import_lock
from .models import ImportJob, ImportStatus, ImportStop
from .reader import FileProblem, check_file
from .services import ImportResult, import_file

logger = logging.getLogger(__name__)

# A file whose parts declare more uncompressed bytes than this per row allowed in the foreground is checked by the
# worker: ~100 bytes of sheet XML make a small row, so no file under the limit can hold many more rows than that.
BYTES_PER_ROW = 100
# In the worker, an import that finds the database locked (SQLite: another import is writing) waits its turn.
DATABASE_BUSY_ATTEMPTS = 5
DATABASE_BUSY_PAUSE_SECONDS = 5


def import_dir() -> Path:
    path = Path(settings.PTDV_IMPORT_DIR)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if stat.S_IMODE(path.stat().st_mode) != 0o700:  # made by an earlier version: the project's own folder
        path.chmod(0o700)
    return path


def _store(upload) -> Path:
    path = import_dir() / f"{uuid.uuid4().hex}.xlsx"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # personal data: the server's only
    with os.fdopen(descriptor, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def looks_large(path: Path) -> bool:
    """Whether the file may hold more rows than PTDV_IMPORT_BACKGROUND_ROWS, judged from the zip's directory alone
    (no part is decompressed): the reader never gets more bytes out of a part than the directory declares (it
    counts them as they stream, and zipfile stops there too). So the check done in the web request reads at most
    PTDV_IMPORT_BACKGROUND_ROWS × BYTES_PER_ROW bytes of XML in all (200 KB by default); anything larger, or
    whose directory says so, is read by the worker."""
    limit = settings.PTDV_IMPORT_BACKGROUND_ROWS * BYTES_PER_ROW
    try:
        with path.open("rb") as stream, xlsx.open_archive(stream) as archive:
            return sum(info.file_size for info in archive.infolist()) > limit
    except (xlsx.Malformed, OSError, ValueError, EOFError):
        return False  # the check, at once, says what is wrong with it (the same checks of the directory again)


def job_start(*, actor, kind: str, upload) -> ImportJob:
    """Keep the uploaded file and check it: at once for a small file, by a background task for a large one."""
    path = _store(upload)
    job = ImportJob.objects.create(
        kind=kind,
        file_name=Path(upload.name or "").name[:255],
        stored_path=str(path),
        created_by=actor,
        status=ImportStatus.CHECKING,
        heartbeat_at=timezone.now(),
    )
    try:
        with path.open("rb") as stream:
            check_file(stream)  # size and signature: no parsing
    except FileProblem as problem:
        result = ImportResult(kind=kind, dry_run=True, file_error=problem.message)
        _finish(job, expected=ImportStatus.CHECKING, status=ImportStatus.FAILED, result=result.as_dict())
        return job
    _dispatch(job, dry_run=True, background=looks_large(path))
    return job


def job_commit(*, job: ImportJob) -> ImportJob:
    """Import a checked file for real (checked again: the database may have changed since the preview)."""
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.IMPORTING, rows_done=0, heartbeat_at=timezone.now(), task_id="", stop_reason=""
    )
    if not updated:  # already importing or imported: a second click does nothing
        return ImportJob.objects.get(pk=job.pk)
    rows = (job.result or {}).get("rows", job.rows_total)
    _dispatch(job, dry_run=False, background=rows > settings.PTDV_IMPORT_BACKGROUND_ROWS)
    return ImportJob.objects.get(pk=job.pk)


def _dispatch(job: ImportJob, *, dry_run: bool, background: bool) -> None:
    if background:
        from .tasks import check_import, commit_import

        task = check_import if dry_run else commit_import

        def enqueue():
            queued = task.enqueue(job.pk)
            ImportJob.objects.filter(pk=job.pk, status__in=[ImportStatus.CHECKING, ImportStatus.IMPORTING]).update(
                task_id=str(queued.id)
            )

        transaction.on_commit(enqueue)
    else:
        job_run(job.pk, dry_run=dry_run)


class JobStopped(Exception):
    """The job was ended (by the reaper) while its import ran: the import rolls back."""


# ---------------------------------------------------------------- progress


def progress_path(job: ImportJob) -> Path | None:
    return Path(job.stored_path).with_suffix(".progress") if job.stored_path else None


def _progress_write(path: Path, done: int, total: int) -> None:
    """Write the progress (atomically: a reader never sees half a file); its modification time is the heartbeat."""
    temporary = path.with_suffix(f".{uuid.uuid4().hex}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump({"done": done, "total": max(total, done)}, out)
    os.replace(temporary, path)


def job_progress(job: ImportJob) -> tuple[int, int]:
    """Rows done and the total so far of a running job, from its progress file (the database's figures otherwise)."""
    path = progress_path(job)
    if job.running and path is not None:
        try:
            data = json.loads(path.read_text())
            return int(data["done"]), int(data["total"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return job.rows_done, job.rows_total


def _last_sign(job: ImportJob) -> datetime.datetime:
    """The job's latest sign of life: its heartbeat in the database or its progress file's time."""
    latest = job.heartbeat_at or job.created_at
    path = progress_path(job)
    if path is not None:
        try:
            touched = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
        except OSError:
            pass
        else:
            latest = max(latest, touched)
    return latest


# ---------------------------------------------------------------- running


def job_run(job_id: int, *, dry_run: bool, background: bool = False) -> None:
    """Check or import a job's file, recording progress beside the file and the result on the job. An import (not
    a check) holds its kind's lock for the importer's unit; when another import holds it, the job goes back to
    "checked" and its page says to try again."""
    job = ImportJob.objects.select_related("created_by__unit").get(pk=job_id)
    expected = ImportStatus.CHECKING if dry_run else ImportStatus.IMPORTING
    if job.status != expected:  # ended meanwhile (reaped, or a second delivery of the task): nothing to do
        return
    path = Path(job.stored_path)
    if not job.stored_path or not path.exists():
        _stop(job, reason=ImportStop.STALLED)
        return
    _progress_write(progress_path(job), 0, job.rows_total)
    ImportJob.objects.filter(pk=job.pk, status=expected).update(heartbeat_at=timezone.now())
    try:
        if dry_run:
            result = _run(job, path, dry_run=True, background=background)
        else:
            with import_lock(kind=job.kind, unit_id=getattr(job.created_by, "unit_id", None)) as held:
                if not held:
                    _back_to_checked(job, reason=ImportStop.BUSY)
                    return
                result = _run(job, path, dry_run=False, background=background)
    except JobStopped:  # reaped while it ran: the reaper has ended the job and deleted the file
        return
    except OperationalError as error:
        if not database_busy(error):
            _failed_unexpectedly(job, error)
            return
        with short_busy_wait():  # in a request, the user is not kept waiting twice
            if dry_run:
                _stop(job, reason=ImportStop.DATABASE_BUSY)
            else:
                _back_to_checked(job, reason=ImportStop.DATABASE_BUSY)
        if not background:
            raise  # in a request: the busy page (503); the job says the same when the user comes back
        return
    except Exception as error:
        _failed_unexpectedly(job, error)
        return
    if result.written:  # marked done inside the import's own transaction (before_commit)
        _delete_files(job)
        return
    status = ImportStatus.CHECKED if dry_run and result.ok else ImportStatus.FAILED
    _finish(job, expected=expected, status=status, result=result.as_dict(), rows=result.rows)


def _run(job: ImportJob, path: Path, *, dry_run: bool, background: bool) -> ImportResult:
    progress_file = progress_path(job)

    def progress(done: int, total: int) -> None:
        _progress_write(progress_file, done, total)

    def before_commit(result: ImportResult) -> None:
        """Inside the import's transaction, just before it commits: the job is marked done with the data, so that
        neither can be without the other — unless the job is no longer this import's (the reaper ended it), and
        then nothing is written. (On PostgreSQL the reaper's update waits for this row's lock, then finds the job
        done; on SQLite this transaction holds the only write lock.)"""
        done = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.IMPORTING).update(
            status=ImportStatus.DONE,
            result=result.as_dict(),
            rows_done=result.rows,
            rows_total=result.rows,
            stored_path="",
            heartbeat_at=timezone.now(),
            stop_reason="",
            task_id="",
        )
        if not done:
            raise JobStopped

    attempts = DATABASE_BUSY_ATTEMPTS if background else 1
    for attempt in range(1, attempts + 1):
        try:
            with path.open("rb") as stream:
                return import_file(
                    actor=job.created_by,
                    kind=job.kind,
                    file=stream,
                    dry_run=dry_run,
                    file_name=job.file_name,
                    progress=progress,
                    job=job,
                    before_commit=None if dry_run else before_commit,
                )
        except OperationalError as error:
            if attempt == attempts or not database_busy(error):
                raise
            _progress_write(progress_file, 0, job.rows_total)  # alive, waiting for its turn
            time.sleep(DATABASE_BUSY_PAUSE_SECONDS)
    raise AssertionError("unreachable")


def _finish(job: ImportJob, *, expected: str, status: str, result: dict, rows: int | None = None) -> None:
    """Record a phase's result, unless the job was ended meanwhile; delete the file once it is no longer needed."""
    fields = {"status": status, "result": result, "heartbeat_at": timezone.now(), "stop_reason": "", "task_id": ""}
    if rows is not None:
        fields |= {"rows_done": rows, "rows_total": rows}
    if status in (ImportStatus.DONE, ImportStatus.FAILED):
        fields["stored_path"] = ""
    updated = ImportJob.objects.filter(pk=job.pk, status=expected).update(**fields)
    if updated and status in (ImportStatus.DONE, ImportStatus.FAILED):
        _delete_files(job)  # personal data: not kept once it is no longer needed
    elif updated:
        _delete_progress(job)


def _back_to_checked(job: ImportJob, *, reason: str) -> None:
    """The import did not start (another import held the lock, or the database was busy): the preview stands and
    the user may import again. The write is tried, not waited for: on failure the reaper ends the job later."""
    try:
        ImportJob.objects.filter(pk=job.pk, status=ImportStatus.IMPORTING).update(
            status=ImportStatus.CHECKED, stop_reason=reason, heartbeat_at=timezone.now(), task_id=""
        )
    except OperationalError:
        return
    _delete_progress(job)


def _failed_unexpectedly(job: ImportJob, error: Exception) -> None:
    # The error's type and where it happened, never its message: a database error quotes the row's values.
    logger.error(
        "Import job %s stopped by %s\n%s",
        job.pk,
        type(error).__name__,
        "".join(traceback.format_tb(error.__traceback__)),
    )
    _stop(job, reason=ImportStop.ERROR)


def _stop(job: ImportJob, *, reason: str, if_heartbeat=None) -> bool:
    """End a running or checked job as failed for `reason` and delete its file. With `if_heartbeat`, only if its
    heartbeat in the database is still that one (the reaper: an import finishing at that moment wins)."""
    jobs = ImportJob.objects.filter(
        pk=job.pk, status__in=[ImportStatus.CHECKING, ImportStatus.IMPORTING, ImportStatus.CHECKED]
    )
    if if_heartbeat is not None:
        jobs = jobs.filter(heartbeat_at=if_heartbeat)
    try:
        updated = jobs.update(
            status=ImportStatus.FAILED, stop_reason=reason, stored_path="", heartbeat_at=timezone.now()
        )
    except OperationalError:
        return False
    if updated:
        _delete_files(job)
    return bool(updated)


def _delete_progress(job: ImportJob) -> None:
    path = progress_path(job)
    if path is not None:
        path.unlink(missing_ok=True)


def _delete_files(job: ImportJob) -> None:
    if job.stored_path:
        Path(job.stored_path).unlink(missing_ok=True)
        _delete_progress(job)


# ---------------------------------------------------------------- the reaper


def _task_state(task_id: str) -> str | None:
    """ "waiting" (in the queue), "running", "finished", or None when the backend cannot say."""
    if not task_id:
        return None
    from django.tasks import TaskResultStatus, default_task_backend

    try:
        found = default_task_backend.get_result(task_id)
    except Exception:  # the backend keeps no results (ImmediateBackend), or the result is gone
        return None
    if found.status == TaskResultStatus.READY:
        return "waiting"
    return "finished" if found.is_finished else "running"


def _task_failed(task_id: str) -> None:
    """The django-tasks-db row of a task whose worker died stays "running" forever: mark it failed."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return
    from django.tasks import TaskResultStatus

    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now(), exception_class_path="ptdv.exchange.JobStalled"
    )


def job_waiting(job: ImportJob) -> bool:
    """Whether the job's task waits in the worker's queue (not started yet)."""
    return _task_state(job.task_id) == "waiting"


def job_reap(job: ImportJob, *, now: datetime.datetime | None = None) -> bool:
    """End `job` if it stopped moving or waited too long; True when it was ended. Writes only then."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(minutes=settings.PTDV_IMPORT_STALE_MINUTES)
    expired = now - datetime.timedelta(hours=settings.PTDV_IMPORT_KEEP_HOURS)
    if job.status == ImportStatus.CHECKED:
        if job.stored_path and (job.heartbeat_at or job.created_at) < expired:
            return _stop(job, reason=ImportStop.EXPIRED, if_heartbeat=job.heartbeat_at)
        return False
    if not job.running:
        return False
    state = _task_state(job.task_id)
    last = _last_sign(job)
    if state == "waiting":  # in the worker's queue behind other work: not dead, but not kept forever
        reason = ImportStop.EXPIRED if last < expired else None
    elif state == "finished":  # the task ended without ending the job
        reason = ImportStop.STALLED
    else:
        reason = ImportStop.STALLED if last < stale else None
    if reason is None:
        return False
    ended = _stop(job, reason=reason, if_heartbeat=job.heartbeat_at)
    if ended and state == "running":
        _task_failed(job.task_id)
    return ended


def jobs_reap(*, now: datetime.datetime | None = None) -> int:
    """End every job that stopped moving, expire abandoned previews, and delete files in the import folder that no
    job holds (left by a process killed before it recorded its job). Returns the number of jobs ended."""
    now = now or timezone.now()
    open_jobs = ImportJob.objects.filter(
        status__in=[ImportStatus.CHECKING, ImportStatus.IMPORTING, ImportStatus.CHECKED]
    ).exclude(stored_path="")
    ended = sum(job_reap(job, now=now) for job in open_jobs)
    _sweep(now=now)
    return ended


def _sweep(*, now: datetime.datetime) -> None:
    folder = Path(settings.PTDV_IMPORT_DIR)
    if not folder.is_dir():
        return
    held = {
        Path(path).stem
        for path in ImportJob.objects.filter(
            status__in=[ImportStatus.CHECKING, ImportStatus.IMPORTING, ImportStatus.CHECKED]
        )
        .exclude(stored_path="")
        .values_list("stored_path", flat=True)
    }
    cutoff = (now - datetime.timedelta(hours=settings.PTDV_IMPORT_KEEP_HOURS)).timestamp()
    for entry in folder.iterdir():  # uploads, progress files and their temporary copies; not the locks' folder
        if not entry.is_file() or entry.name.split(".")[0] in held:
            continue
        try:
            if entry.stat().st_mtime < cutoff:
                entry.unlink(missing_ok=True)
        except OSError:
            continue
