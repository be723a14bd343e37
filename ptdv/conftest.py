"""Shared test fixtures: a small unit tree and accounts with roles."""

import datetime
from unittest import mock

import pytest
from hypothesis import settings as hypothesis_settings

from ptdv.accounts.services import user_create
from ptdv.units.services import unit_create

pytest_plugins = ["ptdv.browser"]

# Hypothesis's 200 ms deadline per example fails properties on a loaded 2-core CI machine; correctness is what
# they check, and the suite's time is watched as a whole.
hypothesis_settings.register_profile("ptdv", deadline=None)
hypothesis_settings.load_profile("ptdv")

# Hashing every fixture user's password with argon2 cost most of the suite's time. Tests hash with MD5; the one
# test that checks production's hasher (accounts/tests/test_accounts.py) asks for argon2 itself.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "django.contrib.auth.hashers.Argon2PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):  # sends setting_changed: Django's hasher cache is reset
        yield


@pytest.fixture(autouse=True, scope="session")
def _own_file_folders(tmp_path_factory):
    """The folders the server writes files to (imports waiting for the worker, edited document templates), one set
    per test process: the suite runs in parallel processes (pytest-xdist), which must not share them."""
    from django.test.utils import override_settings

    base = tmp_path_factory.mktemp("var")
    (base / "imports").mkdir(mode=0o700)
    (base / "templates").mkdir(mode=0o700)
    with override_settings(PTDV_IMPORT_DIR=base / "imports", PTDV_DOCUMENT_TEMPLATES_DIR=base / "templates"):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language, whatever a test run before it in the same process activated (a
    request in English, an override left behind): the suite runs in several processes, in no fixed order."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def party_term(name: str):
    """A congress term the quotas' data migration adds ("2020-2025", "2025-2030"), added again if a transactional
    test run before in the same process flushed the table."""
    import importlib

    from django.apps import apps

    from ptdv.quotas.models import Term

    importlib.import_module("ptdv.quotas.migrations.0002_terms").add_terms(apps, None)
    return Term.objects.get(name=name)


PASSWORD = "Mat-khau-thu-nghiem-2026"  # the test accounts' password, in the test fixtures only  # nosec B105


class Tree:
    """province ─┬─ bloc ─┬─ university (grassroots) ─┬─ cell_it
    │        │                           └─ cell_econ
    │        └─ cement (grassroots) ──── cell_kiln
    └─ city (district) ── commune (grassroots) ── cell_village"""

    def __init__(self):
        day = datetime.date(2020, 1, 1)

        def make(parent, code, unit_type, members=0, **kw):
            return unit_create(
                actor=None, parent=parent, code=code, name=f"Đơn vị {code}", unit_type=unit_type,
                valid_from=day, member_count=members, **kw,
            )  # fmt: skip

        self.province = make(None, "P", "province", 10, may_admit=True)
        self.bloc = make(self.province, "P.B", "bloc", 5, may_admit=True)
        self.university = make(self.bloc, "P.B.U", "grassroots_committee", 3, sector="public_service")
        self.cell_it = make(self.university, "P.B.U.1", "cell", 20)
        self.cell_econ = make(self.university, "P.B.U.2", "cell", 15)
        self.cement = make(self.bloc, "P.B.C", "grassroots_committee", 2, sector="state_enterprise")
        self.cell_kiln = make(self.cement, "P.B.C.1", "cell", 30)
        self.city = make(self.province, "P.T", "district", 4, may_admit=True)
        self.commune = make(self.city, "P.T.X", "grassroots_committee", 1, sector="commune")
        self.cell_village = make(self.commune, "P.T.X.1", "cell", 12)

    def all(self):
        return [
            self.province, self.bloc, self.university, self.cell_it, self.cell_econ, self.cement, self.cell_kiln,
            self.city, self.commune, self.cell_village,
        ]  # fmt: skip


@pytest.fixture
def tree(db):
    return Tree()


@pytest.fixture
def make_user(db):
    counter = iter(range(1, 10_000))

    def make(unit, *roles, username=None):
        return user_create(
            actor=None,
            username=username or f"user{next(counter)}",
            password=PASSWORD,
            unit=unit,
            roles=list(roles),
            full_name="Nguyễn Văn An",
        )

    return make


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so fixtures can save a screenshot when it failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def database_on_disk(transactional_db, tmp_path):
    """The test database as other processes and connections see it in production; yields a DATABASE_URL for a
    subprocess. PostgreSQL: the test database itself (the test's writes are committed). SQLite: Django's in-memory
    test database copied to a file (WAL, as in production) and used instead for the test, with a busy timeout of
    1 s instead of 20 so that a locked database shows quickly."""
    import sqlite3

    from django.db import connection

    settings_dict = connection.settings_dict
    if connection.vendor != "sqlite":
        user, password = settings_dict["USER"], settings_dict["PASSWORD"]
        credentials = f"{user}:{password}@" if password else f"{user}@"
        yield f"postgres://{credentials}{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
        return
    # The session's live server (browser tests) shares this connection object with its threads, and closes it after
    # each request; a request still in flight from an earlier browser test would then close the file database under
    # this test (a segfault in SQLite). Its closes are ignored while the connection points at the file.
    from django.core.servers.basehttp import ThreadedWSGIServer

    no_close = mock.patch.object(ThreadedWSGIServer, "_close_connections", lambda server: None)
    no_close.start()
    path = tmp_path / "ptdv.sqlite3"
    connection.ensure_connection()
    memory = connection.connection
    target = sqlite3.connect(path)
    memory.backup(target)
    target.close()
    saved = dict(settings_dict)
    connection.connection = None  # the in-memory connection stays open (it holds the database) but unused
    settings_dict.update(NAME=str(path), OPTIONS={**saved.get("OPTIONS", {}), "timeout": 1})
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        settings_dict.clear()
        settings_dict.update(saved)
        connection.connection = memory
        no_close.stop()
