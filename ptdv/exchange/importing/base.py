"""What every importer shares: the result and its problems, the row parser, units by code, fast inserts."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from ptdv.units.access import can_edit_unit
from ptdv.units.models import Unit

from .. import rules
from ..formats import FORMATS
from ..scope import (
    Scope,
    unit_not_yours,
)
from ..xlsx import Formula

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


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


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
