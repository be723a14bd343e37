from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _memberships_changed(sender, memberships, **kwargs) -> None:
    from .services import admission_records_sync

    admission_records_sync(memberships=memberships)


def _admitted_with_children(*, unit, date_from, date_to):
    from .selectors import admitted_with_children

    return admitted_with_children(unit=unit, date_from=date_from, date_to=date_to)


class ReportsConfig(AppConfig):
    name = "ptdv.reports"
    verbose_name = _("Reports")

    def ready(self):
        from ptdv.membership.signals import memberships_changed
        from ptdv.quotas.counting import admitted_counter_register

        # The roll's writes (membership, admission) keep the admission records in step, in their transaction.
        memberships_changed.connect(_memberships_changed, dispatch_uid="reports-memberships-changed")
        # The quota pages count the admissions as the reports do.
        admitted_counter_register(_admitted_with_children)
