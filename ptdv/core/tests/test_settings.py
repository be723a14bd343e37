"""Settings come from the environment, with safe defaults (run in subprocesses with a clean environment)."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRINT = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'debug': settings.DEBUG, 'key': settings.SECRET_KEY,"
    " 'db': settings.DATABASES['default'], 'hosts': settings.ALLOWED_HOSTS, 'hashers': settings.PASSWORD_HASHERS[0],"
    " 'secure': [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS]},"
    " default=str))"
)


def run(args, tmp_path, **env):
    ours = ("PTDV_", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    clean |= {"DJANGO_SETTINGS_MODULE": "ptdv.settings", "PTDV_VAR_DIR": str(tmp_path), **env}
    # our own interpreter and module, no untrusted input
    return subprocess.run(args, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)  # noqa: S603


def settings_in(tmp_path, **env):
    result = run([sys.executable, "-c", PRINT], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_safe_defaults(tmp_path):
    values = settings_in(tmp_path)
    assert values["debug"] is False
    assert values["hosts"] == ["127.0.0.1", "localhost"]
    assert values["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["db"]["NAME"] == str(tmp_path / "ptdv.sqlite3")
    assert values["hashers"].endswith("Argon2PasswordHasher")
    assert values["secure"] == [False, False, 0]


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = settings_in(tmp_path)["key"]
    assert len(first) >= 50
    assert settings_in(tmp_path)["key"] == first
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode & 0o077 == 0
    assert settings_in(tmp_path, SECRET_KEY="given-" + "x" * 50)["key"] == "given-" + "x" * 50


def test_environment_overrides(tmp_path):
    values = settings_in(
        tmp_path,
        PTDV_DEBUG="1",
        ALLOWED_HOSTS="ptdv.tinhuy.vn, 10.0.0.5",
        DATABASE_URL="postgres://ptdv:pw@db.local:5432/ptdv",
        PTDV_HTTPS="1",
    )
    assert values["debug"] is True
    assert values["hosts"] == ["ptdv.tinhuy.vn", "10.0.0.5"]
    assert values["db"]["ENGINE"] == "django.db.backends.postgresql" and values["db"]["NAME"] == "ptdv"
    assert values["secure"] == [True, True, 31_536_000]


def test_check_deploy_with_production_settings_prints_no_warnings(tmp_path):
    result = run(
        [sys.executable, "-m", "ptdv.cli", "check", "--deploy"],
        tmp_path,
        PTDV_HTTPS="1",
        ALLOWED_HOSTS="ptdv.tinhuy.vn",
        PTDV_SMTP_HOST="mail.tinhuy.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_the_ptdv_command_reaches_management_commands(tmp_path):
    result = run([sys.executable, "-m", "ptdv.cli", "help"], tmp_path)
    assert result.returncode == 0
    for command in ["migrate", "runserver", "demo"]:
        assert command in result.stdout


PRIVATE = (
    "import json, os, stat, django; django.setup(); from django.db import connection; "
    "cursor = connection.cursor(); cursor.execute('CREATE TABLE t (x)'); cursor.execute('INSERT INTO t VALUES (1)'); "
    "var = os.environ['PTDV_VAR_DIR']; mode = lambda p: oct(stat.S_IMODE(os.stat(p).st_mode)); "
    "print(json.dumps({name: mode(os.path.join(var, name)) for name in os.listdir(var) if name != 'static'} "
    "| {'.': mode(var)}))"
)


def test_var_and_the_sqlite_database_are_created_private(tmp_path):
    """var/ 0700; the SQLite file, its WAL and shared-memory files and the key 0600 (whatever the umask)."""
    var = tmp_path / "var"
    result = run([sys.executable, "-c", f"import os; os.umask(0o022); {PRIVATE}"], var)
    assert result.returncode == 0, result.stderr
    modes = json.loads(result.stdout)
    assert modes == {
        ".": "0o700",
        "ptdv.sqlite3": "0o600",
        "ptdv.sqlite3-wal": "0o600",
        "ptdv.sqlite3-shm": "0o600",
        "secret_key": "0o600",
    }


def test_check_deploy_warns_of_a_database_others_can_read(tmp_path):
    (tmp_path / "ptdv.sqlite3").touch(mode=0o644)
    (tmp_path / "ptdv.sqlite3").chmod(0o644)
    result = run(
        [sys.executable, "-m", "ptdv.cli", "check", "--deploy"],
        tmp_path,
        PTDV_HTTPS="1",
        ALLOWED_HOSTS="ptdv.tinhuy.vn",
        PTDV_SMTP_HOST="mail.tinhuy.vn",
    )
    assert "ptdv.W001" in result.stderr + result.stdout and f"chmod 600 {tmp_path / 'ptdv.sqlite3'}" in result.stderr


def test_refusals_are_not_logged_but_server_errors_are():
    """Issue #19 item 10: a 403 or 404 is the user's answer, not a fault: no traceback in the server's log."""
    import logging

    logger = logging.getLogger("django.request")
    assert not logger.isEnabledFor(logging.WARNING)
    assert logger.isEnabledFor(logging.ERROR)


def test_the_favicon_is_ours():
    from django.contrib.staticfiles import finders

    assert finders.find("ptdv/favicon.svg") and finders.find("ptdv/logo.svg")
