"""Writes of the reports app: the admission records and their monthly rollups, kept with every membership."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from ptdv.membership.models import Membership, MembershipStatus
from ptdv.people.choices import MAJORITY_ETHNIC_GROUP, NO_RELIGION, Sex

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
        "unit_id": membership.unit_id,
        "decision_date": membership.decision_date,
        "occupation": person.occupation,
        "age": rules.age_on(person.birth_date, membership.decision_date),
        "woman": person.sex == Sex.FEMALE,
        "ethnic_minority": person.ethnicity != MAJORITY_ETHNIC_GROUP,
        "religious": person.religion != NO_RELIGION,
        "youth_union": person.youth_union,
        "business_owner": person.business_owner,
        "readmitted": membership.readmitted,
        "struck_off": membership.status == MembershipStatus.STRUCK_OFF,
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


@transaction.atomic
def admission_records_sync(*, memberships: Iterable[Membership]) -> int:
    """Bring the admission records of these memberships (new, changed or struck off) and the monthly rollups of the
    cells and months they touch up to date. Call it in the transaction that writes the memberships: the membership
    services and the members import do. Returns how many records were written."""
    memberships = list(memberships)
    if not memberships:
        return 0
    if not all(Membership.person.is_cached(m) for m in memberships):
        ids = [m.pk for m in memberships]
        memberships = [
            m for chunk in _chunks(ids) for m in Membership.objects.filter(pk__in=chunk).select_related("person")
        ]
    existing = {}
    for chunk in _chunks([m.pk for m in memberships]):
        existing.update({r.membership_id: r for r in AdmissionRecord.objects.filter(membership_id__in=chunk)})
    touched: set[tuple[int, datetime.date]] = set()
    to_create, to_update = [], []
    for membership in memberships:
        values = _record_values(membership)
        touched.add((values["unit_id"], rules.month_start(values["decision_date"])))
        record = existing.get(membership.pk)
        if record is None:
            to_create.append(AdmissionRecord(membership_id=membership.pk, **values))
            continue
        touched.add((record.unit_id, rules.month_start(record.decision_date)))
        if any(getattr(record, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(record, field, value)
            to_update.append(record)
    AdmissionRecord.objects.bulk_create(to_create, batch_size=2000)
    AdmissionRecord.objects.bulk_update(to_update, RECORD_FIELDS, batch_size=2000)
    _rollups_rebuild_for(touched)
    return len(to_create) + len(to_update)


def _rollups_rebuild_for(touched: set[tuple[int, datetime.date]]) -> None:
    """Recount the rollup rows of these (cell, month) pairs from the admission records."""
    by_unit: dict[int, set[datetime.date]] = defaultdict(set)
    for unit_id, month in touched:
        by_unit[unit_id].add(month)
    unit_ids = sorted(by_unit)
    for chunk in _chunks(unit_ids, 200):
        first = min(min(by_unit[u]) for u in chunk)
        counts: dict[tuple[int, datetime.date], Counter] = defaultdict(Counter)
        for record in AdmissionRecord.objects.filter(unit_id__in=chunk, decision_date__gte=first):
            month = rules.month_start(record.decision_date)
            if month in by_unit[record.unit_id]:
                counts[(record.unit_id, month)].update(rules.keys_of(record_facts(record)))
        for unit_id in chunk:
            AdmissionRollup.objects.filter(unit_id=unit_id, month__in=sorted(by_unit[unit_id])).delete()
        AdmissionRollup.objects.bulk_create(
            (
                AdmissionRollup(unit_id=unit_id, month=month, key=key, value=value)
                for (unit_id, month), counter in counts.items()
                for key, value in counter.items()
                if value
            ),
            batch_size=5000,
        )


@transaction.atomic
def rollups_rebuild() -> tuple[int, int]:
    """Recreate every admission record from the roll and every rollup from the records (after a bulk load, or to
    check them). Returns (records, rollup rows)."""
    AdmissionRollup.objects.all().delete()
    AdmissionRecord.objects.all().delete()
    batch = []
    written = 0
    for membership in Membership.objects.select_related("person").order_by("pk").iterator(chunk_size=2000):
        batch.append(AdmissionRecord(membership_id=membership.pk, **_record_values(membership)))
        if len(batch) >= 2000:
            AdmissionRecord.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    AdmissionRecord.objects.bulk_create(batch)
    written += len(batch)
    counts: dict[tuple[int, datetime.date], Counter] = defaultdict(Counter)
    for record in AdmissionRecord.objects.order_by().iterator(chunk_size=5000):
        counts[(record.unit_id, rules.month_start(record.decision_date))].update(rules.keys_of(record_facts(record)))
    rows = AdmissionRollup.objects.bulk_create(
        (
            AdmissionRollup(unit_id=unit_id, month=month, key=key, value=value)
            for (unit_id, month), counter in counts.items()
            for key, value in counter.items()
            if value
        ),
        batch_size=5000,
    )
    return written, len(rows)


def describe_rebuild(records: int, rows: int) -> str:
    return _("Rebuilt %(records)s admission records and %(rows)s rollup rows.") % {"records": records, "rows": rows}
