from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _credentials_changed(sender, user, actor, **kwargs):
    from .services import api_tokens_revoke_all  # imported at the call: ready() stays light

    api_tokens_revoke_all(actor=actor, user=user)


def _profile_context(user) -> dict:
    from .views import tokens_context

    return tokens_context(user)


class ApiConfig(AppConfig):
    name = "ptdv.api"
    label = "ptdv_api"
    verbose_name = _("API")

    def ready(self):
        from ptdv.accounts.signals import credentials_changed
        from ptdv.core.registry import page_context_register

        # The profile page (accounts) shows the user's tokens: we fill it, accounts does not import us.
        page_context_register("profile", _profile_context)

        # A changed password (or a disabled account) ends the user's personal tokens.
        credentials_changed.connect(_credentials_changed, dispatch_uid="api-credentials-changed")
