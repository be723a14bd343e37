"""Benchmark: subtree queries on a tree of 300,000 units, on the configured engine.

    .venv/bin/python benchmarks/unit_tree.py [DISTRICTS]         # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1/ptdv .venv/bin/python benchmarks/unit_tree.py

Builds a throw-away test database (Django's test-database machinery; nothing else is touched), fills a province
with 30 districts (or DISTRICTS) × 100 grassroots organisations × 100 cells, loads the roll of one cell in ten
(10-29 members each; the others keep their declared counts), then prints the time of the queries the pages make —
the tree's counts read the roll where it is loaded, with one grouped query for all the children of a node. The
reference in the same run is the usual alternative to a materialized path: walking the tree level by level through
parent ids (one query per level); the ratio says how much faster the path index is.
"""

import datetime
import statistics
import sys
import time

from benchlib import throwaway_database  # sets Django up
from django.db import connection

DISTRICTS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
GRASSROOTS, CELLS = 100, 100
ROLL_EVERY = 10  # one cell in ten has its roll loaded


def build_tree():
    from ptdv.units import rules
    from ptdv.units.models import Unit

    batch = []
    root = Unit.objects.create(code="T", name="Tỉnh", unit_type="province", path="0000", depth=1, may_admit=True)

    def flush():
        Unit.objects.bulk_create(batch, batch_size=5000)
        batch.clear()

    for d in range(DISTRICTS):
        district = Unit.objects.create(
            code=f"T.{d}",
            name=f"Huyện {d}",
            unit_type="district",
            parent=root,
            path=root.path + rules.path_step(d),
            depth=2,
            may_admit=True,
        )
        grassroots = [
            Unit(
                code=f"T.{d}.{g}",
                name=f"Đảng bộ {d}.{g}",
                unit_type="grassroots_committee",
                parent=district,
                path=district.path + rules.path_step(g),
                depth=3,
                member_count=3,
            )
            for g in range(GRASSROOTS)
        ]
        Unit.objects.bulk_create(grassroots)
        for g_unit in Unit.objects.filter(parent=district):
            batch.extend(
                Unit(
                    code=f"{g_unit.code}.{c}",
                    name=f"Chi bộ {c}",
                    unit_type="cell",
                    parent=g_unit,
                    path=g_unit.path + rules.path_step(c),
                    depth=4,
                    member_count=10 + c % 20,
                )
                for c in range(CELLS)
            )
            if len(batch) >= 20_000:
                flush()
    flush()
    return root


def load_roll():
    """The roll of one cell in ten: 10-29 members each (two in three full, the others probationary)."""
    from ptdv.membership.models import Membership
    from ptdv.people.models import Person
    from ptdv.units.models import Unit

    cells = list(Unit.objects.filter(unit_type="cell").order_by("path").values_list("pk", "member_count"))
    serial = 0
    for start in range(0, len(cells), 2000 * ROLL_EVERY):
        persons, statuses = [], []
        for unit_id, size in cells[start : start + 2000 * ROLL_EVERY : ROLL_EVERY]:
            for n in range(size):
                serial += 1
                persons.append(
                    Person(full_name=f"Đảng viên {serial}", sex="male", birth_date=datetime.date(1980, 1, 1),
                           citizen_id=f"{serial:012d}", occupation="worker", unit_id=unit_id)
                )  # fmt: skip
                statuses.append("full" if n % 3 else "probationary")
        persons = Person.objects.bulk_create(persons, batch_size=5000)
        Membership.objects.bulk_create(
            (
                Membership(person=person, unit_id=person.unit_id, status=status,
                           decision_date=datetime.date(2010, 1, 1),
                           full_member_date=datetime.date(2011, 1, 1) if status == "full" else None)
                for person, status in zip(persons, statuses, strict=True)
            ),
            batch_size=5000,
        )  # fmt: skip
    return serial


def timed(label, func, repeat=7):
    func()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        samples.append(time.perf_counter() - start)
    median = statistics.median(samples)
    print(f"  {label:<58} {median * 1000:9.2f} ms   (result: {result})")
    return median


def descendants_by_parent_walk(unit_id):
    """The reference: the subtree through parent ids, one query per level."""
    from ptdv.units.models import Unit

    total, frontier = 0, [unit_id]
    while frontier:
        chunks = [frontier[i : i + 900] for i in range(0, len(frontier), 900)]  # SQLite's variable limit
        frontier = [
            pk for chunk in chunks for pk in Unit.objects.filter(parent_id__in=chunk).values_list("id", flat=True)
        ]
        total += len(frontier)
    return total


def main():
    from ptdv.units.models import Unit
    from ptdv.units.selectors import unit_children_with_counts, unit_competent_committee, unit_subtree_counts

    with throwaway_database(sqlite_on_disk=False) as db_name:
        start = time.perf_counter()
        root = build_tree()
        total = Unit.objects.count()
        members = load_roll()
        with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum would give a real database
            cursor.execute("ANALYZE")
        print(f"engine: {connection.vendor}, database: {db_name}")
        print(f"built {total:,} units and a roll of {members:,} members in {time.perf_counter() - start:.1f} s")

        class Viewer:
            is_authenticated = is_active = True

            def __init__(self, unit):
                self.unit, self.unit_id = unit, unit.pk

            def has_role(self, *roles):
                return False

        d = min(7, DISTRICTS - 1)
        district = Unit.objects.get(code=f"T.{d}")
        grassroots = Unit.objects.get(code=f"T.{d}.42")
        cell = Unit.objects.get(code=f"T.{d}.42.99")
        executed = []
        with connection.execute_wrapper(lambda execute, sql, *args: executed.append(sql) or execute(sql, *args)):
            unit_children_with_counts(user=Viewer(root), unit=district)
        print(f"queries for a node's children with their counts: {len(executed)} (whatever the number of children)")
        print("queries the pages make:")
        timed("subtree count, grassroots (101 units)", lambda: Unit.objects.subtree(grassroots).count())
        path_district = timed("subtree count, district (10,101 units)", lambda: Unit.objects.subtree(district).count())
        path_root = timed(f"subtree count, province ({total:,} units)", lambda: Unit.objects.subtree(root).count())
        timed("subtree counts (units, members), district", lambda: unit_subtree_counts(unit=district))
        timed(
            "children with counts, grassroots (100 children)",
            lambda: len(unit_children_with_counts(user=Viewer(root), unit=grassroots)),
        )
        timed(
            "children with counts, district (100 children)",
            lambda: len(unit_children_with_counts(user=Viewer(root), unit=district)),
        )
        timed(
            "children with counts, province (30 children, whole tree)",
            lambda: len(unit_children_with_counts(user=Viewer(root), unit=root)),
        )
        timed("competent committee of a cell (ancestors)", lambda: unit_competent_committee(unit=cell).code)
        print("reference: walking parent ids level by level")
        walk_district = timed("parent walk, district", lambda: descendants_by_parent_walk(district.pk) + 1)
        walk_root = timed("parent walk, province", lambda: descendants_by_parent_walk(root.pk) + 1, repeat=3)
        print(
            f"ratio (parent walk / path index): district {walk_district / path_district:.1f}×, "
            f"province {walk_root / path_root:.1f}×"
        )
        with connection.cursor() as cursor:
            sql, params = Unit.objects.subtree(district).values("id").query.sql_with_params()
            explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
            cursor.execute(explain + sql, params)
            print("plan of the district subtree query:")
            for row in cursor.fetchall():
                print("   ", row[-1] if connection.vendor == "sqlite" else row[0])


if __name__ == "__main__":
    main()
