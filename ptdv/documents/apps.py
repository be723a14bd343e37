from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ptdv.documents"
    verbose_name = "Văn bản, biểu mẫu"

    def ready(self):
        from ptdv.admission import steps

        steps.numbering_register(_step_number)


def _step_number(*, actor, dossier, stage, issued_on, signer=""):
    """A step's resolution or decision numbered from the issuing unit's register (admission.steps)."""
    from .services import register_issue_for_step

    return register_issue_for_step(
        actor=actor, dossier=dossier, stage=str(stage), issued_on=issued_on, signer=signer
    ).code
