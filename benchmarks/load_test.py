"""The load test: 50 simulated users of a department against gunicorn on PostgreSQL (`make bench-load`).

    .venv/bin/python benchmarks/load_test.py --database-url postgres://postgres@127.0.0.1:5432/ptdv_bench
        [--users 50] [--run-time 2m] [--province P01] [--mix province=6,grassroots=2,cell=2]

The database is one `benchmarks/national.py` built (its accounts, its province). Starts gunicorn with the project's
gunicorn.conf.py (workers, threads, keep-alive; PTDV_WORKERS / PTDV_THREADS change them) and the shared database
cache (PTDV_CACHE_URL=db://), runs locust headless (benchmarks/locustfile.py: think time 1-5 s; the statistics are
reset once every user has started), then prints p50 / p95 / p99 per page against the goals of issue 21 (p50 ≤ 100
ms, p95 ≤ 150 ms) and writes them to benchmarks/results/load-<users>u.txt. Stops gunicorn afterwards.
"""

import argparse
import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_P50, GOAL_P95 = 100, 150


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on port {port} within {seconds:.0f} s")


def summary(stats_csv: Path, users: int, run_time: str, workers: str, threads: str) -> str:
    rows = list(csv.DictReader(stats_csv.open()))
    lines = [
        f"{users} users, think time 1-5 s, {run_time} after the ramp; gunicorn {workers} workers × {threads} threads; "
        f"goals p50 ≤ {GOAL_P50} ms, p95 ≤ {GOAL_P95} ms",
        f"{'page':<44}{'requests':>9}{'fail':>6}{'p50':>7}{'p95':>7}{'p99':>7}{'max':>8}{'KB':>7}  goal",
    ]
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        if row["Name"].startswith(("login", "setup")):
            continue
        p50, p95, p99 = (float(row[k]) if row[k] not in ("", "N/A") else 0 for k in ("50%", "95%", "99%"))
        met = "ok" if p50 <= GOAL_P50 and p95 <= GOAL_P95 else "MISSED"
        size = float(row["Average Content Size"] or 0) / 1024
        lines.append(
            f"{row['Name'][:43]:<44}{row['Request Count']:>9}{row['Failure Count']:>6}{p50:>7.0f}{p95:>7.0f}"
            f"{p99:>7.0f}{float(row['Max Response Time']):>8.0f}{size:>7.0f}  {met}"
        )
    total = next((row for row in rows if row["Name"] == "Aggregated"), None)
    if total is not None:
        lines.append(f"served {float(total['Requests/s']):.1f} requests/s")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--run-time", default="2m")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--province", default="P01")
    parser.add_argument("--mix", default="province=6,grassroots=2,cell=2")
    parser.add_argument("--password", default="bench-ptdv-2026")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("--database-url postgres://… (a database built by benchmarks/national.py) is needed")
    workers = os.environ.get("PTDV_WORKERS", str((os.cpu_count() or 2) + 1))
    threads = os.environ.get("PTDV_THREADS", "4")
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "PTDV_CACHE_URL": os.environ.get("PTDV_CACHE_URL", "db://"),
        "PTDV_BIND": f"127.0.0.1:{args.port}",
        "PTDV_WORKERS": workers,
        "PTDV_THREADS": threads,
        "PTDV_VAR_DIR": tempfile.mkdtemp(prefix="ptdv-load-"),
        "SECRET_KEY": "load-test-only-" + "x" * 40,
        "PTDV_API_RATE_LIMIT": "1000000/min",  # 50 simulated users share three accounts
        "PYTHONPATH": str(ROOT),
    }
    # our own interpreter and fixed arguments: no untrusted input reaches the commands
    migrate = [sys.executable, "-m", "ptdv.cli", "migrate", "--noinput", "-v", "0"]
    subprocess.run(migrate, env=env, cwd=ROOT, check=True)  # noqa: S603
    gunicorn = [sys.executable, "-m", "gunicorn", "ptdv.wsgi", "-c", str(ROOT / "gunicorn.conf.py")]
    server = subprocess.Popen(gunicorn, env=env, cwd=ROOT)  # noqa: S603
    try:
        wait_for(args.port)
        prefix = Path(tempfile.mkdtemp(prefix="ptdv-locust-")) / "run"
        locust_env = {**env, "PTDV_BENCH_PROVINCE": args.province, "PTDV_BENCH_MIX": args.mix,
                      "PTDV_BENCH_PASSWORD": args.password}  # fmt: skip
        locust = [sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless",
                  "-u", str(args.users), "-r", str(args.spawn_rate), "-t", args.run_time, "--reset-stats",
                  "--host", f"http://127.0.0.1:{args.port}", "--csv", str(prefix), "--only-summary",
                  "--loglevel", "WARNING"]  # fmt: skip
        subprocess.run(locust, env=locust_env, cwd=ROOT, check=False)  # noqa: S603
        text = summary(Path(f"{prefix}_stats.csv"), args.users, args.run_time, workers, threads)
        print(text)
        results = ROOT / "benchmarks" / "results"
        results.mkdir(exist_ok=True)
        (results / f"load-{args.users}u.txt").write_text(text + "\n")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
