"""Benchmark: the outcome figures of new members (ptdv/followup/outcomes.py) for a province of 300,000 members,
beside the admissions report's time today, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1/ptdv .venv/bin/python benchmarks/outcomes.py [MEMBERS]
    .venv/bin/python benchmarks/outcomes.py 50000          # SQLite, smaller

Builds the province of benchmarks/report_admissions.py (20 districts × 50 grassroots × 8 cells, MEMBERS admissions
over 2006–2026), makes half of the grassroots organisations agencies or enterprises (their members are introduced to
a residence cell), records a ceremony and recognition for every member, a residence letter for 95% of the members
of those organisations admitted since 2020 (5% late), and a rating for 2024 and 2025 for every member; then prints
the time of the admissions report and of the outcome figures for the province's term, a year and a district.
"""

import datetime
import random
import sys
import time

from benchlib import throwaway_database
from django.db import connection
from report_admissions import LAST_DAY, build, timed


def follow_up(grassroots, rng: random.Random) -> tuple[int, int]:
    from django.db.models import F

    from ptdv.followup.models import Rating, ResidenceLiaison
    from ptdv.membership.models import Membership
    from ptdv.units.models import Unit

    work = [g.pk for g in grassroots[::2]]
    Unit.objects.filter(pk__in=work).update(sector="state_enterprise")
    Membership.objects.update(ceremony_date=F("decision_date") + datetime.timedelta(days=10))
    Membership.objects.filter(decision_date__lt=datetime.date(2025, 10, 1)).update(
        full_member_date=F("decision_date") + datetime.timedelta(days=375)
    )
    Membership.objects.filter(full_member_date__isnull=True).update(status="probationary")
    work_cells = set(Unit.objects.filter(parent_id__in=work).values_list("pk", flat=True))
    letters, ratings = [], 0
    rows = Membership.objects.filter(decision_date__gte=datetime.date(2020, 1, 1)).values_list(
        "pk", "unit_id", "decision_date"
    )
    for pk, unit_id, decided in rows.iterator(chunk_size=10_000):
        if unit_id in work_cells and rng.random() < 0.95:
            delay = rng.randint(12, 40) if rng.random() < 0.95 else rng.randint(60, 120)
            letters.append(ResidenceLiaison(membership_id=pk, work_unit_id=unit_id, residence_place="Chi bộ thôn",
                                            letter_date=decided + datetime.timedelta(days=delay)))  # fmt: skip
    ResidenceLiaison.objects.bulk_create(letters, batch_size=5000)
    bands = ["excellent"] + ["good"] * 7 + ["completed"] * 2
    for year in (2024, 2025):
        batch = []
        cutoff = datetime.date(year, 6, 30)
        for pk, unit_id in (
            Membership.objects.filter(decision_date__lte=cutoff)
            .values_list("pk", "unit_id")
            .iterator(chunk_size=10_000)
        ):
            batch.append(Rating(membership_id=pk, unit_id=unit_id, year=year, band=rng.choice(bands)))
            if len(batch) == 10_000:
                Rating.objects.bulk_create(batch)
                ratings += len(batch)
                batch = []
        Rating.objects.bulk_create(batch)
        ratings += len(batch)
    return len(letters), ratings


def main():
    from ptdv.followup.outcomes import outcome_figures
    from ptdv.reports.selectors import admissions_report
    from ptdv.reports.services import rollups_rebuild

    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    members = int(numbers[0]) if numbers else 300_000
    with throwaway_database(sqlite_on_disk=False):
        start = time.perf_counter()
        root, districts, grassroots = build(members)
        print(f"engine: {connection.vendor}; built {members:,} members in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        rollups_rebuild()
        letters, ratings = follow_up(grassroots, random.Random(2026))
        print(f"follow-up: {letters:,} residence letters, {ratings:,} ratings, in {time.perf_counter() - start:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        cases = [
            ("province, term 01/10/2020 – 30/09/2025", root, datetime.date(2020, 10, 1), datetime.date(2025, 9, 30)),
            ("province, year 2024", root, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
            ("district, term 01/10/2020 – 30/09/2025", districts[7], datetime.date(2020, 10, 1),
             datetime.date(2025, 9, 30)),
        ]  # fmt: skip
        if "--queries" in sys.argv:  # each query of one call, with its time, then the Python time around them
            spent = []

            def clock(execute, sql, params, many, context):
                start = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    spent.append((time.perf_counter() - start, sql[:160]))

            label, unit, date_from, date_to = cases[1]
            start = time.perf_counter()
            with connection.execute_wrapper(clock):
                outcome_figures(unit=unit, date_from=date_from, date_to=date_to, today=LAST_DAY)
            total = time.perf_counter() - start
            for seconds, sql in spent:
                print(f"  {seconds * 1000:8.1f} ms  {sql}")
            print(f"  total {total * 1000:.1f} ms, of which queries {sum(s for s, _q in spent) * 1000:.1f} ms")
        for label, unit, date_from, date_to in cases:
            print(label)
            timed(
                "the admissions report (today)",
                lambda u=unit, f=date_from, t=date_to: admissions_report(
                    unit=u, date_from=f, date_to=t, today=LAST_DAY
                )["admitted"],
                repeat=3,
            )
            timed(
                "the outcome figures",
                lambda u=unit, f=date_from, t=date_to: outcome_figures(unit=u, date_from=f, date_to=t, today=LAST_DAY)[
                    "admitted"
                ],
                repeat=3,
            )


if __name__ == "__main__":
    main()
