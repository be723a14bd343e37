"""Benchmark: the roll as a dated history (roll.md) — the roll of a unit on a date, and a year's Biểu 1 — over a
province of N members (default 300,000) with a year of movements, beside counting them from the raw history.

    .venv/bin/python benchmarks/roll_history.py [--members 300000]
    DATABASE_URL=postgres://postgres@127.0.0.1/ptdv .venv/bin/python benchmarks/roll_history.py

Builds a throw-away database: a province of 10 districts × 30 grassroots committees × 10 cells (3,000 cells), N
members admitted 2000–2025 (each with its admission and recognition events), and in 2026 about 6% of them moving:
transfers between cells of the province, to and from other provinces, deaths, exits, exemptions. The events and the
periods are written as the services write them (membership.rules.replay). Then it times:
- `roll_on` (the roll of a unit on a date) for the province, a district, a grassroots committee and a cell;
- `movements_report` (Biểu 1 with the year earlier and the children) for the same units and the year 2026;
- the same figures counted from the raw history (the reference): every event read and replayed in Python, then the
  unit's members counted; the figures must be equal, and the ratio of the times is printed.
The events and periods are bulk-inserted, so the rollups (membership.counts) are counted once as `ptdv
rebuild_rollups` does; the services keep them up to date in each movement's transaction.
"""

import argparse
import datetime
import random
import time

from benchlib import throwaway_database
from django.db import connection

DISTRICTS, GRASSROOTS, CELLS = 10, 30, 10


