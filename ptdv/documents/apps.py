from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ptdv.documents"
    verbose_name = "Văn bản, biểu mẫu"

    def ready(self):
        from ptdv.admission import steps

        steps.numbering_register(_step_number)
        from ptdv.membership import movements

        movements.letter_numbering_register(_letter_number)


def _step_number(*, actor, dossier, stage, issued_on, signer=""):
    """A step's resolution or decision numbered from the issuing unit's register (admission.steps)."""
    from .services import register_issue_for_step

    return register_issue_for_step(
        actor=actor, dossier=dossier, stage=str(stage), issued_on=issued_on, signer=signer
    ).code


def _letter_number(*, actor, unit, issued_on):
    """An official transfer's letter of introduction numbered from the issuing unit's register (membership)."""
    from .filling import TRANSFER_LETTER
    from .services import register_issue

    return register_issue(
        actor=actor, unit=unit, kind=TRANSFER_LETTER.kind, issued_on=issued_on, form=TRANSFER_LETTER.code
    )
