"""Keyset pagination: every list is ordered by a sort key ending with the id; the cursor is the last row's id only,
signed so a client cannot forge one (never the sort key itself: a cursor of a list sorted by name would carry a
person's full name in base64 into URLs and logs). The next page reads the last row's sort key again by its id.
Stable under inserts, and as fast on page 1,000 as on page 1."""

import datetime

from django.core import signing
from django.db.models import Q, QuerySet
from ninja import Schema
from ninja.errors import ValidationError as NinjaValidationError

MAX_LIMIT = 200


class Page[T](Schema):
    items: list[T]
    next_cursor: str | None = None


def _value(obj, field: str):
    value = obj
    for part in field.split("__"):
        value = getattr(value, part)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


SALT = "ptdv.api.cursor"


def encode_cursor(pk: int) -> str:
    return signing.dumps([pk], salt=SALT)


def _invalid():
    return NinjaValidationError([{"loc": ["query", "cursor"], "msg": "Invalid cursor.", "type": "invalid_cursor"}])


def decode_cursor(cursor: str) -> int:
    """The id of the last row of the previous page."""
    try:
        values = signing.loads(cursor, salt=SALT)
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != 1 or type(values[0]) is not int:
        raise _invalid()
    return values[0]


def keyset_page(queryset: QuerySet, *, order: tuple[str, ...], cursor: str | None, limit: int) -> dict:
    """One page of `queryset` in ascending `order` (its last field must be "pk"), after `cursor`."""
    queryset = queryset.order_by(*order)
    if cursor:
        pk = decode_cursor(cursor)
        # the anchor row's sort key, read again by its id (the list's own rows: a row gone meanwhile ends the walk)
        values = queryset.filter(pk=pk).values_list(*order).first()
        if values is None:
            raise _invalid()
        after = Q()
        for i, field in enumerate(order):
            step = Q(**{f"{field}__gt": values[i]})
            for previous, value in zip(order[:i], values[:i], strict=True):
                step &= Q(**{previous: value})
            after |= step
        queryset = queryset.filter(after)
    limit = max(1, min(limit, MAX_LIMIT))
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].pk) if more else None
    return {"items": rows, "next_cursor": next_cursor}


def keyset_list(rows: list, *, order: tuple[str, ...], cursor: str | None, limit: int) -> dict:
    """The same page over rows already read and sorted by `order` (a search's bounded results)."""
    if cursor:
        pk = decode_cursor(cursor)
        anchor = next((row for row in rows if row.pk == pk), None)
        if anchor is None:
            raise _invalid()
        after = tuple(_value(anchor, f) for f in order)
        rows = [row for row in rows if tuple(_value(row, f) for f in order) > after]
    limit = max(1, min(limit, MAX_LIMIT))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].pk) if more else None
    return {"items": rows, "next_cursor": next_cursor}
