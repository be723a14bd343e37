"""The Vietnamese catalogue is complete and its compiled file matches it."""

import subprocess
import sys
from pathlib import Path

import polib
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES"


def test_every_message_has_a_vietnamese_translation():
    po = polib.pofile(str(LOCALE / "django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert len(po.translated_entries()) > 150


def test_compiled_catalogue_matches_the_source():
    po = {
        e.msgid: (e.msgstr or e.msgstr_plural.get(0)) for e in polib.pofile(str(LOCALE / "django.po")) if not e.obsolete
    }
    mo = {e.msgid: (e.msgstr or e.msgstr_plural.get(0)) for e in polib.mofile(str(LOCALE / "django.mo"))}
    assert {k: v for k, v in po.items() if k} == {k: v for k, v in mo.items() if k}, "run `make messages`"


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """Re-extract the messages (GNU xgettext) into a copy and compare: nothing new may be missing."""
    import shutil

    if shutil.which("xgettext") is None:
        import pytest

        pytest.skip("xgettext (GNU gettext) is not installed")
    root = Path(__file__).resolve().parents[2]
    copy = tmp_path / "ptdv"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "vi", "--no-obsolete", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "ptdv.settings"},
    )
    fresh = {
        e.msgid for e in polib.pofile(str(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po")) if not e.translated()
    }
    assert fresh == set(), "new strings need a Vietnamese translation: run `make messages` and translate them"


def test_role_and_type_labels_are_translated():
    from ptdv.accounts.models import Role
    from ptdv.units.models import UnitType

    with translation.override("vi"):
        assert str(Role.CELL_SECRETARY.label) == "Bí thư chi bộ"
        assert str(UnitType.GRASSROOTS_COMMITTEE.label) == "Đảng bộ cơ sở"
