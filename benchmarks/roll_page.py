"""Benchmark: the roll page (Đảng viên, /members/) over a large roll, on the configured engine.

    .venv/bin/python benchmarks/roll_page.py [--members 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1/ptdv .venv/bin/python benchmarks/roll_page.py --members 300000

Builds a throw-away database with a province of 1,000 cells and N members (persons with their search words), then
times whole page requests (the Django test client, a logged-in user) for a province user, a grassroots committee and
a cell secretary: the first page, a deep page, a name search without diacritics, a status filter.
"""

import argparse
import datetime
import random
import statistics
import time

from benchlib import province_of_cells, throwaway_database  # sets Django up
from django.db import connection


def build(members: int):
    from ptdv.accounts.models import User
    from ptdv.core.names import person_name
    from ptdv.membership.models import Membership
    from ptdv.people import rules as people_rules
    from ptdv.people.models import Person, PersonSearchToken

    rng = random.Random(7)
    root, grassroots_units, cells = province_of_cells(cells_each=10)
    for start in range(0, members, 5000):
        persons = []
        for number in range(start, min(start + 5000, members)):
            family, given, sex = person_name(rng)
            persons.append(
                Person(
                    full_name=f"{family} {given}", sex=sex, citizen_id=f"{1_000_000_000 + number:012d}",
                    birth_date=datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 50)),
                    occupation="public_employee", general_education="12/12", unit=rng.choice(cells),
                )
            )  # fmt: skip
        persons = Person.objects.bulk_create(persons)
        PersonSearchToken.objects.bulk_create(
            PersonSearchToken(person_id=p.pk, token=token)
            for p in persons
            for token in people_rules.search_tokens(p.full_name, p.citizen_id)
        )
        rows = []
        for p in persons:
            decided = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 26))
            full = rng.random() < 0.9
            rows.append(
                Membership(
                    person=p, unit_id=p.unit_id, status="full" if full else "probationary", decision_date=decided,
                    full_member_date=decided + datetime.timedelta(days=365) if full else None,
                )
            )  # fmt: skip
        Membership.objects.bulk_create(rows)
    users = {}
    for name, unit, role in [("province", root, "staff"), ("grassroots", grassroots_units[0], "committee"),
                             ("cell", cells[0], "cell_secretary")]:  # fmt: skip
        user = User.objects.create_user(username=name, password="x")
        user.unit = unit
        user.save()
        from ptdv.accounts.services import user_set_roles

        user_set_roles(actor=None, user=user, roles=[role])
        users[name] = user
    return users


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    args = parser.parse_args()

    with throwaway_database():
        from django.test import Client

        from ptdv.people.selectors import person_search

        started = time.perf_counter()
        users = build(args.members)
        if connection.vendor == "postgresql":  # fresh statistics, as autovacuum keeps them on a live database
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"engine: {connection.vendor}; {args.members:,} members in 1,000 cells "
              f"(built in {time.perf_counter() - started:.0f} s)")  # fmt: skip
        for name, user in users.items():
            client = Client()
            client.force_login(user)
            for label, params in [
                ("first page", {}),
                ("page 20", {"page": 20}),
                ("search 'nguyen van'", {"q": "nguyen van"}),
                ("probationary only", {"status": "probationary"}),
            ]:
                times = []
                for _ in range(3):
                    began = time.perf_counter()
                    response = client.get("/members/", params)
                    times.append(time.perf_counter() - began)
                    assert response.status_code == 200
                print(f"{name:10} {label:22} {statistics.median(times) * 1000:7.0f} ms")
            began = time.perf_counter()
            found = person_search(user=user, query="nguyen van")
            print(f"{name:10} {'person search (pages)':22} {(time.perf_counter() - began) * 1000:7.0f} ms "
                  f"({len(found)} shown)")  # fmt: skip


if __name__ == "__main__":
    main()
