"""Each page of the load test's mix, one request at a time, with its queries and their plans (`make bench-pages`).

    .venv/bin/python benchmarks/page_profile.py --database-url postgres://postgres@127.0.0.1:5432/ptdv_bench
        [--user p01.tochuc] [--user tw.tochuc]

The database is one `benchmarks/national.py` built. For each account and page (the Django test client, in this
process, so no network nor gunicorn): the median time of 3 requests after a warm-up, the number of queries, the
time the database spent in them, the answer's size; then EXPLAIN (ANALYZE, BUFFERS) of the three slowest queries of
each page into benchmarks/results/explain-pages-<user>.txt — where the next fix is.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "dashboard /reports/": "/reports/",
    "report page (a year)": "/reports/admissions/?period=year&year=2025",
    "report JSON (a year)": "/reports/admissions/json/?period=year&year=2025",
    "report JSON (20 years)": "/reports/admissions/json/?period=custom&date_from=01/01/2006&date_to=31/12/2025",
    "roll /members/": "/members/",
    "roll search 'nguyen van'": "/members/?q=nguyen+van",
    "work queue /tasks/": "/tasks/",
    "API person search 'nguyen van'": "/api/v1/persons?q=nguyen+van&limit=50",
    "dossier page": "/dossiers/{dossier}/",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--user", action="append", help="accounts (default p01.tochuc)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("PTDV_VAR_DIR", tempfile.mkdtemp(prefix="ptdv-bench-"))
    os.environ.setdefault("PTDV_API_RATE_LIMIT", "1000000/min")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ptdv.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from ptdv.accounts.models import User
    from ptdv.admission.models import Dossier
    from ptdv.units.models import subtree_q

    setup_test_environment()  # the test client's templates and ALLOWED_HOSTS
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    for username in args.user or ["p01.tochuc"]:
        user = User.objects.select_related("unit").get(username=username)
        client = Client()
        client.force_login(user)
        dossier = Dossier.objects.filter(subtree_q(user.unit.path, "unit__path")).order_by("pk").first()
        print(f"{username} ({user.unit.code}), {connection.vendor}:")
        print(f"  {'page':<34}{'median':>9}{'queries':>9}{'in SQL':>9}{'KB':>8}")
        report = []
        for label, url in PAGES.items():
            if "{dossier}" in url and dossier is None:
                continue  # no open dossier in the user's units
            url = url.format(dossier=dossier.pk if dossier else 0)
            client.get(url)  # warm-up: caches, compiled templates
            samples = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url)
                samples.append(time.perf_counter() - started)
            in_sql = sum(float(q["time"]) for q in captured.captured_queries) * 1000
            size = len(response.content) / 1024
            print(f"  {label:<34}{statistics.median(samples) * 1000:>7.0f}ms{len(captured):>9}{in_sql:>7.0f}ms"
                  f"{size:>8.0f}{'' if response.status_code == 200 else f'  HTTP {response.status_code}'}",
                  flush=True)  # fmt: skip
            slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
            report.append(f"######## {label}  {url}: {len(captured)} queries, {in_sql:.0f} ms in SQL\n")
            with connection.cursor() as cursor:
                for query in slowest:
                    sql = query["sql"]
                    if not sql.lstrip().upper().startswith("SELECT") or connection.vendor != "postgresql":
                        continue
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                    report.append(f"==== {float(query['time']) * 1000:.1f} ms\n{sql}\n\n{plan}\n")
        target = results / f"explain-pages-{username}.txt"
        target.write_text("\n".join(report))
        print(f"  plans of the slowest queries: {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