def build(members: int):
    from ptdv.exchange.services import insert_rows
    from ptdv.membership import rules as roll
    from ptdv.membership.models import Membership, RollEvent, RollPeriod
    from ptdv.people.models import Person
    from ptdv.units import rules
    from ptdv.units.models import Unit
    from ptdv.units.services import unit_placements_backfill

    rng = random.Random(2026)
    start = datetime.date(2000, 1, 1)
    root = Unit.objects.create(code="T", name="Tỉnh", unit_type="province", path="0000", depth=1, valid_from=start)
    districts = Unit.objects.bulk_create(
        Unit(code=f"T.{d}", name=f"Huyện {d}", unit_type="district", parent=root, path=root.path + rules.path_step(d),
             depth=2, valid_from=start)
        for d in range(DISTRICTS)
    )  # fmt: skip
    grassroots = Unit.objects.bulk_create(
        Unit(code=f"{d.code}.{g}", name=f"Đảng bộ {d.code}.{g}", unit_type="grassroots_committee", parent=d,
             path=d.path + rules.path_step(g), depth=3, valid_from=start)
        for d in districts for g in range(GRASSROOTS)
    )  # fmt: skip
    cells = Unit.objects.bulk_create(
        (Unit(code=f"{g.code}.{c}", name=f"Chi bộ {c}", unit_type="cell", parent=g, path=g.path + rules.path_step(c),
              depth=4, valid_from=start)
         for g in grassroots for c in range(CELLS)),
        batch_size=5000,
    )  # fmt: skip
    unit_placements_backfill()
    cell_ids = [c.pk for c in cells]
    year = datetime.date(2026, 1, 1)
    for chunk in range(0, members, 10_000):
        count = min(10_000, members - chunk)
        insert_rows(Person, [
            {"full_name": f"Đảng viên {n}", "sex": "male", "citizen_id": f"{1_000_000_000 + n:012d}",
             "birth_date": datetime.date(1970, 1, 1), "occupation": "public_employee",
             "unit_id": rng.choice(cell_ids)}
            for n in range(chunk, chunk + count)
        ])  # fmt: skip
        persons = list(Person.objects.filter(citizen_id__gte=f"{1_000_000_000 + chunk:012d}",
                                             citizen_id__lt=f"{1_000_000_000 + chunk + count:012d}"))  # fmt: skip
        plans = []
        for p in persons:
            decided = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 26))
            steps = [roll.Step(key=0, kind=roll.ADMITTED, date=decided, unit=p.unit_id, status="probationary", seq=0)]
            full = decided + datetime.timedelta(days=380)
            if full < datetime.date(2026, 11, 30):
                steps.append(roll.Step(key=1, kind=roll.FULL, date=full, seq=1))
            draw = rng.random()
            day = year + datetime.timedelta(days=rng.randrange(330))
            if day > decided and day > full:
                if draw < 0.03:
                    steps.append(roll.Step(key=2, kind=roll.TRANSFER_IN, date=day, unit=rng.choice(cell_ids), seq=2))
                elif draw < 0.04:
                    steps.append(roll.Step(key=2, kind=roll.TRANSFER_OUT, date=day, seq=2))
                elif draw < 0.05:
                    steps.append(roll.Step(key=2, kind=rng.choice(roll.EXITS), date=day, seq=2))
                elif draw < 0.06:
                    steps.append(roll.Step(key=2, kind=roll.EXEMPTED, date=day, seq=2))
            history = roll.replay(steps, lenient=True)
            plans.append((p, history))
        rows = []
        for p, history in plans:
            final = history.final
            rows.append({"person_id": p.pk, "unit_id": final.unit, "admission_unit_id": history.replayed[0].after.unit,
                         "status": final.status if final.on_roll else {"transfer_out": "transferred_out"}.get(
                             final.left, final.left), "decision_date": history.replayed[0].step.date,
                         "exempted": final.exempted})  # fmt: skip
        insert_rows(Membership, rows)
        ids = dict(Membership.objects.filter(person_id__gte=persons[0].pk, person_id__lte=persons[-1].pk).values_list(
            "person_id", "pk"))  # fmt: skip
        events, periods = [], []
        for p, history in plans:
            for item in history.replayed:
                s = item.step
                events.append({
                    "membership_id": ids[p.pk], "kind": s.kind, "date": s.date, "unit_id": s.unit, "status": s.status,
                    "other_place": "Tỉnh khác" if s.kind == roll.TRANSFER_OUT else "",
                    "unit_before_id": item.before.unit if item.before.on_roll else None,
                    "unit_after_id": item.after.unit if item.after.on_roll else None,
                    "status_before": item.before.status if item.before.on_roll else "",
                    "status_after": item.after.status if item.after.on_roll else "",
                })  # fmt: skip
            periods.extend({"membership_id": ids[p.pk], "unit_id": period.unit, "status": period.status,
                            "exempted": period.exempted, "valid_from": period.valid_from,
                            "valid_to": period.valid_to} for period in history.periods)  # fmt: skip
        insert_rows(RollEvent, events)
        insert_rows(RollPeriod, periods)
    return root, districts[0], grassroots[0], cells[0]


def _holds(period, day: datetime.date) -> bool:
    return period.valid_from <= day and (period.valid_to is None or period.valid_to >= day)


def raw_histories() -> list:
    """Every member's events read from the table and replayed in Python (membership.rules.replay): the raw history
    the reference counts from."""
    from collections import defaultdict

    from ptdv.membership import rules as roll
    from ptdv.membership.models import RollEvent

    by_member = defaultdict(list)
    for row in RollEvent.objects.values_list("membership_id", "pk", "kind", "date", "unit_id", "status").iterator(
        chunk_size=20_000
    ):
        by_member[row[0]].append(roll.Step(key=row[1], kind=row[2], date=row[3], unit=row[4], status=row[5],
                                           seq=row[1]))  # fmt: skip
    return [roll.replay(steps, lenient=True) for steps in by_member.values()]


