"""Importing the four formats of exchange.md: all or nothing, idempotent by key, every problem at once.

The file is streamed (openpyxl read-only) and handled in batches of rows inside one transaction: each batch is
parsed, checked against the database with one query per kind of key (never one per row), and — while no problem
has been found — written with bulk inserts. When any problem turns up, or for a dry run, the transaction is rolled
back, so nothing is written; checking goes on to the end so that every problem is reported.

Units and quotas go through their apps' services (unit_create / unit_update, quota_set) row by row: those files are
small, and the services keep the tree's paths and history and the quotas' reasons. Persons and members are written
in bulk, with one audit event per row (bulk-inserted, same transaction) and one summary event per import."""

from collections.abc import Callable

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from ptdv.audit.models import Event
from ptdv.audit.services import event_record
from ptdv.membership.models import Membership
from ptdv.people.models import Candidate, HelperAssignment, Person, PersonSearchToken

from . import rules
from .formats import FORMATS
from .importing import IMPORTERS
from .importing.base import BATCH, ImportResult
from .models import ImportJob, ImportStatus
from .reader import DAMAGED, FileProblem, open_sheet


class _Rollback(Exception):
    pass


def import_file(
    *,
    actor,
    kind: str,
    file,
    dry_run: bool = False,
    file_name: str = "",
    progress: Callable[[int, int], None] | None = None,
    job: ImportJob | None = None,
    before_commit: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Import `file` (a binary file object) of format `kind`; with `dry_run`, check it and write nothing.

    `actor` None is the system (the command line): no scope. In the web UI the actor may import only into units
    they may edit, and touch only records of those units (scope.py). `progress(done, total)` is called once the
    sheet is open and after each batch of rows; `before_commit(result)` inside the transaction, last, when the import
    is about to be written (an exception there rolls everything back and propagates). A unique constraint broken by a
    concurrent write (another import or a page saving the same person at the same moment) rolls back and becomes the
    file's one message. A dry run by a user (the preview) is recorded as an event: who checked which file, and how
    many rows; a preview tells what the database holds, so even one that writes nothing is on the record."""
    result = _import_file(
        actor=actor,
        kind=kind,
        file=file,
        dry_run=dry_run,
        file_name=file_name,
        progress=progress,
        job=job,
        before_commit=before_commit,
    )
    if dry_run and getattr(actor, "pk", None):
        _record_preview(actor=actor, result=result, file_name=file_name, job=job)
    return result


def _import_file(*, actor, kind, file, dry_run, file_name, progress, job, before_commit) -> ImportResult:
    result = ImportResult(kind=kind, dry_run=dry_run)
    importer = IMPORTERS[kind](actor=actor, result=result)
    try:
        sheet = open_sheet(file)
    except FileProblem as problem:
        result.file_error = problem.message
        return result
    try:
        match = rules.match_headers(sheet.header, FORMATS[kind])
        if match.missing:
            result.file_error = _("Row 1 lacks the required column(s): %(columns)s.") % {
                "columns": ", ".join(f"“{column.header}”" for column in match.missing)
            }
            return result
        if match.duplicated:
            result.file_error = _("Row 1 has the same column more than once: %(columns)s.") % {
                "columns": ", ".join(f"“{header}”" for header in match.duplicated)
            }
            return result
        if match.unknown:
            result.warnings.append(
                _("These columns are not part of the format and were ignored: %(columns)s.")
                % {"columns": ", ".join(f"“{header}”" for header in match.unknown)}
            )
        importer.match = match
        total = sheet.declared_rows
        if progress:
            progress(0, total)

        def rows():
            iterator = iter(sheet.rows)
            while True:
                try:
                    number, values = next(iterator)
                except StopIteration:
                    return
                except FileProblem:
                    raise
                except Exception:  # damaged XML inside the workbook: one clear message, never a stack trace
                    raise FileProblem(DAMAGED()) from None
                result.rows += 1
                yield number, values
                if progress and result.rows % BATCH == 0:
                    progress(result.rows, max(total, result.rows))

        try:
            if dry_run and not importer.needs_transaction_for_dry_run:
                importer.run(rows(), write=False)
            else:
                with transaction.atomic():
                    importer.run(rows(), write=not dry_run)
                    if not result.ok or dry_run:
                        raise _Rollback
                    if result.rows == 0:
                        raise _Rollback
                    result.written = True
                    if result.created or result.updated:  # a second import of the same file changes nothing
                        _record_summary(actor=actor, result=result, file_name=file_name, job=job)
                    if before_commit:
                        before_commit(result)
        except _Rollback:
            pass
        except FileProblem as problem:
            result.file_error = problem.message
        except IntegrityError:
            result.written = False
            result.file_error = _(
                "Someone else saved some of the same records (a citizen ID, a unit code, a quota) while this file "
                "was being imported. Nothing from the file was written: upload it again to check it against the "
                "data as it is now."
            )
        if result.written and result.created + result.updated >= ANALYZE_AFTER_ROWS:
            refresh_statistics(kind)
        if result.rows == 0 and not result.file_error:
            result.file_error = _("The sheet has column headers but no rows below them.")
        if progress:
            progress(result.rows, result.rows)
    except FileProblem as problem:
        result.file_error = problem.message
    finally:
        sheet.close()
    if not result.ok:
        result.written = False
    return result


ANALYZE_AFTER_ROWS = 5000


def refresh_statistics(kind: str) -> None:
    """After a large import on PostgreSQL, refresh the planner's statistics of the tables it filled at once, rather
    than when autovacuum gets to them: with statistics from before 100,000 new members, a search over a province's
    roll took 96 s instead of 0.4 s (benchmarks/roll_page.py). SQLite plans without such statistics."""
    if connection.vendor != "postgresql":
        return
    from ptdv.reports.models import AdmissionRecord, AdmissionRollup

    models = {
        "people": [Person, PersonSearchToken, Candidate, HelperAssignment, Event],
        "members": [Person, PersonSearchToken, Membership, AdmissionRecord, AdmissionRollup, Event],
    }.get(kind, [])
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@transaction.atomic
def _record_preview(*, actor, result: ImportResult, file_name: str, job: ImportJob | None) -> None:
    """One event per preview: the kind, the file's name and the row counts; no row's data. Its target is the job
    (the web flow), or the actor's account when the service is called without one."""
    event_record(
        actor=actor,
        action="exchange.preview",
        target=job if job is not None else actor,
        unit=getattr(actor, "unit", None),
        after={
            "kind": result.kind,
            "file": file_name,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "problems": len(result.problems),
            "file_error": bool(result.file_error),
        },
    )


def _record_summary(*, actor, result: ImportResult, file_name: str, job: ImportJob | None) -> None:
    if job is None:
        job = ImportJob.objects.create(
            kind=result.kind,
            file_name=file_name[:255],
            created_by=actor if getattr(actor, "pk", None) else None,
            status=ImportStatus.DONE,
            rows_done=result.rows,
            rows_total=result.rows,
        )
    event_record(
        actor=actor,
        action="exchange.import",
        target=job,
        unit=getattr(actor, "unit", None),
        after={
            "kind": result.kind,
            "file": file_name,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )
