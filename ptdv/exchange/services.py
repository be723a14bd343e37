"""Importing the four formats of exchange.md: all or nothing, idempotent by key, every problem at once.

The file is streamed (openpyxl read-only) and handled in batches of rows inside one transaction: each batch is
parsed, checked against the database with one query per kind of key (never one per row), and — while no problem
has been found — written with bulk inserts. When any problem turns up, or for a dry run, the transaction is rolled
back, so nothing is written; checking goes on to the end so that every problem is reported.

Units and quotas go through their apps' services (unit_create / unit_update, quota_set) row by row: those files are
small, and the services keep the tree's paths and history and the quotas' reasons. Persons and members are written
in bulk, with one audit event per row (bulk-inserted, same transaction) and one summary event per import."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ptdv.audit.models import Event
from ptdv.audit.services import event_record
from ptdv.membership.models import Membership, MembershipStatus
from ptdv.membership.selectors import helper_problem
from ptdv.people import rules as people_rules
from ptdv.people.choices import LeaveReason, PoolSource
from ptdv.people.models import Candidate, HelperAssignment, Person, PersonSearchToken
from ptdv.quotas.models import Quota
from ptdv.quotas.services import quota_set
from ptdv.reports.services import admission_records_sync
from ptdv.units.access import can_edit_unit
from ptdv.units.models import Unit
from ptdv.units.services import unit_create, unit_update

from . import rules
from .formats import FORMATS, MEMBER_IGNORED
from .models import ImportJob, ImportStatus
from .reader import DAMAGED, FileProblem, open_sheet
from .scope import (
    Scope,
    card_unusable,
    changed_meanwhile,
    helper_unusable,
    parent_not_yours,
    person_unusable,
    unit_code_unusable,
    unit_not_yours,
)
from .xlsx import Formula

BATCH = 2000
SAMPLE = 50


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def line(self) -> str:
        return rules.error_line(self.row, self.column, self.message)


@dataclass
class ImportResult:
    kind: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    file_error: str = ""
    samples: dict[str, list[str]] = field(default_factory=lambda: {"created": [], "updated": [], "unchanged": []})
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.file_error

    def error_lines(self) -> list[str]:
        if self.file_error:
            return [self.file_error]
        return [problem.line() for problem in sorted(self.problems, key=lambda p: p.row)]

    def count(self, action: str, row: int, label: str) -> None:
        setattr(self, action, getattr(self, action) + 1)
        if len(self.samples[action]) < SAMPLE:
            self.samples[action].append(_("row %(row)s: %(label)s") % {"row": row, "label": label})

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.error_lines(),
            "problems": [[p.row, p.column, p.message] for p in sorted(self.problems, key=lambda p: p.row)],
            "file_error": self.file_error,
            "warnings": self.warnings,
            "samples": self.samples,
            "written": self.written,
        }


class _Rollback(Exception):
    pass


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


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


# ---------------------------------------------------------------- common


class Importer:
    kind = ""
    needs_transaction_for_dry_run = False

    def __init__(self, *, actor, result: ImportResult):
        self.actor = actor
        self.result = result
        self.match: rules.HeaderMatch | None = None
        self.last_partial: dict = {}
        self.units: dict[str, Unit | None] = {}
        self.scope = Scope(actor)

    def header(self, key: str) -> str:
        if key in self.match.headers:
            return self.match.headers[key]
        return next(column.header for column in FORMATS[self.kind] if column.key == key)

    def problem(self, row: int, key: str, message: str) -> None:
        self.result.problems.append(Problem(row, self.header(key) if key else "", message))

    def prepare(self, ignored=frozenset()) -> None:
        """What each row's parsing needs, worked out once: the cells' readers, the absent columns' defaults, the
        required columns."""
        self.readers = [(position, column.key, column.parser) for position, column in self.match.columns.items()]
        present = {column.key for column in self.match.columns.values()}
        self.defaults = {c.key: c.parse(None) for c in FORMATS[self.kind] if c.key not in present}
        self.required = [c.key for c in FORMATS[self.kind] if c.required and c.key not in ignored]

    def parse(self, number: int, values: tuple) -> dict | None:
        """A row's values by column key, or None when a cell cannot be read (its problems recorded)."""
        record = {"_row": number, **self.defaults}
        failed = None
        width = len(values)
        for position, key, parser in self.readers:
            raw = values[position] if position < width else None
            if type(raw) is Formula:  # a text cell beginning with "=" is text (our exports write such names)
                self.problem(number, key, _("The cell holds a formula (%(formula)s): paste values instead.")
                             % {"formula": raw[:40]})  # fmt: skip
                failed = True
                record[key] = None
                continue
            try:
                record[key] = parser(raw)
            except rules.CellError as error:
                self.problem(number, key, error.message)
                failed = True
                record[key] = None
        for key in self.required:
            value = record[key]
            if value is None or value == "":
                if not any(p.row == number and p.column == self.header(key) for p in self.result.problems[-20:]):
                    self.problem(number, key, _("This column is required: fill it in."))
                failed = True
        if failed:
            self.last_partial = record  # what could be read of a row with problems: for the checks still possible
            return None
        return record

    def load_units(self, codes) -> None:
        wanted = {code for code in codes if code and code not in self.units}
        if not wanted:
            return
        found = {unit.code.upper(): unit for unit in Unit.objects.filter(code__in=wanted)}
        lower = wanted - set(found)
        if lower:  # codes stored in another case, if any slipped past normalisation
            for unit in Unit.objects.filter(code__in=[c.lower() for c in lower] + [c.title() for c in lower]):
                found.setdefault(unit.code.upper(), unit)
        for code in wanted:
            self.units[code] = found.get(code)

    def unit_for(self, record: dict, key: str = "unit_code") -> Unit | None:
        """The unit a row names, when it is one of the actor's; an unknown code and another organisation's get the
        same words (scope.py)."""
        code = record[key].upper()
        unit = self.units.get(code)
        if self.actor is None and unit is None:
            self.problem(record["_row"], key, _("There is no unit with the code %(code)s.") % {"code": record[key]})
            return None
        if self.actor is not None and (unit is None or not can_edit_unit(self.actor, unit)):
            self.problem(record["_row"], key, unit_not_yours(record[key]))
            return None
        return unit

    def service_problems(self, row: int, error: ValidationError, columns: dict[str, str]) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.message_dict.items():
                for message in errors:
                    self.problem(row, columns.get(name, ""), message)
        else:
            for message in error.messages:
                self.problem(row, "", message)

    def run(self, rows, *, write: bool) -> None:
        raise NotImplementedError


