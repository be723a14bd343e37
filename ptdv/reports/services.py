"""Writes of the reports app: the admission records and their monthly rollups, kept with every membership."""

from collections import Counter
from collections.abc import Iterable
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import Max
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from ptdv.membership.models import Membership, MembershipStatus
from ptdv.people.choices import MAJORITY_ETHNIC_GROUP, NO_RELIGION, Sex
from ptdv.units.history import TreeHistory
from ptdv.units.models import UnitPlacement
from ptdv.units.rules import PATH_STEP

from . import rules
from .models import AdmissionRecord, AdmissionRollup

RECORD_FIELDS = [
    "unit_id",
    "decision_date",
    "occupation",
    "age",
    "woman",
    "ethnic_minority",
    "religious",
    "youth_union",
    "business_owner",
    "readmitted",
    "struck_off",
]
CHUNK = 500  # ids per IN (...) query: far below SQLite's limit on parameters


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _record_values(membership: Membership) -> dict:
    person = membership.person
    return {
        "unit_id": getattr(membership, "admission_unit_id", None) or membership.unit_id,
        "decision_date": membership.decision_date,
        "occupation": person.occupation,
        "age": rules.age_on(person.birth_date, membership.decision_date),
        "woman": person.sex == Sex.FEMALE,
        "ethnic_minority": person.ethnicity != MAJORITY_ETHNIC_GROUP,
        "religious": person.religion != NO_RELIGION,
        "youth_union": person.youth_union,
        "business_owner": person.business_owner,
        "readmitted": membership.readmitted,
        # Struck off during probation (statistics.md shows them apart); a full member struck off later is not.
        "struck_off": membership.status == MembershipStatus.STRUCK_OFF and not membership.full_member_date,
    }


def record_facts(record: AdmissionRecord) -> rules.AdmissionFacts:
    categories = frozenset(code for code in rules.CATEGORIES if getattr(record, code))
    return rules.AdmissionFacts(
        decision_date=record.decision_date,
        occupation=record.occupation,
        age=record.age,
        categories=categories,
        struck_off=record.struck_off,
    )


def contributions(records: Iterable, *, sign: int = 1, history: TreeHistory | None = None) -> Counter:
    """{(unit id, month, key): value} the records add to the rollups: each admission counts in its cell and every
    unit above it, as the tree stood on the decision date."""
    records = list(records)
    history = history or TreeHistory()
    ancestors = history.ancestors_on((record.unit_id, record.decision_date) for record in records)
    result = Counter()
    for record in records:
        month = rules.month_start(record.decision_date)
        keys = rules.keys_of(record_facts(record))
        for unit_id in ancestors[(record.unit_id, record.decision_date)] or [record.unit_id]:
            for key, value in keys.items():
                result[(unit_id, month, key)] += sign * value
    return result


def _rollups_add(deltas: Counter) -> None:
    """Add the deltas to the rollup rows, creating them as needed, in one statement per batch: INSERT … ON CONFLICT
    DO UPDATE adds to the stored value, so concurrent admissions in one unit and month never lose a count (the same
    SQL on SQLite and PostgreSQL)."""
    rows = [(unit_id, month, key, value) for (unit_id, month, key), value in deltas.items() if value]
    if not rows:
        return
    quote = connection.ops.quote_name
    table, unit, month, key, value = (
        quote(name) for name in (AdmissionRollup._meta.db_table, "unit_id", "month", "key", "value")
    )
    # Names from the model, values as parameters.
    sql = (
        f"INSERT INTO {table} ({unit}, {month}, {key}, {value}) VALUES (%s, %s, %s, %s) "  # noqa: S608  names from the model, values as parameters  # nosec B608
        f"ON CONFLICT ({unit}, {month}, {key}) DO UPDATE SET {value} = {table}.{value} + excluded.{value}"
    )
    with connection.cursor() as cursor:
        for batch in _chunks(rows, 2000):
            cursor.executemany(sql, batch)
    touched_units = sorted({unit_id for unit_id, _month, _key, value in rows if value < 0})
    for chunk in _chunks(touched_units):
        AdmissionRollup.objects.filter(unit_id__in=chunk, value=0).delete()


@transaction.atomic
def admission_records_sync(*, memberships: Iterable[Membership], as_written: bool = False) -> int:
    """Bring the admission records of these memberships (new, changed or struck off) and the rollups they count in
    up to date. Call it in the transaction that writes the memberships: the membership services and the members
    import do. Returns how many records were written.

    as_written: the caller hands the memberships as it wrote them, each with its `person` — plain objects with
    the fields _record_values reads (the members import does, to build no model instances for 100,000 rows)."""
    memberships = list(memberships)
    # A member who came from outside the system was not admitted here: no admission record.
    memberships = [m for m in memberships if not getattr(m, "arrived_on", None)]
    if not memberships:
        return 0
    if not as_written and not all(Membership.person.is_cached(m) for m in memberships):
        ids = [m.pk for m in memberships]
        memberships = [
            m for chunk in _chunks(ids) for m in Membership.objects.filter(pk__in=chunk).select_related("person")
        ]
    existing = {}
    for chunk in _chunks([m.pk for m in memberships]):
        existing.update({r.membership_id: r for r in AdmissionRecord.objects.filter(membership_id__in=chunk)})
    to_create, to_update, before = [], [], []
    for membership in memberships:
        values = _record_values(membership)
        record = existing.get(membership.pk)
        if record is None:
            to_create.append(SimpleNamespace(membership_id=membership.pk, **values))
            continue
        if any(getattr(record, field) != value for field, value in values.items()):
            before.append(AdmissionRecord(**{field: getattr(record, field) for field in RECORD_FIELDS}))
            for field, value in values.items():
                setattr(record, field, value)
            to_update.append(record)
    # New records as plain rows in one statement per batch (a members import brings 100,000 at once).
    columns = ["membership_id", *RECORD_FIELDS]
    for batch in _chunks(to_create, 2000):
        _insert_rows(AdmissionRecord._meta.db_table, columns, [tuple(getattr(r, c) for c in columns) for r in batch])
    AdmissionRecord.objects.bulk_update(to_update, RECORD_FIELDS, batch_size=2000)
    history = TreeHistory()
    deltas = contributions(before, sign=-1, history=history)
    deltas.update(contributions([*to_create, *to_update], history=history))
    _rollups_add(deltas)
    return len(to_create) + len(to_update)


