"""`ptdv check --deploy`: personal data on disk must be private (var/ and the SQLite database, created so; an
installation from before keeps its modes until an operator changes them)."""

import stat
from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register
from django.utils.translation import gettext as _


@register(deploy=True)
def private_files(app_configs=None, **kwargs):
    paths = [Path(settings.VAR_DIR), Path(settings.PTDV_IMPORT_DIR)]
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        paths.append(Path(database["NAME"]))
    warnings = []
    for path in paths:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            continue
        if mode & 0o077:
            private = "700" if path.is_dir() else "600"
            warnings.append(
                Warning(
                    _("%(path)s can be read by other accounts of the server (mode %(mode)s); it holds personal data.")
                    % {"path": path, "mode": f"{mode:o}"},
                    hint=f"chmod {private} {path}",
                    id="ptdv.W001",
                )
            )
    return warnings
