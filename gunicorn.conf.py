"""gunicorn's configuration for PTĐV (read by `gunicorn ptdv.wsgi` run from the project's folder; README,
"Deploying on PostgreSQL"). Every value can be changed from the environment without editing this file.

Sized for the 2-core machine the benchmarks run on, with PostgreSQL on the same machine: a request spends much of
its time waiting for the database, so a few processes with a few threads each keep both cores busy without the
memory of many processes. Workers (processes) = cores + 1; threads per worker 4 (gthread: Django's database
connections are per thread, kept CONN_MAX_AGE seconds); keep-alive 5 s behind a proxy on the same machine. With
several workers the cache must be shared: PTDV_CACHE_URL=db:// (no extra server) or redis://…
"""

import multiprocessing
import os

bind = os.environ.get("PTDV_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PTDV_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("PTDV_THREADS", "4"))
keepalive = int(os.environ.get("PTDV_KEEPALIVE", "5"))
timeout = int(os.environ.get("PTDV_TIMEOUT", "120"))  # a national report or a large export may take a while
graceful_timeout = 30
# A worker is replaced after this many requests (plus jitter, so they do not all restart at once): bounds any slow
# growth of a process's memory.
max_requests = int(os.environ.get("PTDV_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = os.environ.get("PTDV_ACCESS_LOG") or None  # "-" for stdout; off by default (paths carry no personal data)
errorlog = "-"
