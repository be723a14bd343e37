"""System checks of the import (run by `ptdv check`, `runserver`, `migrate` and every management command)."""

from django.core.checks import Error, register

from . import xlsx


@register()
def expat_version(app_configs=None, **kwargs):
    """The reader refuses to open a workbook with an expat older than xlsx.EXPAT_MINIMUM; say so at start-up."""
    if not xlsx.expat_too_old():
        return []
    return [
        Error(
            xlsx.expat_message(),
            hint="Python's pyexpat is built with this expat: install a Python (or a libexpat) from 2021 or later.",
            id="ptdv.E010",
        )
    ]
