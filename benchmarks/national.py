"""Builds a named database with N provinces of realistic shape, fast: the data of `make bench-load`.

    .venv/bin/python benchmarks/national.py --database-url postgres://postgres@127.0.0.1:5432/ptdv_bench
    .venv/bin/python benchmarks/national.py --database-url postgres://…/ptdv_bench --provinces 63
    .venv/bin/python benchmarks/national.py --database-url sqlite:////tmp/bench.sqlite3 --members 20000

Each province (under one root, "TW", the national user's unit) is a tree of 16,821 units (the province, 20
districts, 40 grassroots committees in each, 20 cells in each committee) holding `--members` members (default
300,000) admitted over 20 years (2006-2026): persons with Vietnamese names from the demo's lists (their search
words, sort names), memberships with their roll events and periods, admission records, quotas for 21 years, some
open dossiers at every stage and candidates in the pool, and three accounts (pNN.tochuc: province staff, pNN.coso:
a grassroots committee, pNN.chibo: a cell secretary; tw.tochuc: national staff; password `--password`). The rollups
are rebuilt afterwards with the project's own SQL (`reports.services._rollups_rebuild_sql`), over every province.

Rows are written with PostgreSQL's COPY (SQLite: executemany), with ids given by the script and the sequences set
after. Idempotent: a province already in the database (by its code, P01, P02, …) is left as it is, so
`--provinces 5` after `--provinces 1` adds four; `--fresh` drops the database first. Prints the time per table.
"""

import argparse
import datetime
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

DISTRICTS, GRASSROOTS, CELLS = 20, 40, 20  # 1 + 20 + 800 + 16,000 = 16,821 units a province
FIRST_DAY, LAST_DAY = datetime.date(2006, 1, 1), datetime.date(2026, 11, 20)
OCCUPATIONS = (
    ["worker"] * 4 + ["farmer"] * 3 + ["public_employee"] * 3 + ["civil_servant_state"] * 2
    + ["commune_official", "private_employee", "enterprise_manager", "armed_forces", "university_student", "pupil",
       "other"]
)  # fmt: skip
MINORITIES = ["Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "H'Mông"]
OPEN_STAGES = ["opened", "application", "introduction", "verification", "comments", "cell_vote", "committee_vote",
               "decision", "ceremony"]  # fmt: skip
STAGE_DATES = ["introduced_on", "verification_on", "comments_on", "cell_vote_on", "committee_vote_on", "decision_on",
               "ceremony_on"]  # fmt: skip


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL"), required="DATABASE_URL" not in os.environ
    )
    parser.add_argument("--provinces", type=int, default=1)
    parser.add_argument("--members", type=int, default=300_000, help="members per province")
    parser.add_argument("--dossiers", type=int, default=3_000, help="open dossiers per province")
    parser.add_argument("--candidates", type=int, default=6_000, help="candidates in the pool per province")
    parser.add_argument("--password", default="bench-ptdv-2026")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database first")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rebuild-rollups", action="store_true", help="rebuild them even when no province was added")
    return parser.parse_args(argv)


def prepare_database(url: str, fresh: bool) -> None:
    """Create the PostgreSQL database when missing (drop it first with --fresh); SQLite: delete the file."""
    if url.startswith("sqlite"):
        path = Path(url.split(":///", 1)[1])
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    name = name.split("?")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


class Timer:
    """The time per table, summed over the provinces and printed at the end."""

    def __init__(self):
        self.seconds, self.rows = defaultdict(float), defaultdict(int)

    def add(self, label, seconds, rows):
        self.seconds[label] += seconds
        self.rows[label] += rows

    def report(self):
        print(f"{'table':<32}{'rows':>12}{'seconds':>10}{'rows/s':>10}")
        for label, seconds in self.seconds.items():
            rows = self.rows[label]
            print(f"{label:<32}{rows:>12,}{seconds:>10.1f}{rows / seconds if seconds else 0:>10,.0f}")


