"""The admissions report beside DuckDB's raw scan of the same admissions, in the same run (`make bench-report`).

    .venv/bin/python benchmarks/report_duckdb.py --database-url postgres://postgres@127.0.0.1:5432/ptdv_bench
        [--unit P01] [--unit TW] [--explain]

The database is one `benchmarks/national.py` built. Exports the admission records (with the path of each record's
cell) to Parquet once, then for each unit and period times (median of 5, after a warm-up):
- the whole report as the JSON download computes it (reports.selectors.admissions_report: figures, the year before,
  sub-units, lagging units, pipeline, forecast), in this process;
- the core figures alone from the rollups (reports.selectors.period_figures: every key, each child's total);
- DuckDB reading the Parquet file: the same core figures (totals, categories, occupations, age bands, each child's
  total) over the subtree's admissions of the period — the reference of issue 21's goal: the report ≤ the scan.
The goal is met when the ratio report / DuckDB is ≤ 1. With --explain, EXPLAIN (ANALYZE, BUFFERS) of every query
the report runs for the first case goes to benchmarks/results/explain-report-<unit>.txt, slowest first.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERIODS = [
    ("year 2025", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
    ("15/03/2025 - 10/11/2025 (cuts months)", datetime.date(2025, 3, 15), datetime.date(2025, 11, 10)),
    ("20 years 2006 - 2025", datetime.date(2006, 1, 1), datetime.date(2025, 12, 31)),
]
TODAY = datetime.date(2026, 11, 20)


def timed(func, repeat=5):
    func()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def export_parquet(connection, target: Path) -> int:
    """Every admission record with its cell's path, as PostgreSQL hands them (COPY … TO STDOUT), into Parquet."""
    import duckdb

    csv_file = target.with_suffix(".csv")
    query = (
        "COPY (SELECT r.decision_date, u.path, r.occupation, r.age, r.woman, r.ethnic_minority, r.religious, "
        "r.youth_union, r.business_owner, r.readmitted, r.struck_off FROM reports_admissionrecord r "
        "JOIN units_unit u ON u.id = r.unit_id) TO STDOUT WITH (FORMAT csv, HEADER true)"
    )
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, csv_file.open("wb") as out, cursor.copy(query) as copy:
        for block in copy:
            out.write(block)
    duck = duckdb.connect()
    # our own temporary file names, no input
    duck.execute(f"COPY (SELECT * FROM read_csv_auto('{csv_file}')) TO '{target}' (FORMAT parquet)")  # noqa: S608
    rows = duck.execute(f"SELECT count(*) FROM '{target}'").fetchone()[0]  # noqa: S608
    csv_file.unlink()
    return rows


def duckdb_figures(duck, parquet: Path, path: str, date_from, date_to):
    """The core figures from the raw admissions: one scan with grouping sets (the whole, by occupation, by age
    band, by child)."""
    child = len(path) + 4
    sql = f"""
        SELECT substr(path, 1, {child}) AS child, occupation,
               CASE WHEN age <= 30 THEN 'to-30' WHEN age <= 40 THEN '31-40' WHEN age <= 50 THEN '41-50'
                    WHEN age <= 60 THEN '51-60' ELSE 'over-60' END AS band,
               count(*) AS total, sum(age) AS age_sum, count(*) FILTER (WHERE woman) AS woman,
               count(*) FILTER (WHERE ethnic_minority) AS ethnic_minority,
               count(*) FILTER (WHERE religious) AS religious,
               count(*) FILTER (WHERE youth_union) AS youth_union,
               count(*) FILTER (WHERE business_owner) AS business_owner,
               count(*) FILTER (WHERE readmitted) AS readmitted, count(*) FILTER (WHERE struck_off) AS struck_off
        FROM '{parquet}'
        WHERE starts_with(path, ?) AND decision_date BETWEEN ? AND ?
        GROUP BY GROUPING SETS ((), (occupation), (band), (child))
    """  # noqa: S608  the file name is ours; values as parameters
    rows = duck.execute(sql, [path, date_from, date_to]).fetchall()
    return next((r[3] for r in rows if r[0] is None and r[1] is None and r[2] is None), 0)


def explain_report(connection, unit, date_from, date_to, target: Path) -> None:
    """Runs the report once capturing its queries, then EXPLAIN (ANALYZE, BUFFERS) of each, slowest first."""
    from django.test.utils import CaptureQueriesContext

    from ptdv.reports.selectors import admissions_report

    with CaptureQueriesContext(connection) as captured:
        admissions_report(unit=unit, date_from=date_from, date_to=date_to, today=TODAY)
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            took = float(plan.rsplit("Execution Time: ", 1)[1].split(" ")[0]) if "Execution Time: " in plan else 0.0
            plans.append((took, sql, plan))
    plans.sort(key=lambda item: -item[0])
    with target.open("w") as out:
        out.write(f"admissions_report({unit.code}, {date_from} – {date_to}): {len(captured)} queries\n\n")
        for took, sql, plan in plans:
            out.write(f"==== {took:.1f} ms\n{sql}\n\n{plan}\n\n")
    print(f"  {len(captured)} queries; plans, slowest first, in {target.relative_to(ROOT)}")
    for took, sql, _plan in plans[:3]:
        print(f"    {took:8.1f} ms  {sql[:150]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--unit", action="append", help="unit codes (default: P01 and TW)")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("PTDV_VAR_DIR", tempfile.mkdtemp(prefix="ptdv-bench-"))
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ptdv.settings")
    import django

    django.setup()
    import duckdb
    from django.db import connection

    from ptdv.reports.selectors import admissions_report, period_figures
    from ptdv.units.models import Unit

    parquet = Path(tempfile.mkdtemp(prefix="ptdv-duckdb-")) / "admissions.parquet"
    started = time.perf_counter()
    rows = export_parquet(connection, parquet)
    print(f"engine: {connection.vendor}; {rows:,} admission records exported to Parquet "
          f"({parquet.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")  # fmt: skip
    duck = duckdb.connect()
    print(f"{'unit, period':<52}{'report':>9}{'core':>8}{'DuckDB':>8}{'report/DuckDB':>15}{'core/DuckDB':>13}")
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    lines = []
    for code in args.unit or ["P01", "TW"]:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            print(f"{code}: no such unit, skipped")
            continue
        children = list(Unit.objects.filter(parent=unit).values_list("pk", flat=True))
        for label, date_from, date_to in PERIODS:
            report = timed(
                lambda u=unit, f=date_from, t=date_to: admissions_report(unit=u, date_from=f, date_to=t, today=TODAY)
            )
            core = timed(
                lambda u=unit, f=date_from, t=date_to, c=children: period_figures(
                    unit=u, date_from=f, date_to=t, targets=c
                )
            )
            scan = timed(lambda p=unit.path, f=date_from, t=date_to: duckdb_figures(duck, parquet, p, f, t))
            counted = period_figures(unit=unit, date_from=date_from, date_to=date_to, targets=children).counts["total"]
            scanned = duckdb_figures(duck, parquet, unit.path, date_from, date_to)
            same = "" if counted == scanned else f"  (differ: {counted:,} / {scanned:,})"
            line = (f"{code + ', ' + label:<52}{report:>7.0f}ms{core:>6.0f}ms{scan:>6.0f}ms{report / scan:>14.1f}×"
                    f"{core / scan:>12.2f}×{same}")  # fmt: skip
            print(line, flush=True)
            lines.append(line)
        if args.explain:
            explain_report(connection, unit, PERIODS[0][1], PERIODS[0][2], results / f"explain-report-{code}.txt")
    (results / "report-duckdb.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
