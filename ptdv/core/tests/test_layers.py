"""The layers contract (pyproject.toml, [tool.importlinter]) holds for the code as it stands, and breaks when a
module imports a layer above its own: at the top of a module, inside a function, or between two independent apps
(a cycle). Each case runs `lint-imports` on a copy of the package with one module added."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(tmp_path: Path, extra: dict[str, str]) -> subprocess.CompletedProcess:
    copy = tmp_path / "ptdv"
    shutil.copytree(
        ROOT / "ptdv",
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "templates", "static", "locale", "templates_docx", "*.mo"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for path, source in extra.items():
        (tmp_path / path).write_text(source)
    return subprocess.run(  # noqa: S603 - our own venv's lint-imports, fixed arguments
        [str(LINT_IMPORTS), "--no-cache", "--config", "pyproject.toml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)},
        check=False,
    )


def test_the_code_keeps_the_layers(tmp_path):
    result = _lint(tmp_path, {})
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("path", "source", "broken"),
    [
        # the ground floor reaching up to a domain app, at the top of a module
        (
            "ptdv/core/upward.py",
            "from ptdv.reports import selectors  # noqa\n",
            "ptdv.core is not allowed to import ptdv.reports",
        ),
        # the same hidden inside a function
        (
            "ptdv/units/upward.py",
            "def f():\n    from ptdv.admission.models import Dossier\n    return Dossier\n",
            "ptdv.units is not allowed to import ptdv.admission",
        ),
        # two apps of one layer, independent: an import between them would let a cycle in
        (
            "ptdv/reminders/sideways.py",
            "import ptdv.exchange.export\n",
            "ptdv.reminders is not allowed to import ptdv.exchange",
        ),
        # an app's demo data may cross the layers; its other modules may not
        ("ptdv/people/upward.py", "from ptdv.demo import loader\n", "ptdv.people is not allowed to import ptdv.demo"),
    ],
)
def test_an_upward_import_breaks_the_contract(tmp_path, path, source, broken):
    result = _lint(tmp_path, {path: source})
    assert result.returncode != 0
    assert broken in result.stdout, result.stdout + result.stderr
