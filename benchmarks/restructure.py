"""Benchmark: a restructuring act (issue #17) on a province of N members (default 300,000): two districts' worth of
units (2 × 30 grassroots committees × 10 cells) merged into a new district, timed for the preview, the act and
its undo.

    .venv/bin/python benchmarks/restructure.py [--members 300000] [--curve]
    DATABASE_URL=postgres://postgres@127.0.0.1/ptdv .venv/bin/python benchmarks/restructure.py

The province is roll_history.py's (10 districts × 30 grassroots committees × 10 cells, N members with their roll
history and a year of movements), with an admission record per member and the rollups. The act dates from 1/7/2026:
the 60 grassroots committees are re-parented under the new district with their cells, the admissions of the moved
units from that date are recounted under the new tree, the two districts close. `--curve` also runs 30,000 and
100,000 members first."""

import argparse
import datetime
import time

from benchlib import throwaway_database
from django.db import connection, transaction
from roll_history import build

ACT_DAY = datetime.date(2026, 7, 1)


def admission_records() -> None:
    """One admission record per member admitted here, then the rollups (as the members import leaves them)."""
    from ptdv.exchange.importing.base import insert_rows
    from ptdv.membership.models import Membership
    from ptdv.reports.models import AdmissionRecord
    from ptdv.reports.services import rollups_rebuild

    rows = []
    for pk, unit_id, decided in Membership.objects.values_list("pk", "admission_unit_id", "decision_date").iterator(
        chunk_size=20_000
    ):
        rows.append({"membership_id": pk, "unit_id": unit_id, "decision_date": decided, "occupation": "public_employee",
                     "age": decided.year - 1970})  # fmt: skip
        if len(rows) >= 20_000:
            insert_rows(AdmissionRecord, rows)
            rows = []
    if rows:
        insert_rows(AdmissionRecord, rows)
    rollups_rebuild()


def run(members: int) -> dict:
    from ptdv.membership.selectors import roll_on
    from ptdv.reports.selectors import admissions_report
    from ptdv.restructuring.services import (
        ActInput,
        ItemInput,
        restructure_apply,
        restructure_preview,
        restructure_undo,
    )
    from ptdv.units.models import Unit
    from ptdv.units.services import unit_create

    with throwaway_database():
        began = time.perf_counter()
        root, *_ = build(members)
        admission_records()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        built = time.perf_counter() - began
        first, second = Unit.objects.get(code="T.0"), Unit.objects.get(code="T.1")
        new = unit_create(actor=None, parent=root, code="T.N", name="Huyện mới", unit_type="district",
                          valid_from=ACT_DAY)  # fmt: skip
        moving = roll_on(unit=first, day=ACT_DAY)["count"] + roll_on(unit=second, day=ACT_DAY)["count"]
        total = roll_on(unit=root, day=datetime.date(2026, 11, 1))["count"]
        report = admissions_report(unit=root, date_from=datetime.date(2026, 1, 1), date_to=datetime.date(2026, 11, 1))
        items = [ItemInput(source=first, successor=new), ItemInput(source=second, successor=new)]
        act = ActInput(date=ACT_DAY, decision_number="1-QĐ/TU", items=items)
        t = time.perf_counter()
        preview = restructure_preview(actor=None, act=act)
        t_preview = time.perf_counter() - t
        assert preview.ok, preview.problems
        t = time.perf_counter()
        with transaction.atomic():
            record = restructure_apply(actor=None, act=act)
        t_apply = time.perf_counter() - t
        assert roll_on(unit=new, day=ACT_DAY)["count"] == moving
        assert roll_on(unit=root, day=datetime.date(2026, 11, 1))["count"] == total
        after = admissions_report(unit=root, date_from=datetime.date(2026, 1, 1), date_to=datetime.date(2026, 11, 1))
        assert after["admitted"] == report["admitted"]
        units = len(preview.plans[0].units) + len(preview.plans[1].units)
        t = time.perf_counter()
        restructure_undo(actor=None, act=record)
        t_undo = time.perf_counter() - t
        return {"members": members, "moving": moving, "units": units, "built": built, "preview": t_preview,
                "apply": t_apply, "undo": t_undo}  # fmt: skip


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=300_000)
    parser.add_argument("--curve", action="store_true")
    args = parser.parse_args()
    sizes = [30_000, 100_000, args.members] if args.curve else [args.members]
    for members in sizes:
        figures = run(members)
        print(f"engine: {connection.vendor}; {figures['members']:,} members (built in {figures['built']:.0f} s); "
              f"two districts merged: {figures['units']} grassroots committees re-parented with their cells, "
              f"{figures['moving']:,} members under them; preview {figures['preview']:.2f} s, "
              f"act {figures['apply']:.2f} s, undo {figures['undo']:.2f} s", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
