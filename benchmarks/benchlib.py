"""What the benchmark scripts share: Django set up for a throw-away database, and a province of cells to fill.

Import it first in a script (`from benchlib import ...`): it sets the environment and calls django.setup()."""

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ptdv.settings")
os.environ.setdefault("PTDV_VAR_DIR", tempfile.mkdtemp(prefix="ptdv-bench-"))

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


@contextmanager
def throwaway_database(*, sqlite_on_disk: bool = True):
    """A test database for the run, destroyed after it. On SQLite a file on disk (as in production) unless
    `sqlite_on_disk` is False (Django's in-memory test database)."""
    if connection.vendor == "sqlite" and sqlite_on_disk:
        connection.settings_dict["TEST"]["NAME"] = str(Path(tempfile.mkdtemp(prefix="ptdv-bench-")) / "bench.sqlite3")
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield name
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def province_of_cells(grassroots: int = 100, cells_each: int = 10):
    """A province "T" with `grassroots` grassroots committees of `cells_each` cells; returns (province,
    grassroots committees, cells)."""
    from ptdv.units import rules
    from ptdv.units.models import Unit

    root = Unit.objects.create(code="T", name="Tỉnh", unit_type="province", path="0000", depth=1)
    committees, cells = [], []
    for g in range(grassroots):
        committee = Unit.objects.create(
            code=f"T.{g}", name=f"Đảng bộ {g}", unit_type="grassroots_committee", parent=root,
            path=root.path + rules.path_step(g), depth=2,
        )  # fmt: skip
        committees.append(committee)
        cells += Unit.objects.bulk_create(
            Unit(code=f"T.{g}.{c}", name=f"Chi bộ {c}", unit_type="cell", parent=committee,
                 path=committee.path + rules.path_step(c), depth=3)
            for c in range(cells_each)
        )  # fmt: skip
    return root, committees, cells