# ---------------------------------------------------------------- units


class UnitImporter(Importer):
    """Units through ptdv.units.services, so that paths and the tree's history stay right; a parent may come later
    in the file than its children."""

    kind = "units"
    needs_transaction_for_dry_run = True
    COLUMNS = {"code": "code", "name": "name", "unit_type": "unit_type", "sector": "sector", "parent": "parent_code"}

    def run(self, rows, *, write: bool) -> None:
        records = []
        seen: dict[str, int] = {}
        self.prepare()
        for number, values in rows:
            record = self.parse(number, values)
            if record is None:
                continue
            record["code"] = " ".join(record["code"].split()).upper()
            record["parent_code"] = " ".join(record["parent_code"].split()).upper()
            if record["code"] in seen:
                self.problem(number, "code", _("The unit code %(code)s is already on row %(other)s.")
                             % {"code": record["code"], "other": seen[record["code"]]})  # fmt: skip
                continue
            seen[record["code"]] = number
            records.append(record)
        self.load_units([r["code"] for r in records] + [r["parent_code"] for r in records])
        by_code = {r["code"]: r for r in records}
        for record in self._in_parent_order(records, by_code):
            self._apply(record)

    def _in_parent_order(self, records, by_code):
        """Parents before children; a loop of parents in the file is a problem of each of its rows."""
        ordered, state = [], {}

        def visit(record, trail):
            code = record["code"]
            if state.get(code) == "done":
                return True
            if code in trail:
                return False
            parent = by_code.get(record["parent_code"])
            if parent is not None and not visit(parent, trail | {code}):
                if state.get(code) != "done":
                    state[code] = "done"
                    self.problem(record["_row"], "parent_code", _("The units of the file are each other's parents "
                                 "(%(code)s): check the parent codes.") % {"code": record["parent_code"]})  # fmt: skip
                return False
            state[code] = "done"
            ordered.append(record)
            return True

        for record in records:
            visit(record, frozenset())
        return ordered

    def _apply(self, record) -> None:
        row = record["_row"]
        existing = self.units.get(record["code"])
        if existing is not None and not self.scope.holds_unit(existing):  # before any comparison: no oracle
            self.problem(row, "code", unit_code_unusable(record["code"]))
            return
        parent = None
        if record["parent_code"]:
            parent = self.units.get(record["parent_code"])
            # A parent outside the actor's units only as the unit's present parent (their own unit's row, exported
            # with its parent's code): never to create or move a unit there, nor to learn whether the code exists.
            kept = existing is not None and parent is not None and parent.pk == existing.parent_id
            if parent is None or not (self.scope.holds_unit(parent) or kept):
                if self.actor is None:
                    self.problem(row, "parent_code", _("There is no unit with the code %(code)s, in the file or in "
                                 "the system.") % {"code": record["parent_code"]})  # fmt: skip
                else:
                    self.problem(row, "parent_code", parent_not_yours(record["parent_code"]))
                return
        label = f"{record['code']} — {record['name']}"
        try:
            if existing is None:
                if parent is None and self.actor is not None:
                    self.problem(row, "parent_code", _("Enter the code of the parent unit."))
                    return
                unit = unit_create(
                    actor=self.actor,
                    parent=parent,
                    code=record["code"],
                    name=record["name"],
                    unit_type=record["unit_type"],
                    sector=record["sector"],
                    may_admit=record["may_admit"],
                )
                self.units[record["code"]] = unit
                self.result.count("created", row, label)
                return
            # Fresh and locked (a move earlier in the file may have changed it; another user may be moving it), and
            # its scope checked again just before the write.
            existing = Unit.objects.select_for_update().get(pk=existing.pk)
            if not self.scope.holds_unit(existing):
                self.problem(row, "code", unit_code_unusable(record["code"]))
                return
            same = (
                existing.name == record["name"]
                and existing.unit_type == record["unit_type"]
                and existing.sector == record["sector"]
                and existing.may_admit == record["may_admit"]
                and existing.parent_id == (parent.pk if parent else None)
            )
            if same:
                self.result.count("unchanged", row, label)
                return
            unit = unit_update(
                actor=self.actor,
                unit=existing,
                code=existing.code,
                name=record["name"],
                unit_type=record["unit_type"],
                sector=record["sector"],
                may_admit=record["may_admit"],
                valid_from=existing.valid_from,
                parent=parent,
                member_count=existing.member_count,
            )
            self.units[record["code"]] = unit
            self.result.count("updated", row, label)
        except ValidationError as error:
            self.service_problems(row, error, self.COLUMNS)


