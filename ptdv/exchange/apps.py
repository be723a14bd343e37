from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _export_pool(candidates):
    from .export import export_pool  # imported at the call (openpyxl, the formats)

    return export_pool(candidates)


class ExchangeConfig(AppConfig):
    name = "ptdv.exchange"
    verbose_name = _("Import and export")

    def ready(self):
        from ptdv.core.registry import exporter_register

        from . import checks  # noqa: F401  (registers the expat check)

        # The pool page's "export" (people) writes the `people` format: one writer, here (people sits below us).
        exporter_register("pool", _export_pool)
