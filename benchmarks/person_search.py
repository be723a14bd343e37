"""Benchmark: diacritic-insensitive person search at a million persons, on the configured engine.

    .venv/bin/python benchmarks/person_search.py [--persons 1000000]
    DATABASE_URL=postgres://postgres@127.0.0.1/ptdv .venv/bin/python benchmarks/person_search.py

Builds a throw-away test database with a province of 3,000 cells and N persons (names from the demo lists, so
common names are as common as in life: about 38 % are Nguyễn), with their search tokens, then times
people.selectors.person_search for a province user and for a cell secretary. The reference in the same run is
what search would cost without the token index: a substring scan of every token (LIKE '%…%').
"""

import argparse
import random
import statistics
import time

from benchlib import province_of_cells, throwaway_database  # sets Django up
from django.db import connection


def build(persons: int):
    import datetime

    from ptdv.core.names import person_name
    from ptdv.people.models import Person, PersonSearchToken
    from ptdv.people.rules import search_tokens

    rng = random.Random(7)
    root, _committees, cells = province_of_cells(cells_each=30)
    batch_size = 20_000
    for start in range(0, persons, batch_size):
        batch = []
        for i in range(start, min(start + batch_size, persons)):
            family, given, sex = person_name(rng)
            batch.append(
                Person(
                    full_name=f"{family} {given}",
                    sex=sex,
                    birth_date=datetime.date(1970 + i % 40, 1 + i % 12, 1),
                    citizen_id=f"{i:012d}",
                    phone=f"09{rng.randrange(10**8):08d}",
                    occupation="worker",
                    unit=cells[i % len(cells)],
                )
            )
        Person.objects.bulk_create(batch)
        saved = Person.objects.filter(citizen_id__gte=f"{start:012d}").order_by("citizen_id")[: len(batch)]
        PersonSearchToken.objects.bulk_create(
            (
                PersonSearchToken(person_id=p.pk, token=t)
                for p in saved.only("pk", "full_name", "citizen_id", "phone")
                for t in search_tokens(p.full_name, p.citizen_id, p.phone)
            ),
            batch_size=50_000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return root, cells[1234]


def timed(label, func, repeat=5):
    func()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        samples.append(time.perf_counter() - start)
    print(f"  {label:<52} {statistics.median(samples) * 1000:9.2f} ms   ({result} found)")
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    args = parser.parse_args()
    from ptdv.people.models import PersonSearchToken
    from ptdv.people.selectors import person_search

    with throwaway_database(sqlite_on_disk=False):
        start = time.perf_counter()
        root, cell = build(args.persons)
        print(
            f"engine: {connection.vendor}; {args.persons:,} persons, "
            f"{PersonSearchToken.objects.count():,} tokens, built in {time.perf_counter() - start:.0f} s"
        )

        class User:
            is_authenticated = is_active = True

            def __init__(self, unit):
                self.unit, self.unit_id = unit, unit.pk

        province, secretary = User(root), User(cell)
        print("person_search (first 50 by name):")
        for query in ["dung", "Dũng", "nguyen van dung", "dao", f"{args.persons // 2:012d}", "09"]:
            timed(f"province user, {query!r}", lambda q=query: len(person_search(user=province, query=q)))
        for query in ["dung", "nguyen"]:
            timed(f"cell secretary, {query!r}", lambda q=query: len(person_search(user=secretary, query=q)))
        indexed = timed(
            "token prefix 'dung' (the index)",
            lambda: PersonSearchToken.objects.filter(token__gte="dung", token__lt="dung~").count(),
        )
        scan = timed(
            "reference: substring scan '%dung%' (no index)",
            lambda: PersonSearchToken.objects.filter(token__contains="dung").count(),
            repeat=3,
        )
        print(f"ratio (scan / index): {scan / indexed:.0f}×")


if __name__ == "__main__":
    main()