# ---------------------------------------------------------------- quotas


class QuotaImporter(Importer):
    kind = "quotas"
    needs_transaction_for_dry_run = True

    def run(self, rows, *, write: bool) -> None:
        records = []
        seen: dict[tuple, int] = {}
        self.prepare()
        for number, values in rows:
            record = self.parse(number, values)
            if record is None:
                continue
            record["unit_code"] = record["unit_code"].upper()
            key = (record["unit_code"], record["year"])
            if key in seen:
                self.problem(number, "year", _("The quota of %(code)s for %(year)s is already on row %(other)s.")
                             % {"code": key[0], "year": key[1], "other": seen[key]})  # fmt: skip
                continue
            seen[key] = number
            records.append(record)
        self.load_units(r["unit_code"] for r in records)
        # A quota is set by the unit above (quotas.services): the actor sees and may set the quotas of the units
        # of their subtree only. Any other unit's code, like an unknown one, is refused before its quota is read,
        # so that neither the preview's counts nor its messages tell another unit's quota or name.
        ours = {code: unit for code, unit in self.units.items() if unit is not None and self.scope.holds_unit(unit)}
        # Read again and locked just before the quotas are written: a unit moved meanwhile is refused.
        locked = {u.pk: u for u in Unit.objects.select_for_update(of=("self",)).select_related("parent").filter(
            pk__in=[u.pk for u in ours.values()]).order_by("pk")}  # fmt: skip
        existing = {(q.unit_id, q.year): q.quota for q in Quota.objects.filter(unit__in=list(locked))}
        for record in records:
            row = record["_row"]
            if not 2000 <= record["year"] <= 2100:
                self.problem(row, "year", _("Check the year %(year)s.") % {"year": record["year"]})
                continue
            if record["quota"] < 0:
                self.problem(row, "quota", _("The quota is a whole number, 0 or more."))
                continue
            unit = ours.get(record["unit_code"])
            unit = locked.get(unit.pk) if unit is not None else None
            if unit is None or not self.scope.holds_unit(unit):
                if self.actor is None:
                    self.problem(row, "unit_code", _("There is no unit with the code %(code)s.")
                                 % {"code": record["unit_code"]})  # fmt: skip
                else:
                    self.problem(row, "unit_code", unit_not_yours(record["unit_code"]))
                continue
            label = f"{unit.code} {record['year']}: {record['quota']}"
            before = existing.get((unit.pk, record["year"]))
            if before == record["quota"]:
                self.result.count("unchanged", row, label)
                continue
            try:
                quota_set(
                    actor=self.actor,
                    unit=unit,
                    year=record["year"],
                    quota=record["quota"],
                    reason=_("Imported from a spreadsheet."),
                )
            except ValidationError as error:
                self.service_problems(row, error, {"__all__": "unit_code"})
                continue
            self.result.count("created" if before is None else "updated", row, label)


# ---------------------------------------------------------------- persons: the pool and the roll

PERSON_KEYS = [
    "full_name", "birth_date", "sex", "ethnicity", "religion", "occupation", "general_education", "youth_union",
    "business_owner",
]  # fmt: skip
MEMBERSHIP_KEYS = ["decision_date", "decision_number", "ceremony_date", "full_member_date", "card_number", "readmitted"]


def _person_values(record: dict) -> dict:
    values = {key: record[key] for key in PERSON_KEYS}
    values["ethnicity"] = values["ethnicity"] or "Kinh"
    values["religion"] = values["religion"] or "Không"
    values["general_education"] = values["general_education"].replace(" ", "")
    return values


def _exception(record: dict) -> str:
    """The candidate's education exception from a `people` row: its reason when marked, else empty."""
    return (record.get("education_exception_reason") or "").strip() if record.get("education_exception") else ""


