"""Benchmark: the API's keyset pages, at the start and deep in a long list, on the configured engine.

    .venv/bin/python benchmarks/api_pagination.py [--persons 200000]
    DATABASE_URL=postgres://postgres@127.0.0.1/ptdv .venv/bin/python benchmarks/api_pagination.py

Builds a throw-away test database with a province of 3,000 cells and N persons, then times whole API requests
(token auth, rate limit, query, JSON) for GET /api/v1/persons?limit=50: the first page, and the page after a cursor
in the middle and near the end of the list. The reference in the same run is the OFFSET query a numbered page
would use at the same depth, over the same scoped query (the user's subtree, ordered by name).
"""

import argparse
import os
import random
import statistics
import time

os.environ.setdefault("PTDV_API_RATE_LIMIT", "1000000/min")

from benchlib import province_of_cells, throwaway_database  # sets Django up
from django.db import connection


def build(persons: int):
    import datetime

    from ptdv.core.names import person_name
    from ptdv.people.models import Person

    rng = random.Random(7)
    root, _committees, cells = province_of_cells(cells_each=30)
    for start in range(0, persons, 20_000):
        batch = []
        for i in range(start, min(start + 20_000, persons)):
            family, given, sex = person_name(rng)
            batch.append(
                Person(
                    full_name=f"{family} {given}",
                    sex=sex,
                    birth_date=datetime.date(1970 + i % 40, 1 + i % 12, 1),
                    citizen_id=f"{i:012d}",
                    occupation="worker",
                    unit=cells[i % len(cells)],
                )
            )
        Person.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return root


def timed(label, func, repeat=7):
    func()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    median = statistics.median(samples)
    print(f"  {label:<58} {median * 1000:9.2f} ms")
    return median


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=200_000)
    args = parser.parse_args()
    from django.test import Client

    from ptdv.accounts.services import user_create
    from ptdv.api.pagination import encode_cursor
    from ptdv.api.services import api_token_create
    from ptdv.people.access import persons_visible_to

    with throwaway_database(sqlite_on_disk=False):
        start = time.perf_counter()
        root = build(args.persons)
        print(f"engine: {connection.vendor}; {args.persons:,} persons, built in {time.perf_counter() - start:.0f} s")
        user = user_create(
            actor=None, username="bench", password="Bench-password-2026", unit=root, roles=["viewer"], full_name="A"
        )
        _token, raw = api_token_create(actor=None, user=user, name="bench")
        client = Client(headers={"Authorization": f"Bearer {raw}"})
        ordered = persons_visible_to(user).order_by("full_name", "pk")

        def cursor_at(depth):
            person = ordered.values("full_name", "pk")[depth]
            return encode_cursor([person["full_name"], person["pk"]])

        def get(params):
            response = client.get("/api/v1/persons", params)
            assert response.status_code == 200, response.content
            assert len(response.json()["items"]) == 50

        print("GET /api/v1/persons?limit=50 (whole request):")
        timed("first page", lambda: get({"limit": 50}))
        for depth in (args.persons // 2, args.persons - 100):
            cursor = cursor_at(depth)
            timed(f"page after row {depth:,} (keyset cursor)", lambda c=cursor: get({"limit": 50, "cursor": c}))
        print("reference: the same rows by OFFSET, same scope and order (query only):")
        for depth in (args.persons // 2, args.persons - 100):
            timed(f"OFFSET {depth:,} LIMIT 50", lambda d=depth: list(ordered.values_list("pk", flat=True)[d : d + 50]))


if __name__ == "__main__":
    main()
