"""One import of a kind at a time per unit, taken without waiting.

Two imports of the same file at once would both find a row missing and both insert it: the second then fails on a
unique constraint at its commit. So the import (the write, not the preview) first takes a lock named after its kind
and the importer's unit; when another import holds it, the second is told so at once and writes nothing.

- PostgreSQL: a session advisory lock (`pg_try_advisory_lock`), held on the importing connection; the server
  releases it when that connection ends, so a killed worker never leaves it behind.
- SQLite: an exclusive `flock` on a small file in the import folder; the kernel releases it when the process ends.
  SQLite serves processes of one machine only, so every process that could import sees the same file.
"""

import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

try:
    import fcntl
except ImportError:  # not POSIX: SQLite's own write lock still serialises imports (the second one waits)
    fcntl = None

LOCK_SPACE = 0x50544456  # "PTDV": the first key of the project's advisory locks


def _key(kind: str, unit_id) -> int:
    return zlib.crc32(f"import:{kind}:{unit_id}".encode()) - 2**31  # a signed int4


@contextmanager
def import_lock(*, kind: str, unit_id) -> Iterator[bool]:
    """Yields True while this process holds the right to write imports of `kind` for the unit, False (at once,
    without waiting) when another import holds it."""
    if connection.vendor == "postgresql":
        key = [LOCK_SPACE, _key(kind, unit_id)]
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
            held = cursor.fetchone()[0]
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)
        return
    if fcntl is None:
        yield True
        return
    folder = Path(settings.PTDV_IMPORT_DIR) / "locks"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(folder / f"{kind}-{unit_id}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True  # released when the descriptor is closed
    finally:
        os.close(descriptor)
