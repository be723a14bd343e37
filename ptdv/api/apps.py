from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "ptdv.api"
    label = "ptdv_api"
    verbose_name = _("API")

    def ready(self):
        from ptdv.accounts.signals import credentials_changed

        from .services import _on_credentials_changed

        # A changed password (or a disabled account) ends the user's personal tokens.
        credentials_changed.connect(_on_credentials_changed, dispatch_uid="api-credentials-changed")
