from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _cache_table(sender, using, verbosity=1, **kwargs) -> None:
    """`ptdv migrate` also creates the database cache's table when PTDV_CACHE_URL=db:// (it does nothing for
    other caches, nor when the table exists), so switching the cache needs no extra step."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "ptdv.core"
    verbose_name = _("PTĐV")

    def ready(self):
        from django.db.models import fields

        from . import checks  # noqa: F401  (registers the deploy checks)

        # The empty choice of every select (Django 6.1's hook): "- Select an option -" has no Vietnamese in Django.
        fields.BLANK_CHOICE_LABEL = _("— choose —")

        post_migrate.connect(_cache_table, sender=self, dispatch_uid="core-cache-table")
