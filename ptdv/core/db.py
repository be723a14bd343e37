"""Database helpers that must behave the same on SQLite and PostgreSQL."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection
from django.db.models import Q


def prefix_q(field: str, prefix: str) -> Q:
    """Rows whose `field` starts with `prefix`, through the column's index on both engines.

    PostgreSQL: LIKE 'prefix%' uses the varchar_pattern_ops index Django creates for an indexed CharField.
    SQLite: its LIKE is case-insensitive and skips a plain index, so a range on the binary order is used. Values
    must be ASCII below '~' (the path alphabet, folded search tokens)."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__startswith": prefix})
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "~"})


def database_busy(error: BaseException | None) -> bool:
    """Whether `error` means the database was busy, not broken: SQLite's "database is locked" (another connection —
    a long import — held the write lock longer than the busy timeout) or PostgreSQL's lock_not_available (a
    lock_timeout ran out). The request can simply be tried again a little later."""
    if not isinstance(error, OperationalError):
        return False
    if getattr(error.__cause__, "sqlstate", None) == "55P03":
        return True
    message = str(error)
    return "database is locked" in message or "database table is locked" in message


@contextmanager
def short_busy_wait(milliseconds: int = 1000) -> Iterator[None]:
    """On SQLite, wait at most `milliseconds` for the write lock inside the block (instead of the connection's busy
    timeout, 20 s): for a write worth trying but not worth keeping a user waiting for. Nothing on PostgreSQL."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {previous}")