def _json(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


class PersonImporter(Importer):
    """The `people` format: persons in the candidate pool of a cell, key the citizen ID."""

    kind = "people"
    members = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen_ids: dict[str, int] = {}
        self.seen_cards: dict[str, int] = {}
        self.today = timezone.localdate()
        self.events: list[Event] = []
        self.helpers: dict[str, Person | None] = {}
        self.helpers_outside: set[int] = set()
        self.outside: set[int] = set()

    def run(self, rows, *, write: bool) -> None:
        batch = []
        self.prepare(ignored=MEMBER_IGNORED if self.members else frozenset())
        partial = []
        for number, values in rows:
            record = self.parse(number, values)
            if record is not None:
                batch.append(record)
            else:
                partial.append(self.last_partial)
            if len(batch) + len(partial) >= BATCH:
                self.process(batch, write=write, partial=partial)
                batch, partial = [], []
        if batch or partial:
            self.process(batch, write=write, partial=partial)

    # -- checks

    def check_row(self, record: dict) -> bool:
        row = record["_row"]
        ok = True
        citizen_id = record["citizen_id"]
        if citizen_id in self.seen_ids:
            self.problem(row, "citizen_id", _("The citizen ID %(value)s is already on row %(other)s.")
                         % {"value": citizen_id, "other": self.seen_ids[citizen_id]})  # fmt: skip
            ok = False
        else:
            self.seen_ids[citizen_id] = row
        birth = record["birth_date"]
        if birth > self.today:
            self.problem(row, "birth_date", _("The date of birth %(date)s is in the future.") % {"date": _fmt(birth)})
            ok = False
        elif birth.year < 1900:
            self.problem(row, "birth_date", _("Check the date of birth %(date)s.") % {"date": _fmt(birth)})
            ok = False
        education = record["general_education"].replace(" ", "")
        if education and people_rules.parse_general_education(education) is None:
            self.problem(row, "general_education",
                         _("Write general education as grade/system, e.g. 9/12 or 12/12."))  # fmt: skip
            ok = False
        if not self.members:
            reason = (record["education_exception_reason"] or "").strip()
            if record["education_exception"] and not reason:
                self.problem(row, "education_exception_reason",
                             _("Write the reason for the education exception."))  # fmt: skip
                ok = False
            elif reason and not record["education_exception"]:
                message = _("A reason is given: mark the education exception “Có”, or clear the reason.")
                self.problem(row, "education_exception", message)
                ok = False
            pool_date = record["pool_date"]
            if pool_date and pool_date > self.today:
                self.problem(row, "pool_date", _("The date %(date)s is in the future.") % {"date": _fmt(pool_date)})
                ok = False
            elif pool_date and pool_date < birth:
                self.problem(row, "pool_date", _("The date %(date)s is before the date of birth.")
                             % {"date": _fmt(pool_date)})  # fmt: skip
                ok = False
        return ok

    def process(self, batch: list[dict], *, write: bool, partial=()) -> None:
        usable = [r for r in partial if r.get("unit_code")]  # rows with other problems: their unit is still checked
        self.load_units(r["unit_code"].upper() for r in [*batch, *usable])
        for record in usable:
            self.unit_for(record)
        checked = []
        for record in batch:
            ok = self.check_row(record)
            unit = self.unit_for(record)
            if unit is None or not ok:
                continue
            record["unit"] = unit
            checked.append(record)
        existing = {
            p.citizen_id: p
            for p in Person.objects.filter(citizen_id__in=[r["citizen_id"] for r in checked]).select_related(
                "membership"
            )
        }
        # Persons of another organisation: refused before anything of theirs is compared or named (scope.py).
        self.outside = self.scope.persons_outside(p.pk for p in existing.values())
        plan = self.plan(checked, existing)
        if write and self.result.ok and self.scope_still_holds(plan):
            self.write(plan)

    def refused(self, record: dict, person) -> bool:
        """A row whose person belongs (also) to another organisation: one neutral problem, and nothing else of the
        row is checked against that person."""
        if person is not None and person.pk in self.outside:
            self.problem(record["_row"], "citizen_id", person_unusable())
            return True
        return False

    def scope_still_holds(self, plan) -> bool:
        """The check again, in the write's transaction just before the rows are written: the persons of the batch
        read anew by citizen ID and locked with everything that anchors them, so that a person moved to another
        organisation (or recorded by someone else) since the batch was planned is refused, not overwritten."""
        if self.scope.unlimited or not plan:
            return True
        now = dict(
            Person.objects.select_for_update()
            .filter(citizen_id__in=[record["citizen_id"] for _a, record, *_rest in plan])
            .order_by("pk")
            .values_list("citizen_id", "pk")
        )
        outside = self.scope.persons_outside(now.values(), lock=True)
        # The target units too (cached for the whole file): one moved out of the actor's units meanwhile is refused.
        paths = dict(Unit.objects.filter(pk__in={r["unit"].pk for _a, r, *_rest in plan}).values_list("pk", "path"))
        held = True
        for _action, record, person, *_rest in plan:
            person_id = now.get(record["citizen_id"])
            if not self.scope.holds(paths.get(record["unit"].pk, "")):
                self.problem(record["_row"], "unit_code", unit_not_yours(record["unit_code"]))
                held = False
            elif person_id in outside:
                self.problem(record["_row"], "citizen_id", person_unusable())
                held = False
            elif person_id != (person.pk if person is not None else None):
                self.problem(record["_row"], "citizen_id", changed_meanwhile())
                held = False
        return held

    def plan(self, records, existing):
        open_entries = {
            c.person_id: c
            for c in Candidate.objects.filter(
                person__in=[p.pk for p in existing.values()], left_on__isnull=True
            ).prefetch_related("helper_assignments")
        }
        self.load_helpers({r["helper_citizen_id"] for r in records if r["helper_citizen_id"]})
        plan = []
        for record in records:
            row = record["_row"]
            person = existing.get(record["citizen_id"])
            if self.refused(record, person):
                continue
            if person is not None and hasattr(person, "membership"):
                self.problem(row, "citizen_id", _("%(name)s is already a party member: import them in the members "
                             "format.") % {"name": person.full_name})  # fmt: skip
                continue
            candidate = open_entries.get(person.pk) if person else None
            helper = None
            if record["helper_citizen_id"]:
                helper = self.helpers.get(record["helper_citizen_id"])
                problem = self.helper_problem(record, person, helper)
                if problem:
                    self.problem(row, "helper_citizen_id", problem)
                    continue
            values = _person_values(record)
            pool_date = record["pool_date"] or (candidate.entered_on if candidate else self.today)
            label = f"{record['full_name']} ({record['citizen_id']})"
            if person is None:
                self.result.count("created", row, label)
                plan.append(("create", record, None, candidate, helper, values, pool_date))
                continue
            same_person = (
                all(getattr(person, k) == v for k, v in values.items()) and person.unit_id == record["unit"].pk
            )
            same_entry = (
                candidate is not None
                and candidate.unit_id == record["unit"].pk
                and candidate.entered_on == pool_date
                and candidate.education_exception == _exception(record)
            )
            open_helpers = {a.helper_id for a in candidate.helper_assignments.all() if a.ended_on is None} if (
                candidate) else set()  # fmt: skip
            same_helper = helper is None or helper.pk in open_helpers
            if same_person and same_entry and same_helper:
                self.result.count("unchanged", row, label)
                continue
            self.result.count("updated", row, label)
            plan.append(("update", record, person, candidate, helper, values, pool_date))
        return plan

    def load_helpers(self, citizen_ids) -> None:
        wanted = {c for c in citizen_ids if c not in self.helpers}
        if not wanted:
            return
        found = {
            p.citizen_id: p for p in Person.objects.filter(citizen_id__in=wanted).select_related("membership__unit")
        }
        for citizen_id in wanted:
            self.helpers[citizen_id] = found.get(citizen_id)
        self.helpers_outside |= self.scope.persons_outside(p.pk for p in found.values())

    def helper_problem(self, record: dict, person, helper) -> str | None:
        """Why the row's helper may not help, or None. A full member of the same grassroots organisation may help
        wherever in it they are (the pages offer them all). Any other answer names the helper and says what they
        are only when they are the actor's: otherwise an unknown ID and another organisation's person get the same
        words (scope.py)."""
        if helper is None:
            if self.scope.unlimited:
                return _("No person with the citizen ID %(value)s is recorded.") % {
                    "value": record["helper_citizen_id"]
                }
            return helper_unusable()
        problem = helper_problem(unit=record["unit"], person_id=person.pk if person else None, helper=helper)
        if problem and helper.pk in self.helpers_outside:
            return helper_unusable()
        return problem

    # -- writing

    def event(self, action: str, target_type: str, target_id, unit_id, before, after) -> None:
        """An audit event of this import, written with the batch (audit.Event rows, the same transaction)."""
        if before is not None:
            changed = {k for k in after if before.get(k) != after.get(k)}
            before = {k: v for k, v in before.items() if k in changed}
            after = {k: v for k, v in after.items() if k in changed}
        self.events.append(
            {
                "actor_id": self.actor.pk if getattr(self.actor, "pk", None) else None,
                "action": action,
                "target_type": target_type,
                "target_id": str(target_id),
                "unit_id": unit_id,
                "before": before,
                "after": after,
            }
        )

    def flush_events(self) -> None:
        insert_rows(Event, self.events)
        self.events = []

    def write_persons(self, plan) -> dict[str, int]:
        """Create and update the persons of a batch, with their search tokens; returns their ids by citizen ID."""
        new = []
        changed = []
        befores = {}
        for action, record, person, _entry, _helper, values, _extra in plan:
            if action == "create":
                new.append(
                    {
                        **values,
                        "citizen_id": record["citizen_id"],
                        "unit_id": record["unit"].pk,
                        "sort_name": people_rules.name_sort_key(values["full_name"]),
                    }
                )
            else:
                befores[person.pk] = {**{k: _json(getattr(person, k)) for k in PERSON_KEYS}, "unit": person.unit_id}
                for key, value in values.items():
                    setattr(person, key, value)
                person.unit = record["unit"]
                person.sort_name = people_rules.name_sort_key(person.full_name)
                changed.append(person)
        ids = {}
        if new:
            insert_rows(Person, new)
            ids = dict(
                Person.objects.filter(citizen_id__in=[row["citizen_id"] for row in new]).values_list("citizen_id", "pk")
            )
        if changed:
            now = timezone.now()
            for person in changed:
                person.updated_at = now
            Person.objects.bulk_update(changed, [*PERSON_KEYS, "sort_name", "unit", "updated_at"], batch_size=1000)
            PersonSearchToken.objects.filter(person_id__in=[p.pk for p in changed]).delete()
        tokens = [
            {"person_id": ids[row["citizen_id"]], "token": token}
            for row in new
            for token in people_rules.search_tokens(row["full_name"], row["citizen_id"])
        ]
        tokens += [{"person_id": person.pk, "token": token} for person in changed for token in person.search_tokens()]
        insert_rows(PersonSearchToken, tokens)
        for row in new:
            after = {**{k: _json(row[k]) for k in PERSON_KEYS}, "unit": row["unit_id"], "citizen_id": row["citizen_id"]}
            self.event("person.create", "people.person", ids[row["citizen_id"]], row["unit_id"], None, after)
        for person in changed:
            after = {**{k: _json(getattr(person, k)) for k in PERSON_KEYS}, "unit": person.unit_id}
            self.event("person.update", "people.person", person.pk, person.unit_id, befores[person.pk], after)
        ids.update({person.citizen_id: person.pk for person in changed})
        return ids

    def write(self, plan) -> None:
        persons = self.write_persons(plan)
        new_entries, moved_entries, assignments = [], [], []
        for _action, record, _person, candidate, helper, _values, pool_date in plan:
            if candidate is None:
                candidate = Candidate(
                    person_id=persons[record["citizen_id"]],
                    unit=record["unit"],
                    entered_on=pool_date,
                    source=PoolSource.OTHER,
                    education_exception=_exception(record),
                )
                new_entries.append(candidate)
            elif (
                candidate.unit_id != record["unit"].pk
                or candidate.entered_on != pool_date
                or candidate.education_exception != _exception(record)
            ):
                candidate.unit, candidate.entered_on = record["unit"], pool_date
                candidate.education_exception = _exception(record)
                moved_entries.append(candidate)
            if helper is not None:
                assignments.append((candidate, helper))
        Candidate.objects.bulk_create(new_entries, batch_size=1000)
        Candidate.objects.bulk_update(moved_entries, ["unit", "entered_on", "education_exception"], batch_size=1000)
        existing_open = set(
            HelperAssignment.objects.filter(
                candidate__in=[c.pk for c, _h in assignments], ended_on__isnull=True
            ).values_list("candidate_id", "helper_id")
        )
        HelperAssignment.objects.bulk_create(
            [
                HelperAssignment(candidate=c, helper=h, assigned_on=max(c.entered_on, self.today))
                for c, h in assignments
                if (c.pk, h.pk) not in existing_open
            ]
        )
        for candidate in new_entries:
            self.event("candidate.enter", "people.candidate", candidate.pk, candidate.unit_id, None,
                       {"person": candidate.person_id, "unit": candidate.unit_id,
                        "entered_on": candidate.entered_on.isoformat(), "source": candidate.source})  # fmt: skip
        self.flush_events()


def _adapter(field):
    internal = field.get_internal_type()
    if internal == "DateField":
        return connection.ops.adapt_datefield_value
    if internal == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if internal == "JSONField":  # the backend's own JSON adapter, without the field's per-value checks
        return lambda value: connection.ops.adapt_json_value(value, field.encoder)
    return None


def insert_rows(model, rows: list[dict]) -> None:
    """Insert rows (dicts by field attname) with one executemany: for 100,000s of rows the ORM's bulk_create spends
    most of its time building SQL. Every concrete field but the id is written; a field a row leaves out gets its
    default (auto_now / auto_now_add: now). Values go through the backend's own adapters."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults = {}
    for model_field in fields:
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            defaults[model_field.attname] = now
        elif model_field.has_default() or model_field.null or not model_field.many_to_one:
            defaults[model_field.attname] = model_field.get_default()
    adapters = [(model_field.attname, _adapter(model_field)) for model_field in fields]
    adapted = {  # defaults adapted once, not once a row
        name: adapt(defaults[name]) if adapt is not None and defaults.get(name) is not None else defaults.get(name)
        for name, adapt in adapters
        if name in defaults
    }
    data = []
    for row in rows:
        values = []
        for name, adapt in adapters:
            if name in row:
                value = row[name]
                values.append(adapt(value) if adapt is not None and value is not None else value)
            else:
                values.append(adapted[name])
        data.append(values)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model_field.column) for model_field in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608  table and column names from the model, values as parameters  # nosec B608
    with connection.cursor() as cursor:
        for start in range(0, len(data), 5000):
            cursor.executemany(sql, data[start : start + 5000])


class MemberImporter(PersonImporter):
    """The `members` format: the roll, present and past; a row creates or updates the Person and its Membership."""

    kind = "members"
    members = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.min_age = settings.PTDV_MIN_AGE_YEARS

    def check_row(self, record: dict) -> bool:
        ok = super().check_row(record)
        record["decision_number"] = record["decision_number"][:32]
        for key, message in rules.member_date_problems(
            birth_date=record["birth_date"],
            decision_date=record["decision_date"],
            ceremony_date=record["ceremony_date"],
            full_member_date=record["full_member_date"],
            today=self.today,
            min_age_years=self.min_age,
        ).items():
            self.problem(record["_row"], key, message)
            ok = False
        card = record["card_number"]
        if card:
            if len(card) > 32:
                self.problem(record["_row"], "card_number", _("The card number has at most 32 characters."))
                ok = False
            elif card in self.seen_cards:
                self.problem(record["_row"], "card_number", _("The card number %(number)s is already on row "
                             "%(other)s.") % {"number": card, "other": self.seen_cards[card]})  # fmt: skip
                ok = False
            else:
                self.seen_cards[card] = record["_row"]
        return ok

    def plan(self, records, existing):
        cards = {r["card_number"]: r for r in records if r["card_number"]}
        taken = {}
        if cards:
            taken = {
                card: (citizen_id, person_id)
                for card, citizen_id, person_id in Membership.objects.filter(card_number__in=list(cards)).values_list(
                    "card_number", "person__citizen_id", "person_id"
                )
            }
        holders_outside = self.scope.persons_outside(
            person_id for card, (citizen_id, person_id) in taken.items() if citizen_id != cards[card]["citizen_id"]
        )
        plan = []
        for record in records:
            row = record["_row"]
            person = existing.get(record["citizen_id"])
            if self.refused(record, person):
                continue
            holder, holder_id = taken.get(record["card_number"], (None, None))
            if holder and holder != record["citizen_id"]:
                if holder_id in holders_outside:
                    self.problem(row, "card_number", card_unusable())
                else:
                    self.problem(row, "card_number", _("Card number %(number)s is already given to another member.")
                                 % {"number": record["card_number"]})  # fmt: skip
                continue
            membership = getattr(person, "membership", None) if person else None
            values = _person_values(record)
            member = {key: record[key] for key in MEMBERSHIP_KEYS}
            current = (MembershipStatus.PROBATIONARY, MembershipStatus.FULL)
            if membership is not None and membership.status not in current:
                status = membership.status  # off the roll (struck off, died, transferred out…): its history says so
            elif record["full_member_date"]:
                status = MembershipStatus.FULL
            else:
                status = MembershipStatus.PROBATIONARY
            member["status"] = status
            label = f"{record['full_name']} ({record['citizen_id']})"
            if person is None:
                self.result.count("created", row, label)
                plan.append(("create", record, None, None, None, values, member))
                continue
            same_person = (
                all(getattr(person, k) == v for k, v in values.items()) and person.unit_id == record["unit"].pk
            )
            same_member = (
                membership is not None
                and membership.unit_id == record["unit"].pk
                and all(getattr(membership, k) == v for k, v in member.items())
            )
            if same_person and same_member:
                self.result.count("unchanged", row, label)
                continue
            self.result.count("updated", row, label)
            plan.append(("update", record, person, membership, None, values, member))
        return plan

    def write(self, plan) -> None:
        persons = self.write_persons(plan)
        new, changed, befores = [], [], {}
        for _action, record, _person, membership, _h, _values, member in plan:
            person_id = persons[record["citizen_id"]]
            if membership is None:
                new.append({**member, "person_id": person_id, "unit_id": record["unit"].pk,
                            "admission_unit_id": record["unit"].pk})  # fmt: skip
            else:
                befores[membership.pk] = {**{k: _json(getattr(membership, k)) for k in member},
                                          "unit": membership.unit_id}  # fmt: skip
                for key, value in member.items():
                    setattr(membership, key, value)
                if membership.admission_unit_id in (None, membership.unit_id) and not membership.arrived_on:
                    membership.admission_unit = record["unit"]  # a correction of where the member was admitted
                membership.unit = record["unit"]
                changed.append(membership)
        insert_rows(Membership, new)
        Membership.objects.bulk_update(changed, [*MEMBERSHIP_KEYS, "status", "unit", "admission_unit"], batch_size=1000)
        new_ids = dict(
            Membership.objects.filter(person_id__in=[row["person_id"] for row in new]).values_list("person_id", "pk")
        )
        keys = [*MEMBERSHIP_KEYS, "status"]
        for row in new:
            after = {**{k: _json(row[k]) for k in keys}, "unit": row["unit_id"], "person": row["person_id"]}
            self.event("membership.import", "membership.membership", new_ids[row["person_id"]], row["unit_id"],
                       None, after)  # fmt: skip
        for membership in changed:
            after = {**{k: _json(getattr(membership, k)) for k in keys}, "unit": membership.unit_id}
            self.event("membership.import", "membership.membership", membership.pk, membership.unit_id,
                       befores[membership.pk], after)  # fmt: skip
        decisions = {row["person_id"]: row["decision_date"] for row in new}
        decisions.update({m.person_id: m.decision_date for m in changed})
        self._close_pool_entries(decisions)
        self.flush_events()
        # The admission records and monthly rollups the reports read, in this same transaction: the memberships
        # as written, with their persons, built from what this batch holds rather than read back.
        written = []
        for _action, record, person, membership, _h, values, member in plan:
            if membership is None:
                person_id = persons[record["citizen_id"]]
                membership = SimpleNamespace(pk=new_ids[person_id], unit_id=record["unit"].pk, **member)
                membership.person = SimpleNamespace(pk=person_id, **values)
            else:
                membership.person = person
            written.append(membership)
        admission_records_sync(memberships=written, as_written=True)
        # The roll's history: the admission's own events (decision, ceremony, recognition) from the rows.
        from ptdv.membership.history import base_sync

        base_sync(Membership.objects.filter(person_id__in=list(persons.values())), actor=self.actor)

    def _close_pool_entries(self, decisions: dict[int, datetime.date]) -> None:
        """A person now on the roll leaves the pool (reason: admission), on the decision date or later."""
        if not decisions:
            return
        for candidate in Candidate.objects.filter(person_id__in=list(decisions), left_on__isnull=True):
            candidate.left_on = max(decisions[candidate.person_id], candidate.entered_on)
            candidate.leave_reason = LeaveReason.ADMISSION
            candidate.save(update_fields=["left_on", "leave_reason"])
            HelperAssignment.objects.filter(candidate=candidate, ended_on__isnull=True).update(
                ended_on=candidate.left_on
            )
            self.event("candidate.leave", "people.candidate", candidate.pk, candidate.unit_id, None,
                       {"left_on": candidate.left_on.isoformat(), "leave_reason": candidate.leave_reason})  # fmt: skip


# ---------------------------------------------------------------- movements of the roll


# Which column a refusal of the roll's rules (membership.rules, membership.movements) belongs to.
MOVEMENT_PROBLEM_COLUMNS = {
    "before_admission": "date",
    "future": "date",
    "not_in_unit": "unit_code",
    "same_unit": "unit_code",
    "no_unit": "unit_code",
    "not_internal": "unit_code",
    "wrong_cell": "unit_code",
}


class MovementImporter(Importer):
    """The `movements` format: one dated event of the roll per row, applied in date order through the roll's
    services (membership.movements), so that a row that does not fit the member's history at its date is refused as
    it would be on the page. A movement is the same when its person, kind and date are: importing a file again
    changes nothing. A `transfer_in` of a person not yet in the system creates them from the `members` columns."""

    kind = "movements"
    needs_transaction_for_dry_run = True
    ARRIVAL_REQUIRED = ["full_name", "birth_date", "sex", "occupation", "decision_date"]

    def run(self, rows, *, write: bool) -> None:
        from ptdv.membership.models import RollEvent

        self.prepare()
        records = []
        seen = {}
        for number, values in rows:
            record = self.parse(number, values)
            if record is None:
                continue
            record["unit_code"] = record["unit_code"].upper()
            key = (record["citizen_id"], record["kind"], record["date"])
            if key in seen:
                self.problem(number, "kind", _("The same movement of this person on this date is already on row "
                             "%(other)s.") % {"other": seen[key]})  # fmt: skip
                continue
            seen[key] = number
            records.append(record)
        self.load_units(r["unit_code"] for r in records if r["unit_code"])
        persons = {
            p.citizen_id: p
            for p in Person.objects.filter(citizen_id__in=[r["citizen_id"] for r in records]).select_related(
                "membership"
            )
        }
        outside = self.scope.persons_outside(p.pk for p in persons.values())
        existing = set()
        if persons:
            existing = set(
                RollEvent.objects.filter(membership__person__in=list(persons.values())).values_list(
                    "membership__person__citizen_id", "kind", "date"
                )
            )
        for record in sorted(records, key=lambda r: (r["date"], r["_row"])):
            self.apply(record, persons, outside, existing)

    def apply(self, record: dict, persons: dict, outside: set, existing: set) -> None:
        from ptdv.membership import movements
        from ptdv.membership.models import RollEvent

        row, kind = record["_row"], record["kind"]
        label = f"{record['citizen_id']} {kind} {_fmt(record['date'])}"
        person = persons.get(record["citizen_id"])
        if person is not None and person.pk in outside:
            self.problem(row, "citizen_id", person_unusable())
            return
        unit = None
        if record["unit_code"]:
            unit = self.unit_for(record)
            if unit is None:
                return
        if (record["citizen_id"], kind, record["date"]) in existing:
            event = RollEvent.objects.filter(membership__person=person, kind=kind, date=record["date"]).first()
            changes = {
                name: record[name]
                for name in ("other_place", "document_number", "document_date", "note")
                if record[name] not in (None, "") and getattr(event, name) != record[name]
            }
            if not changes:
                self.result.count("unchanged", row, label)
                return
            for name, value in changes.items():
                setattr(event, name, value)
            event.save(update_fields=list(changes))
            before = {k: _json(v) for k, v in changes.items()}
            after = {k: _json(getattr(event, k)) for k in changes}
            self.event(f"membership.{kind}", "membership.membership", event.membership_id, None, before, after)
            self.flush_events()
            self.result.count("updated", row, label)
            return
        if kind in ("transfer_in", "internal") and unit is None:
            self.problem(row, "unit_code", _("Name the cell the member moves to."))
            return
        membership = getattr(person, "membership", None) if person is not None else None
        if membership is None:
            if person is not None or kind != "transfer_in":
                if self.scope.unlimited or person is not None:
                    self.problem(row, "citizen_id", _("No party member with this citizen ID is on the roll."))
                else:
                    self.problem(row, "citizen_id", person_unusable())
                return
            membership = self.arrive(record, unit)
            if membership is None:
                return
            self.result.count("created", row, label)
            persons[record["citizen_id"]] = membership.person
            return
        document = {
            "other_place": record["other_place"],
            "document_number": record["document_number"],
            "document_date": record["document_date"],
            "note": record["note"],
        }
        destination = kind in ("transfer_in", "internal", "temporary_out", "restored")
        try:
            with transaction.atomic():
                movements.movement_record(
                    actor=self.actor, membership=membership, kind=kind, on=record["date"],
                    unit=unit if destination else None, origin=None if destination else unit, **document,
                )  # fmt: skip
        except ValidationError as error:
            code = getattr(error, "code", "")
            if code == "out_of_scope":
                self.problem(row, "citizen_id", person_unusable())
            else:
                self.problem(row, MOVEMENT_PROBLEM_COLUMNS.get(code, "kind"), " ".join(error.messages))
            return
        membership.refresh_from_db()
        self.result.count("created", row, label)

    def arrive(self, record: dict, unit):
        """A member arriving from outside the system (transfer_in with the `members` columns): the person and their
        membership from that date — their admission elsewhere is not an admission of the receiving unit."""
        from ptdv.membership import movements
        from ptdv.membership.history import base_sync
        from ptdv.people.services import person_create

        row = record["_row"]
        missing = [key for key in self.ARRIVAL_REQUIRED if record.get(key) in (None, "")]
        for key in missing:
            self.problem(row, key, _("A member arriving from outside the system needs this column: fill it in."))
        if missing:
            return None
        if record["decision_date"] > record["date"]:
            self.problem(row, "decision_date", _("The admission decision is after the date of arrival."))
            return None
        values = _person_values(record)
        try:
            with transaction.atomic():
                person = person_create(actor=self.actor, unit=unit, citizen_id=record["citizen_id"], **values)
                full = record["full_member_date"]
                membership = Membership.objects.create(
                    person=person, unit=unit, admission_unit=None, arrived_on=record["date"],
                    status=MembershipStatus.FULL if full and full <= record["date"] else MembershipStatus.PROBATIONARY,
                    decision_date=record["decision_date"], decision_number=record["decision_number"][:32],
                    ceremony_date=record["ceremony_date"], full_member_date=full,
                    card_number=record["card_number"][:32], readmitted=record["readmitted"],
                )  # fmt: skip
                movements.movement_record(
                    actor=self.actor, membership=membership, kind="transfer_in", on=record["date"], unit=unit,
                    status=membership.status, other_place=record["other_place"],
                    document_number=record["document_number"], document_date=record["document_date"],
                    note=record["note"],
                )  # fmt: skip
                base_sync([membership], actor=self.actor, lenient=False)
        except ValidationError as error:
            columns = {key: key for key in [*PERSON_KEYS, "citizen_id"]}
            if hasattr(error, "error_dict"):
                self.service_problems(row, error, {**columns, "__all__": "kind"})
            else:
                self.problem(row, MOVEMENT_PROBLEM_COLUMNS.get(getattr(error, "code", ""), "kind"),
                             " ".join(error.messages))  # fmt: skip
            return None
        return membership


IMPORTERS = {
    "units": UnitImporter,
    "people": PersonImporter,
    "members": MemberImporter,
    "movements": MovementImporter,
    "quotas": QuotaImporter,
}

# Importers in modules of their own (ptdv/exchange/importing/), registered here.
from .importing.ratings import RatingImporter  # noqa: E402

IMPORTERS["ratings"] = RatingImporter
