"""Benchmark: the due items (Việc cần làm) at scale, on the configured engine.

    .venv/bin/python benchmarks/due_items.py [--dossiers 10000] [--candidates 20000]
    DATABASE_URL=postgres://postgres@127.0.0.1/ptdv .venv/bin/python benchmarks/due_items.py

Builds a throw-away database with the demo province (`ptdv demo`: its units and accounts), then adds open dossiers
at every stage that has a deadline and pool candidates with certificates, spread over every cell, and prints:
- every due item of the tree, as the daily digest computes them (reminders.selectors.due_entries(root=None));
- the queue of each demo account (province, bloc, grassroots committee, cell secretary), as the page and the
  navigation count compute it (user_queue), next to the reference in the same run: the whole subtree's items
  computed and then filtered to the user (what the queue would cost without loading only what its units act on);
- the daily digest for every user (services.digests_send), run twice: the second run sends nothing.
"""

import argparse
import datetime
import random
import statistics
import time

from benchlib import throwaway_database  # noqa: E402  (sets Django up)
from django.db import connection  # noqa: E402

TODAY = datetime.date(2026, 11, 23)
STAGES = {  # stage: the dates its deadline reads, as days before today (a spread from early to overdue)
    "comments": ("opened_on", "introduced_on"),
    "cell_vote": ("opened_on", "introduced_on", "cell_vote_on"),
    "committee_vote": ("opened_on", "introduced_on", "cell_vote_on", "committee_vote_on"),
    "decision": ("opened_on", "introduced_on", "cell_vote_on", "committee_vote_on", "decision_on"),
    "ceremony": ("opened_on", "introduced_on", "cell_vote_on", "committee_vote_on", "decision_on", "ceremony_on"),
}


def build(dossiers: int, candidates: int) -> None:
    from ptdv.admission.models import Dossier
    from ptdv.core.names import person_name
    from ptdv.demo.loader import demo_load
    from ptdv.people.models import Candidate, Person
    from ptdv.training.models import Course, Enrolment
    from ptdv.units.models import Unit

    demo_load()
    rng = random.Random(7)
    cells = list(Unit.objects.filter(unit_type="cell", valid_to__isnull=True))
    committees = {u.pk: u for u in Unit.objects.filter(may_admit=True)}
    persons = []
    for number in range(dossiers + candidates):
        family, given, sex = person_name(rng)
        persons.append(
            Person(
                full_name=f"{family} {given}",
                sex=sex,
                birth_date=datetime.date(1985, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 18)),
                citizen_id=f"{900_000_000_000 + number:012d}",
                occupation="public_employee",
                general_education="12/12",
                unit=rng.choice(cells),
            )
        )
    Person.objects.bulk_create(persons, batch_size=2000)
    persons = list(Person.objects.filter(citizen_id__startswith="9").order_by("citizen_id"))
    rows = []
    for person in persons[:dossiers]:
        stage = rng.choice(list(STAGES))
        back = rng.randrange(5, 500)
        dates = {}
        for offset, field in enumerate(reversed(STAGES[stage])):
            dates[field] = TODAY - datetime.timedelta(days=back + 20 * offset)
        decided_by = rng.choice(list(committees.values())) if "decision_on" in dates else None
        rows.append(Dossier(person=person, unit_id=person.unit_id, stage=stage, decided_by=decided_by, **dates))
    Dossier.objects.bulk_create(rows, batch_size=2000)
    course = Course.objects.filter(kind="awareness").first()
    entries, enrolments = [], []
    for person in persons[dossiers:]:
        entries.append(Candidate(person=person, unit_id=person.unit_id, entered_on=TODAY - datetime.timedelta(400)))
        certified = TODAY - datetime.timedelta(days=rng.randrange(30, 365 * 5))
        enrolments.append(Enrolment(course=course, person=person, result="passed", certificate_date=certified))
    Candidate.objects.bulk_create(entries, batch_size=2000)
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--candidates", type=int, default=20_000)
    args = parser.parse_args()

    with throwaway_database():
        import time_machine

        from ptdv.accounts.models import User
        from ptdv.reminders import selectors, services

        started = time.perf_counter()
        build(args.dossiers, args.candidates)
        built = time.perf_counter() - started
        print(f"engine: {connection.vendor}; demo province + {args.dossiers:,} open dossiers + "
              f"{args.candidates:,} candidates with certificates (built in {built:.0f} s)")  # fmt: skip
        with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=False):
            seconds, entries = timed(lambda: selectors.due_entries(root=None), repeat=1)
            print(f"all due items of the tree (the digest's computation): {len(entries):,} items in {seconds:.2f} s")
            for username in ("bantochuc", "khoi.tochuc", "dhbs.dangu", "cb.cntt"):
                user = User.objects.get(username=username)
                seconds, queue = timed(lambda user=user: selectors.user_queue(user=user))
                reference, whole = timed(
                    lambda user=user: [
                        e for e in selectors.due_entries(root=user.unit) if selectors.entry_for_user(e, user)
                    ],
                    repeat=1,
                )
                assert {e.item.key for e in whole} == {e.item.key for e in queue}
                print(f"queue of {username:12} ({user.unit.name}): {len(queue):,} items in {seconds * 1000:.0f} ms; "
                      f"the whole subtree filtered {reference * 1000:.0f} ms ({reference / seconds:.1f}×)")  # fmt: skip
            for label in ("daily digest, first run", "daily digest, second run the same day"):
                started = time.perf_counter()
                result = services.digests_send(day=TODAY)
                print(f"{label}: {result} in {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
