from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "ptdv.membership"
    verbose_name = _("Party members")

    def ready(self):
        from ptdv.units.selectors import roll_counter_register

        from .selectors import RollCounter

        roll_counter_register(RollCounter())