def _insert_rows(table: str, columns: list[str], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608  quoted names from the model, values as parameters  # nosec B608


def _month_of(column: str) -> str:
    """SQL for the first day of the month of a date column (SQLite keeps dates as ISO text)."""
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"SUBSTR({column}, 1, 7) || '-01'"


def _age_band_sql(column: str) -> str:
    """rules.age_band in SQL."""
    cases = " ".join(
        f"WHEN {column} <= {int(band.split('-')[1])} THEN '{band}'" for band in rules.AGE_BANDS if band != "over-60"
    )
    return f"CASE {cases} ELSE 'over-60' END"


def _rollups_rebuild_sql() -> None:
    """Every rollup row from the admission records, in the database: each record joined to its cell's placement on
    the decision date and to the placements of the paths above it that day, then counted per unit, month and key
    — the same keys as rules.keys_of (a test compares the two)."""
    quote = connection.ops.quote_name
    records, placements, rollups = (
        quote(model._meta.db_table) for model in (AdmissionRecord, UnitPlacement, AdmissionRollup)
    )
    holds = (
        "({p}.valid_from <= r.decision_date OR {p}.is_first) "
        "AND ({p}.valid_to IS NULL OR {p}.valid_to >= r.decision_date)"
    )
    longest = UnitPlacement.objects.aggregate(longest=Max(Length("path")))["longest"] or 0
    depth = longest // PATH_STEP
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE ptdv_attribution (record_id bigint, unit_id bigint, month date)")
        try:
            for level in range(1, depth + 1):
                cursor.execute(
                    f"INSERT INTO ptdv_attribution (record_id, unit_id, month) "  # noqa: S608  our own table names and SQL fragments, no user input  # nosec B608
                    f"SELECT r.id, a.unit_id, {_month_of('r.decision_date')} FROM {records} r "
                    f"JOIN {placements} c ON c.unit_id = r.unit_id AND {holds.format(p='c')} "
                    f"JOIN {placements} a ON a.path = SUBSTR(c.path, 1, %s) AND {holds.format(p='a')} "
                    f"WHERE LENGTH(c.path) >= %s",
                    [level * PATH_STEP, level * PATH_STEP],
                )
            insert = f"INSERT INTO {rollups} (unit_id, month, {quote('key')}, {quote('value')}) "
            joined = f"FROM ptdv_attribution t JOIN {records} r ON r.id = t.record_id"
            cursor.execute(
                insert + f"SELECT t.unit_id, t.month, 'total', COUNT(*) {joined} GROUP BY t.unit_id, t.month"
            )
            cursor.execute(
                insert + f"SELECT t.unit_id, t.month, 'age_sum', SUM(r.age) {joined} "
                "GROUP BY t.unit_id, t.month HAVING SUM(r.age) > 0"
            )
            for key, column in [("struck_off", "struck_off")] + [(f"category:{c}", c) for c in rules.CATEGORIES]:
                counted = f"SUM(CASE WHEN r.{column} THEN 1 ELSE 0 END)"
                cursor.execute(
                    insert + f"SELECT t.unit_id, t.month, '{key}', {counted} {joined} "
                    f"GROUP BY t.unit_id, t.month HAVING {counted} > 0"
                )
            cursor.execute(
                insert + f"SELECT t.unit_id, t.month, 'occupation:' || r.occupation, COUNT(*) {joined} "
                "GROUP BY t.unit_id, t.month, r.occupation"
            )
            band = _age_band_sql("r.age")
            cursor.execute(
                insert + f"SELECT t.unit_id, t.month, 'age_band:' || {band}, COUNT(*) {joined} "
                f"GROUP BY t.unit_id, t.month, {band}"
            )
        finally:
            cursor.execute("DROP TABLE ptdv_attribution")


@transaction.atomic
def rollups_rebuild() -> tuple[int, int]:
    """Recreate every admission record from the roll and every rollup from the records (after a bulk load, or to
    check them). Returns (records, rollup rows)."""
    AdmissionRollup.objects.all().delete()
    AdmissionRecord.objects.all().delete()
    columns = ["membership_id", *RECORD_FIELDS]
    written = 0
    batch = []
    memberships = Membership.objects.filter(arrived_on__isnull=True).select_related("person").order_by("pk")
    for membership in memberships.iterator(chunk_size=5000):
        values = _record_values(membership)
        batch.append((membership.pk, *(values[field] for field in RECORD_FIELDS)))
        if len(batch) >= 5000:
            _insert_rows(AdmissionRecord._meta.db_table, columns, batch)
            written += len(batch)
            batch = []
    _insert_rows(AdmissionRecord._meta.db_table, columns, batch)
    written += len(batch)
    _rollups_rebuild_sql()
    return written, AdmissionRollup.objects.count()


def describe_rebuild(records: int, rows: int) -> str:
    return _("Rebuilt %(records)s admission records and %(rows)s rollup rows.") % {"records": records, "rows": rows}
