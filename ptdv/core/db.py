"""Database helpers that must behave the same on SQLite and PostgreSQL."""

from django.db import connection
from django.db.models import Q


def prefix_q(field: str, prefix: str) -> Q:
    """Rows whose `field` starts with `prefix`, through the column's index on both engines.

    PostgreSQL: LIKE 'prefix%' uses the varchar_pattern_ops index Django creates for an indexed CharField.
    SQLite: its LIKE is case-insensitive and skips a plain index, so a range on the binary order is used. Values
    must be ASCII below '~' (the path alphabet, folded search tokens)."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__startswith": prefix})
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "~"})
