"""The API's rate limit holds across gunicorn's workers when they share a cache (PTDV_CACHE_URL=db://): two
separate cache clients, as two worker processes have, count the same requests. With a cache per process (the
default), each worker counts alone, which is why a deployment with several workers sets PTDV_CACHE_URL."""

import datetime

import pytest
import time_machine
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.test import override_settings

from ptdv import settings as project_settings
from ptdv.api import auth

pytestmark = pytest.mark.django_db(transaction=False)
TABLE = "ptdv_cache_test"


def _alternate(monkeypatch, api, workers, requests):
    """Send `requests` API calls, each through the next worker's own cache client; their status codes."""
    codes = []
    for number in range(requests):
        monkeypatch.setattr(auth, "cache", workers[number % len(workers)])
        codes.append(api.get("/units").status_code)
    return codes


@pytest.fixture
def frozen():
    with time_machine.travel(
        datetime.datetime(2026, 11, 22, 10, 0, 30, tzinfo=datetime.UTC), tick=False
    ):  # mid-minute: one window
        yield


@override_settings(PTDV_API_RATE_LIMIT="4/min")
def test_the_limit_holds_across_two_workers_sharing_the_database_cache(tree, make_user, api_for, monkeypatch, frozen):
    with override_settings(CACHES={"default": project_settings.cache_settings(f"db://{TABLE}")}):
        call_command("createcachetable", verbosity=0)
        workers = [DatabaseCache(TABLE, {}), DatabaseCache(TABLE, {})]  # two processes: nothing shared in memory
        api = api_for(make_user(tree.cell_it, "cell_secretary"))
        assert _alternate(monkeypatch, api, workers, 6) == [200, 200, 200, 200, 429, 429]


@override_settings(PTDV_API_RATE_LIMIT="4/min")
def test_with_a_cache_per_process_each_worker_counts_alone(tree, make_user, api_for, monkeypatch, frozen):
    workers = [LocMemCache("worker-1", {}), LocMemCache("worker-2", {})]
    api = api_for(make_user(tree.cell_it, "cell_secretary"))
    assert _alternate(monkeypatch, api, workers, 6) == [200] * 6  # 6 requests over a limit of 4: not held


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("", "django.core.cache.backends.locmem.LocMemCache", "ptdv"),
        ("db://", "django.core.cache.backends.db.DatabaseCache", "ptdv_cache"),
        ("db://other_table", "django.core.cache.backends.db.DatabaseCache", "other_table"),
        ("redis://10.0.0.5:6379/1", "django.core.cache.backends.redis.RedisCache", "redis://10.0.0.5:6379/1"),
    ],
)
def test_the_cache_url(url, backend, location):
    assert project_settings.cache_settings(url) == {"BACKEND": backend, "LOCATION": location}


def test_an_unknown_cache_url_stops_the_start():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="PTDV_CACHE_URL"):
        project_settings.cache_settings("memcached://x")


def test_migrate_creates_the_database_caches_table():
    from django.db import connection

    with override_settings(CACHES={"default": project_settings.cache_settings("db://ptdv_cache_migrated")}):
        assert "ptdv_cache_migrated" not in connection.introspection.table_names()
        call_command("migrate", verbosity=0)
        assert "ptdv_cache_migrated" in connection.introspection.table_names()
