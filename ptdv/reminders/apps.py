from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _changed(sender, **kwargs):
    from .selectors import data_changed

    data_changed()


class RemindersConfig(AppConfig):
    name = "ptdv.reminders"
    verbose_name = _("Reminders")

    def ready(self):
        from ptdv.accounts.signals import credentials_changed

        from .services import _on_credentials_changed

        # A changed password (or a disabled account) ends the user's calendar feed links.
        credentials_changed.connect(_on_credentials_changed, dispatch_uid="reminders-credentials-changed")
        # The navigation's count of due items is cached; any change to what the items are computed from drops it.
        for model in ("admission.Dossier", "people.Candidate", "training.Enrolment"):
            post_save.connect(_changed, sender=model, dispatch_uid=f"reminders-{model}-save")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"reminders-{model}-delete")
