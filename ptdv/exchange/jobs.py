"""The web flow of an import: the uploaded file is kept, checked (a dry run: the preview), then imported when the
user says so. Large files are checked and imported by a background task (django.tasks), which reports its progress
on the job so that the page can show a progress bar and the user can leave and come back."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import ImportJob, ImportStatus
from .reader import FileProblem, declared_rows, open_workbook
from .services import import_file


def import_dir() -> Path:
    path = Path(settings.PTDV_IMPORT_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _declared_rows(path: Path) -> int:
    """The rows the first sheet declares (its dimension), read without parsing the sheet; 0 when unknown."""
    try:
        with path.open("rb") as stream:
            archive, workbook = open_workbook(stream)
            with archive:
                return max(declared_rows(archive, workbook.sheet_path) - 1, 0)
    except FileProblem:  # the check says what is wrong, in the foreground
        return 0


def job_start(*, actor, kind: str, upload) -> ImportJob:
    """Keep the uploaded file and check it: at once for a small file, by a background task for a large one."""
    path = import_dir() / f"{uuid.uuid4().hex}.xlsx"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    rows = _declared_rows(path)
    job = ImportJob.objects.create(
        kind=kind,
        file_name=Path(upload.name or "").name[:255],
        stored_path=str(path),
        created_by=actor,
        status=ImportStatus.CHECKING,
        rows_total=rows,
    )
    # A sheet without a declared size (some tools write none): judged by the file's size, ~100 bytes a row.
    large = rows > settings.PTDV_IMPORT_BACKGROUND_ROWS or (
        rows == 0 and path.stat().st_size > 100 * settings.PTDV_IMPORT_BACKGROUND_ROWS
    )
    _dispatch(job, dry_run=True, background=large)
    return job


def job_commit(*, job: ImportJob) -> ImportJob:
    """Import a checked file for real (checked again: the database may have changed since the preview)."""
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.IMPORTING, rows_done=0
    )
    if not updated:  # already importing or imported: a second click does nothing
        return ImportJob.objects.get(pk=job.pk)
    _dispatch(job, dry_run=False, background=job.rows_total > settings.PTDV_IMPORT_BACKGROUND_ROWS)
    return ImportJob.objects.get(pk=job.pk)


def _dispatch(job: ImportJob, *, dry_run: bool, background: bool) -> None:
    if background:
        from .tasks import check_import, commit_import

        task = check_import if dry_run else commit_import
        transaction.on_commit(lambda: task.enqueue(job.pk))
    else:
        job_run(job.pk, dry_run=dry_run)


def job_run(job_id: int, *, dry_run: bool) -> None:
    """Check or import a job's file, recording progress and the result on the job."""
    job = ImportJob.objects.select_related("created_by__unit").get(pk=job_id)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(rows_done=done, rows_total=max(total, done))

    path = Path(job.stored_path)
    if not path.exists():
        job.status = ImportStatus.FAILED
        job.save(update_fields=["status"])
        return
    with path.open("rb") as stream:
        result = import_file(
            actor=job.created_by,
            kind=job.kind,
            file=stream,
            dry_run=dry_run,
            file_name=job.file_name,
            progress=progress,
            job=job,
        )
    job.refresh_from_db(fields=["rows_done", "rows_total"])
    job.result = result.as_dict()
    if dry_run:
        job.status = ImportStatus.CHECKED if result.ok else ImportStatus.FAILED
    else:
        job.status = ImportStatus.DONE if result.ok else ImportStatus.FAILED
    job.rows_done = job.rows_total = result.rows
    job.save(update_fields=["result", "status", "rows_done", "rows_total"])
    if job.status in (ImportStatus.DONE, ImportStatus.FAILED):
        path.unlink(missing_ok=True)  # personal data: not kept once it is no longer needed
        ImportJob.objects.filter(pk=job.pk).update(stored_path="")
