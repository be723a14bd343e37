from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _changed(sender, **kwargs):
    from .selectors import data_changed

    data_changed()


def _credentials_changed(sender, user, actor, **kwargs):
    from .services import calendar_tokens_revoke_all  # imported at the call, like _changed above

    calendar_tokens_revoke_all(actor=actor, user=user)


def _queue_count(*, user) -> int:
    from .selectors import queue_count  # imported at the call: the selectors load the calendar's holidays

    return queue_count(user=user)


def _unread_count(*, user) -> int:
    from .selectors import unread_count

    return unread_count(user=user)


class RemindersConfig(AppConfig):
    name = "ptdv.reminders"
    verbose_name = _("Reminders")

    def ready(self):
        from ptdv.accounts.signals import credentials_changed
        from ptdv.core.registry import UNREAD, navigation_count_register

        # The navigation's number beside "To do", and the header's unread messages (core asks, never imports us).
        navigation_count_register("reminders", _queue_count)
        navigation_count_register(UNREAD, _unread_count)

        # A changed password (or a disabled account) ends the user's calendar feed links.
        credentials_changed.connect(_credentials_changed, dispatch_uid="reminders-credentials-changed")
        # The navigation's count of due items is cached; any change to what the items are computed from drops it.
        for model in ("admission.Dossier", "people.Candidate", "training.Enrolment"):
            post_save.connect(_changed, sender=model, dispatch_uid=f"reminders-{model}-save")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"reminders-{model}-delete")