def raw_figures(histories, unit, day: datetime.date, date_from: datetime.date, date_to: datetime.date) -> tuple:
    """(the roll on `day`, start, gains, losses, end) of the unit's subtree, counted from the replayed histories."""
    from ptdv.units.models import Unit, subtree_q

    inside = set(Unit.objects.filter(subtree_q(unit.path)).values_list("pk", flat=True))
    before = date_from - datetime.timedelta(days=1)
    on_day = start = end = gains = losses = 0
    for history in histories:
        on_day += any(p.unit in inside for p in history.periods if _holds(p, day))
        start += any(p.unit in inside for p in history.periods if _holds(p, before))
        end += any(p.unit in inside for p in history.periods if _holds(p, date_to))
        for item in history.replayed:
            if date_from <= item.step.date <= date_to:
                was = item.before.on_roll and item.before.unit in inside
                now = item.after.on_roll and item.after.unit in inside
                gains += now and not was
                losses += was and not now
    return on_day, start, gains, losses, end


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=300_000)
    parser.add_argument(
        "--existing",
        action="store_true",
        help="measure the database DATABASE_URL names, built before by this script (its province T), as it is",
    )
    args = parser.parse_args()
    if args.existing:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from ptdv.membership.models import Membership
        from ptdv.units.models import Unit

        units = [Unit.objects.get(code=code) for code in ("T", "T.0", "T.0.0", "T.0.0.0")]
        measure(units, Membership.objects.count(), None)
        return
    with throwaway_database():
        began = time.perf_counter()
        units = build(args.members)
        measure(units, args.members, began)


def measure(units, members: int, began: float | None):
    from ptdv.membership import counts
    from ptdv.membership.models import RollEvent
    from ptdv.membership.selectors import roll_on
    from ptdv.reports.movements import balance, movements_report

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    moves = RollEvent.objects.filter(date__year=2026).exclude(kind="full").count()
    built = f"built in {time.perf_counter() - began:.0f} s" if began is not None else "an existing database"
    print(f"engine: {connection.vendor}; {members:,} members, {moves:,} movements in 2026 ({built})",
          flush=True)  # fmt: skip
    t = time.perf_counter()
    rows = counts.rebuild()  # the rows were bulk-inserted: the rollups counted once, as rebuild_rollups does
    print(f"rollups: the roll of each cell at the end of each year, {rows:,} rows, counted in "
          f"{time.perf_counter() - t:.1f} s", flush=True)  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    day = datetime.date(2026, 6, 30)
    date_from, date_to = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    t = time.perf_counter()
    histories = raw_histories()
    t_replay = time.perf_counter() - t
    print(f"raw history: {sum(len(h.replayed) for h in histories):,} events read and replayed in Python in "
          f"{t_replay:.1f} s (shared by the four units below)")  # fmt: skip
    for label, unit in zip(["province", "district", "grassroots", "cell"], units, strict=True):
        t = time.perf_counter()
        roll = roll_on(unit=unit, day=day)
        t_roll = time.perf_counter() - t
        t = time.perf_counter()
        report = movements_report(unit=unit, date_from=date_from, date_to=date_to)
        t_report = time.perf_counter() - t
        assert balance(report) == report["end"]["count"]
        t = time.perf_counter()
        on_day, start, gains, losses, end = raw_figures(histories, unit, day, date_from, date_to)
        t_raw = t_replay + time.perf_counter() - t
        figures = (roll["count"], report["start"]["count"], sum(r["count"] for r in report["gains"].values()),
                   sum(r["count"] for r in report["losses"].values()), report["end"]["count"])  # fmt: skip
        assert figures == (on_day, start, gains, losses, end), (label, figures, (on_day, start, gains, losses, end))
        print(f"{label:10} roll on {day:%d/%m/%Y}: {roll['count']:7,} in {t_roll * 1000:5.0f} ms;  "
              f"Biểu 1 {date_from.year}: {start:,} +{gains:,} −{losses:,} → {end:,} in {t_report * 1000:5.0f} ms;  "
              f"raw history {t_raw:5.1f} s, the same figures "
              f"(×{t_raw / t_roll:,.0f} and ×{t_raw / t_report:,.0f} slower)")  # fmt: skip


if __name__ == "__main__":
    main()
