from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ptdv.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .signals import password_saved

        # Any password change that does not go through the services still revokes tokens and links.
        post_save.connect(password_saved, sender="accounts.User", dispatch_uid="accounts-password-saved")
