from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def dossier_event_label(name: str) -> str:
    """A dossier event's action in the user's language (a move by its stage's label), for the history pages."""
    from django.utils.translation import gettext as _

    from .models import DossierStage

    if name in DossierStage.values:
        return str(DossierStage(name).label)
    return {
        "open": _("Dossier opened"),
        "failed_vote": _("Record a vote that did not pass"),
        "returned": _("Return for correction"),
        "introduction_redone": _("Introduction papers redone"),
        "corrected": _("Correct the last step"),
        "ceremony_approval": _("Approval of a later ceremony by the committee directly above"),
        "particulars": _("Over 60, re-admission"),
        "probation": _("Probation"),
    }.get(name, _("Dossier changed"))


class AdmissionConfig(AppConfig):
    name = "ptdv.admission"
    verbose_name = _("Admission")

    def ready(self):
        from ptdv.core.registry import event_label_register

        event_label_register("dossier", dossier_event_label)