class Writer:
    """Rows (dicts by attname, the id included) into a model's table: COPY on PostgreSQL, executemany on SQLite.
    A field a row leaves out gets its default (auto_now / auto_now_add: now)."""

    def __init__(self, timer: Timer):
        from django.db import connection

        self.connection, self.timer = connection, timer
        self.next_ids = {}

    def next_id(self, model) -> int:
        if model not in self.next_ids:
            from django.db.models import Max

            self.next_ids[model] = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        return self.next_ids[model]

    def ids(self, model, count: int) -> range:
        start = self.next_id(model)
        self.next_ids[model] = start + count
        return range(start, start + count)

    def write(self, model, rows, label=None):
        from django.utils import timezone

        started = time.perf_counter()
        fields = list(model._meta.concrete_fields)
        now = timezone.now()
        defaults = {}
        for field in fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                defaults[field.attname] = now
            elif not field.primary_key:
                defaults[field.attname] = field.get_default()
        names = [field.attname for field in fields]
        columns = [field.column for field in fields]
        count = 0
        if self.connection.vendor == "postgresql":
            from psycopg import sql

            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(model._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            self.connection.ensure_connection()
            with self.connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row([row[n] if n in row else defaults[n] for n in names])
                    count += 1
        else:
            quote = self.connection.ops.quote_name
            insert = (
                f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608  names from the model
                f"VALUES ({', '.join(['%s'] * len(columns))})"
            )
            adapt = {
                field.attname: field.get_db_prep_save
                for field in fields
                if field.get_internal_type() == "DateTimeField"
            }
            batch = []
            with self.connection.cursor() as cursor:
                for row in rows:
                    values = []
                    for n in names:
                        value = row[n] if n in row else defaults[n]
                        if n in adapt and value is not None:
                            value = adapt[n](value, self.connection)
                        elif isinstance(value, datetime.date):
                            value = value.isoformat()
                        values.append(value)
                    batch.append(values)
                    if len(batch) >= 5000:
                        cursor.executemany(insert, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(insert, batch)
                    count += len(batch)
        self.timer.add(label or model._meta.db_table, time.perf_counter() - started, count)
        return count

    def reset_sequences(self, models):
        from django.core.management.color import no_style

        statements = self.connection.ops.sequence_reset_sql(no_style(), models)
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _day(rng, start, end) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


class NameBook:
    """Sort keys and search words of the names, computed once per distinct name (a few thousand)."""

    def __init__(self):
        from ptdv.people import rules

        self.rules, self.sort, self.words = rules, {}, {}

    def of(self, full_name: str):
        if full_name not in self.sort:
            self.sort[full_name] = self.rules.name_sort_key(full_name)
            self.words[full_name] = self.rules.search_tokens(full_name)
        return self.sort[full_name], self.words[full_name]


def build_province(number: int, args, writer: Writer, rng: random.Random, names: NameBook) -> dict:
    from ptdv.accounts.models import User
    from ptdv.accounts.services import user_create
    from ptdv.admission.models import Dossier
    from ptdv.core.names import person_name
    from ptdv.membership.models import Membership, RollEvent, RollPeriod
    from ptdv.people.models import Candidate, Person, PersonSearchToken
    from ptdv.quotas.models import Quota
    from ptdv.reports import rules as report_rules
    from ptdv.reports.models import AdmissionRecord
    from ptdv.units import rules as unit_rules
    from ptdv.units.models import Unit, UnitPlacement

    code = f"P{number:02d}"
    start = datetime.date(2000, 1, 1)
    # --- units: the province (a root of its own), districts, grassroots committees, cells
    units = []
    unit_ids = iter(writer.ids(Unit, 2 + DISTRICTS * (1 + GRASSROOTS * (1 + CELLS))))

    def unit(code, name, unit_type, parent, path, **extra):
        row = {"id": next(unit_ids), "code": code, "name": name, "unit_type": unit_type,
               "parent_id": parent["id"] if parent else None, "path": path, "depth": len(path) // unit_rules.PATH_STEP,
               "valid_from": start, **extra}  # fmt: skip
        units.append(row)
        return row

    top = Unit.objects.filter(code="TW").values("id", "path").first()
    if top is None:  # the country's root: a national user's unit, above every province
        top = unit("TW", "Trung ương", "province", None, unit_rules.path_step(0), may_admit=True)
    province = unit(code, f"Đảng bộ tỉnh {number:02d}", "province", top, top["path"] + unit_rules.path_step(number),
                    may_admit=True)  # fmt: skip
    grassroots, cells = [], []
    for d in range(DISTRICTS):
        district = unit(f"{code}.H{d:02d}", f"Huyện ủy {number:02d}-{d:02d}", "district", province,
                        province["path"] + unit_rules.path_step(d), may_admit=True)  # fmt: skip
        for g in range(GRASSROOTS):
            committee = unit(f"{district['code']}.C{g:02d}", f"Đảng bộ xã {d:02d}-{g:02d}", "grassroots_committee",
                             district, district["path"] + unit_rules.path_step(g), sector="commune")  # fmt: skip
            grassroots.append(committee)
            cells.extend(unit(f"{committee['code']}.{c:02d}", f"Chi bộ thôn {c + 1}", "cell", committee,
                              committee["path"] + unit_rules.path_step(c)) for c in range(CELLS))  # fmt: skip
    writer.write(Unit, units)
    writer.write(
        UnitPlacement,
        ({"id": pk, "unit_id": u["id"], "parent_id": u["parent_id"], "path": u["path"], "valid_from": start,
          "valid_to": None, "is_first": True}
         for pk, u in zip(writer.ids(UnitPlacement, len(units)), units, strict=True)),
    )  # fmt: skip
    cell_ids = [c["id"] for c in cells]
    grassroots_of = {c["id"]: c["parent_id"] for c in cells}
    # --- persons: members, then the persons of the open dossiers and the candidates
    total = args.members + args.dossiers + args.candidates
    person_ids = writer.ids(Person, total)
    persons, tokens = [], []
    for index, pk in enumerate(person_ids):
        family, given, sex = person_name(rng)
        full_name = f"{family} {given}"
        sort_name, words = names.of(full_name)
        citizen_id = f"{number:03d}{index:09d}"
        phone = f"09{rng.randrange(10**8):08d}" if rng.random() < 0.5 else ""
        member = index < args.members
        decided = _day(rng, FIRST_DAY, LAST_DAY) if member else None
        born = (decided or LAST_DAY) - datetime.timedelta(days=rng.randint(18 * 365 + 5, 50 * 365))
        persons.append({
            "id": pk, "full_name": full_name, "sort_name": sort_name, "sex": sex, "birth_date": born,
            "ethnicity": rng.choice(MINORITIES) if rng.random() < 0.12 else "Kinh",
            "religion": "Phật giáo" if rng.random() < 0.05 else "Không", "citizen_id": citizen_id, "phone": phone,
            "occupation": rng.choice(OCCUPATIONS), "youth_union": rng.random() < 0.6,
            "business_owner": rng.random() < 0.02, "general_education": "12/12", "unit_id": rng.choice(cell_ids),
            "_decided": decided,
        })  # fmt: skip
        tokens.extend((pk, word) for word in (*words, citizen_id, phone) if word)
    writer.write(Person, persons)
    token_ids = writer.ids(PersonSearchToken, len(tokens))
    writer.write(
        PersonSearchToken,
        ({"id": i, "person_id": p, "token": t} for i, (p, t) in zip(token_ids, tokens, strict=True)),
    )
    del tokens
    # --- memberships, their events and periods, and the admission records
    members = persons[: args.members]
    membership_ids = writer.ids(Membership, len(members))
    memberships, events, periods, records = [], [], [], []
    probation_from = LAST_DAY - datetime.timedelta(days=365)
    for pk, person in zip(membership_ids, members, strict=True):
        decided = person["_decided"]
        ceremony = min(decided + datetime.timedelta(days=rng.randint(10, 30)), LAST_DAY)
        full_on = ceremony + datetime.timedelta(days=366) if decided < probation_from else None
        struck = full_on is None and rng.random() < 0.01
        status = "struck_off" if struck else ("full" if full_on else "probationary")
        cell = person["unit_id"]
        memberships.append({"id": pk, "person_id": person["id"], "unit_id": cell, "status": status,
                            "decision_date": decided, "decision_number": f"{pk}-QĐ/HU", "ceremony_date": ceremony,
                            "full_member_date": full_on, "ended_on": LAST_DAY if struck else None,
                            "admission_unit_id": cell})  # fmt: skip
        events.append({"membership_id": pk, "kind": "admitted", "date": decided, "unit_id": cell,
                       "status": "probationary", "unit_after_id": cell, "status_after": "probationary"})  # fmt: skip
        if full_on:
            events.append({"membership_id": pk, "kind": "full", "date": full_on, "unit_before_id": cell,
                           "unit_after_id": cell, "status_before": "probationary", "status_after": "full"})  # fmt: skip
            periods.append({"membership_id": pk, "unit_id": cell, "status": "probationary", "valid_from": decided,
                            "valid_to": full_on - datetime.timedelta(days=1)})  # fmt: skip
            periods.append({"membership_id": pk, "unit_id": cell, "status": "full", "valid_from": full_on,
                            "valid_to": None})  # fmt: skip
        else:
            periods.append({"membership_id": pk, "unit_id": cell, "status": "probationary", "valid_from": decided,
                            "valid_to": LAST_DAY - datetime.timedelta(days=1) if struck else None})  # fmt: skip
        records.append({
            "membership_id": pk, "unit_id": cell, "decision_date": decided, "occupation": person["occupation"],
            "age": report_rules.age_on(person["birth_date"], decided), "woman": person["sex"] == "female",
            "ethnic_minority": person["ethnicity"] != "Kinh", "religious": person["religion"] != "Không",
            "youth_union": person["youth_union"], "business_owner": person["business_owner"], "readmitted": False,
            "struck_off": struck,
        })  # fmt: skip
    writer.write(Membership, memberships)
    for rows, model in ((events, RollEvent), (periods, RollPeriod), (records, AdmissionRecord)):
        for row, pk in zip(rows, writer.ids(model, len(rows)), strict=True):
            row["id"] = pk
        writer.write(model, rows)
    del memberships, events, periods, records
    # --- open dossiers (every stage up to the ceremony) and candidates in the pool
    dossiers = []
    others = persons[args.members :]
    for pk, person in zip(writer.ids(Dossier, args.dossiers), others[: args.dossiers], strict=True):
        stage = rng.choice(OPEN_STAGES)
        opened = LAST_DAY - datetime.timedelta(days=rng.randint(60, 500))
        row = {"id": pk, "person_id": person["id"], "unit_id": person["unit_id"], "stage": stage,
               "opened_on": opened, "application_on": opened, "cv_on": opened}  # fmt: skip
        day = opened
        for field in STAGE_DATES[: max(0, OPEN_STAGES.index(stage) - 1)]:
            day = min(day + datetime.timedelta(days=rng.randint(5, 40)), LAST_DAY)
            row[field] = day
        if "decision_on" in row:
            row["decided_by_id"] = grassroots_of[person["unit_id"]]
        dossiers.append(row)
    writer.write(Dossier, dossiers)
    writer.write(
        Candidate,
        ({"id": pk, "person_id": person["id"], "unit_id": person["unit_id"],
          "entered_on": LAST_DAY - datetime.timedelta(days=rng.randint(10, 900)), "source": "cell"}
         for pk, person in zip(writer.ids(Candidate, args.candidates), others[args.dossiers :], strict=True)),
    )  # fmt: skip
    # --- quotas: the province, its districts and grassroots committees, every year
    per_year = args.members // 21
    quota_units = [(province["id"], per_year)]
    quota_units += [(u["id"], per_year // DISTRICTS) for u in units if u["unit_type"] == "district"]
    quota_units += [(u["id"], max(1, per_year // len(grassroots))) for u in grassroots]
    quota_rows = [(unit_id, year, quota) for unit_id, quota in quota_units for year in range(2006, 2027)]
    quota_ids = writer.ids(Quota, len(quota_rows))
    writer.write(
        Quota,
        ({"id": pk, "unit_id": u, "year": y, "quota": q} for pk, (u, y, q) in zip(quota_ids, quota_rows, strict=True)),
    )
    writer.reset_sequences(
        [Unit, UnitPlacement, Person, PersonSearchToken, Membership, RollEvent, RollPeriod, AdmissionRecord, Dossier,
         Candidate, Quota]
    )  # fmt: skip
    # --- accounts (through the service: hashed password, roles, audit event)
    started = time.perf_counter()
    accounts = {}
    by_id = {u["id"]: u for u in units}
    busiest_cell = max(set(cell_ids[:CELLS]), key=lambda c: sum(1 for p in members[:20000] if p["unit_id"] == c))
    for role_name, unit_id, role in [("tochuc", province["id"], "staff"), ("coso", grassroots[0]["id"], "committee"),
                                     ("chibo", busiest_cell, "cell_secretary")]:  # fmt: skip
        username = f"{code.lower()}.{role_name}"
        if not User.objects.filter(username=username).exists():
            user_create(actor=None, username=username, password=args.password,
                        unit=Unit.objects.get(pk=unit_id), roles=[role])  # fmt: skip
        accounts[role_name] = (username, by_id[unit_id]["code"])
    writer.timer.add("accounts (service)", time.perf_counter() - started, len(accounts))
    return accounts


def main(argv=None):
    args = parse_args(argv)
    os.environ["DATABASE_URL"] = args.database_url
    prepare_database(args.database_url, args.fresh)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ptdv.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from ptdv.reports.models import AdmissionRollup
    from ptdv.reports.services import _rollups_rebuild_sql
    from ptdv.units.models import Unit

    began = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']} (migrated in "
          f"{time.perf_counter() - began:.1f} s)")  # fmt: skip
    timer, names = Timer(), NameBook()
    added = 0
    for number in range(1, args.provinces + 1):
        code = f"P{number:02d}"
        if Unit.objects.filter(code=code).exists():
            print(f"{code}: already built, left as it is")
            continue
        started = time.perf_counter()
        with transaction.atomic():
            accounts = build_province(number, args, Writer(timer), random.Random(args.seed + number), names)
        added += 1
        print(f"{code}: built in {time.perf_counter() - started:.1f} s; accounts (password {args.password!r}): "
              + ", ".join(f"{u} ({c})" for u, c in accounts.values()), flush=True)  # fmt: skip
    from ptdv.accounts.models import User
    from ptdv.accounts.services import user_create

    if not User.objects.filter(username="tw.tochuc").exists() and Unit.objects.filter(code="TW").exists():
        user_create(actor=None, username="tw.tochuc", password=args.password, unit=Unit.objects.get(code="TW"),
                    roles=["staff"])  # fmt: skip
        print("national account: tw.tochuc (TW)")
    if added or args.rebuild_rollups:
        started = time.perf_counter()
        with transaction.atomic():
            AdmissionRollup.objects.all().delete()
            _rollups_rebuild_sql()
        timer.add("reports_admissionrollup (rebuild SQL)", time.perf_counter() - started,
                  AdmissionRollup.objects.count())  # fmt: skip
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        timer.add("ANALYZE", time.perf_counter() - started, 0)
    timer.report()
    print(f"total {time.perf_counter() - began:.0f} s; {Unit.objects.count():,} units in the database")


if __name__ == "__main__":
    main()
