"""Benchmark: the admissions report for a province of 300,000 members with 20 years of history.

    DATABASE_URL=postgres://postgres@127.0.0.1/ptdv .venv/bin/python benchmarks/report_admissions.py [MEMBERS]
    .venv/bin/python benchmarks/report_admissions.py 50000          # SQLite, smaller

Builds a throw-away test database, fills a province (20 districts × 50 grassroots organisations × 8 cells) with
MEMBERS admissions (default 300,000) spread over 2006–2026, rebuilds the admission records and the monthly rollups
(`ptdv rebuild_rollups`), then prints the time of the report for several units and periods. The reference in the
same run counts the same core figures straight from the roll (memberships joined to persons), which is what the
rollups spare the report; the ratio says how much they save.
"""

import datetime
import random
import statistics
import sys
import time

from benchlib import throwaway_database  # sets Django up
from django.db import connection

DISTRICTS, GRASSROOTS, CELLS = 20, 50, 8
FIRST_YEAR, LAST_DAY = 2006, datetime.date(2026, 11, 20)
OCCUPATIONS = ["worker"] * 4 + ["farmer"] * 3 + ["public_employee"] * 2 + ["university_student", "pupil", "other"]


def build(members: int):
    from ptdv.membership.models import Membership
    from ptdv.people.models import Person
    from ptdv.quotas.models import Quota
    from ptdv.units import rules
    from ptdv.units.models import Unit
    from ptdv.units.services import unit_placements_backfill

    rng = random.Random(2026)
    start = datetime.date(2000, 1, 1)
    root = Unit.objects.create(
        code="T", name="Tỉnh", unit_type="province", path="0000", depth=1, may_admit=True, valid_from=start
    )
    districts = Unit.objects.bulk_create(
        Unit(code=f"T.{d}", name=f"Huyện {d}", unit_type="district", parent=root, path=root.path + rules.path_step(d),
             depth=2, may_admit=True, valid_from=start)
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
    Quota.objects.bulk_create(
        Quota(unit=unit, year=year, quota=quota)
        for year in range(FIRST_YEAR, 2027)
        for unit, quota in [(root, members // 21), *((d, members // 21 // DISTRICTS) for d in districts)]
    )
    days = (LAST_DAY - datetime.date(FIRST_YEAR, 1, 1)).days
    batch_size = 5000
    for offset in range(0, members, batch_size):
        persons, decided = [], []
        for n in range(offset, min(members, offset + batch_size)):
            day = datetime.date(FIRST_YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(days))
            decided.append(day)
            persons.append(
                Person(
                    full_name=f"Người {n}",
                    sex=rng.choice(["male", "female"]),
                    birth_date=day - datetime.timedelta(days=rng.randint(18, 45) * 365),
                    citizen_id=f"{n:012d}",
                    occupation=rng.choice(OCCUPATIONS),
                    youth_union=rng.random() < 0.6,
                    ethnicity="Tày" if rng.random() < 0.1 else "Kinh",
                    unit=rng.choice(cells),
                )
            )
        Person.objects.bulk_create(persons)
        Membership.objects.bulk_create(
            Membership(person=person, unit_id=person.unit_id, status="full", decision_date=day)
            for person, day in zip(persons, decided, strict=True)
        )
    return root, districts, grassroots


def timed(label, func, repeat=5):
    func()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        samples.append(time.perf_counter() - start)
    median = statistics.median(samples)
    print(f"  {label:<62} {median * 1000:9.1f} ms   (admitted: {result})")
    return median


def raw_figures(unit, date_from, date_to):
    """The reference: the core figures counted from the roll itself (memberships joined to persons)."""
    from django.db.models import Count, Q

    from ptdv.membership.models import Membership
    from ptdv.reports import rules
    from ptdv.units.models import subtree_q

    rows = Membership.objects.filter(subtree_q(unit.path, "unit__path"), decision_date__range=(date_from, date_to))
    aggregates = {"total": Count("pk"), "woman": Count("pk", filter=Q(person__sex="female"))}
    aggregates |= {code: Count("pk", filter=Q(person__occupation=code)) for code in rules.OCCUPATIONS}
    result = rows.aggregate(**aggregates)
    by_child = rows.values("unit__parent_id").annotate(n=Count("pk"))
    len(list(by_child))
    return result["total"]


def main():
    from ptdv.reports.selectors import admissions_report, period_figures
    from ptdv.reports.services import rollups_rebuild
    from ptdv.units.models import Unit

    members = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    with throwaway_database(sqlite_on_disk=False):
        start = time.perf_counter()
        root, districts, grassroots = build(members)
        print(f"engine: {connection.vendor}; built {members:,} members in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        records, rows = rollups_rebuild()
        print(
            f"rollups rebuilt: {records:,} admission records, {rows:,} rollup rows "
            f"in {time.perf_counter() - start:.1f} s"
        )
        with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum would give a real database
            cursor.execute("ANALYZE")
        today = LAST_DAY
        cases = [
            ("province, year 2025", root, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
            ("province, first half of 2026", root, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)),
            ("province, 15/03/2025 – 10/11/2025 (partial months)", root, datetime.date(2025, 3, 15),
             datetime.date(2025, 11, 10)),
            ("province, term 01/10/2020 – 30/09/2025", root, datetime.date(2020, 10, 1), datetime.date(2025, 9, 30)),
            ("province, 20 years 2006 – 2025", root, datetime.date(2006, 1, 1), datetime.date(2025, 12, 31)),
            ("district, year 2025", districts[7], datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
            ("grassroots, year 2025", grassroots[42], datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        ]  # fmt: skip
        print("the whole report (figures, previous year, child units, lagging, pipeline, forecast):")
        timings = {}
        for label, unit, date_from, date_to in cases:
            timings[label] = timed(
                label,
                lambda u=unit, f=date_from, t=date_to: admissions_report(unit=u, date_from=f, date_to=t, today=today)[
                    "admitted"
                ],
            )
        print("the core figures (every key, and each child's total) from the rollups, against the reference: the same")
        print("figures counted from the roll itself (memberships joined to persons, no rollups)")
        for label, unit, date_from, date_to in cases[:1] + cases[3:5]:
            children = list(Unit.objects.filter(parent=unit).values_list("pk", flat=True))
            core = timed(
                f"{label}: rollups",
                lambda u=unit, f=date_from, t=date_to, c=children: period_figures(
                    unit=u, date_from=f, date_to=t, targets=c
                ).counts["total"],
            )
            raw = timed(f"{label}: roll", lambda u=unit, f=date_from, t=date_to: raw_figures(u, f, t), repeat=3)
            print(f"    ratio (roll / rollups): {raw / core:.1f}×")


if __name__ == "__main__":
    main()
