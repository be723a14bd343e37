from django import forms
from django.utils.translation import gettext_lazy as _

from ptdv.core.forms import IntegerField
from ptdv.units.forms import UnitCodeField

from .models import MembershipStatus
from .selectors import CURRENT

STATUS_CHOICES = [
    (CURRENT, _("Current members (probationary and full)")),
    *MembershipStatus.choices,
    ("all", _("All, struck off included")),
]


class RollFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, citizen ID or card number"), max_length=100, required=False)
    unit_code = UnitCodeField(label=_("Unit (with its sub-units)"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    admitted_year = IntegerField(
        label=_("Admitted in (year)"),
        min_value=1930,
        max_value=2200,
        required=False,
        error_messages={
            "invalid": _("Enter the year as a number, e.g. 2025."),
            "min_value": _("Enter a year from 1930 on."),
            "max_value": _("Enter the year as a number, e.g. 2025."),
        },
    )


MOVEMENT_CHOICES = [
    ("died", _("Died")),
    ("expelled", _("Expelled")),
    ("struck_off", _("Struck off")),
    ("resigned", _("Resigned from the party")),
    ("restored", _("Membership restored")),
    ("exempted", _("Exempted from activity")),
    ("exemption_ended", _("Exemption ended")),
    ("internal", _("Internal transfer")),
]


class OwnIds:
    """The member page holds several forms with fields of the same name (kind, date): each form's ids get its own
    prefix, so every label points at its own field (one id per page)."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class DocumentFields(forms.Form):
    document_number = forms.CharField(label=_("Document number"), max_length=64, required=False)
    document_date = forms.DateField(label=_("Document date"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class MovementForm(OwnIds, DocumentFields):
    id_prefix = "movement"
    kind = forms.ChoiceField(label=_("Movement"), choices=MOVEMENT_CHOICES)
    date = forms.DateField(label=_("Date"))
    unit_code = UnitCodeField(
        label=_("Cell (internal transfer, restoration)"),
        required=False,
        help_text=_("The cell the member moves to, for an internal transfer."),
    )

    field_order = ["kind", "date", "unit_code", "document_number", "document_date", "note"]


class TransferForm(OwnIds, forms.Form):
    id_prefix = "transfer"
    destination_code = UnitCodeField(
        label=_("Destination in the system"),
        required=False,
        help_text=_("The code of the receiving organisation; leave empty for an organisation outside the system."),
    )
    other_place = forms.CharField(label=_("Or an organisation outside the system"), max_length=255, required=False)
    reason = forms.ChoiceField(label=_("Reason"), choices=[])
    letter_number = forms.CharField(
        label=_("Letter of introduction number"),
        max_length=64,
        required=False,
        help_text=_("Leave empty: the letter takes the next number of the unit's document register."),
    )
    letter_date = forms.DateField(label=_("Letter date"))

    def __init__(self, *args, **kwargs):
        from .models import TransferReason

        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = TransferReason.choices


class TemporaryForm(OwnIds, forms.Form):
    id_prefix = "temporary"
    host_code = UnitCodeField(label=_("Host cell in the system"), required=False)
    other_place = forms.CharField(label=_("Or a host outside the system"), max_length=255, required=False)
    date = forms.DateField(label=_("From"))
    until = forms.DateField(label=_("Until"), required=False)
    letter_number = forms.CharField(label=_("Letter number"), max_length=64, required=False)


class ReceiveForm(forms.Form):
    cell_code = UnitCodeField(label=_("Cell assigned"))
    date = forms.DateField(label=_("Received on"))


class CardForm(OwnIds, forms.Form):
    id_prefix = "card"
    kind = forms.ChoiceField(label=_("Card event"), choices=[])
    date = forms.DateField(label=_("Date"))
    card_number = forms.CharField(
        label=_("Party card number"), max_length=32, required=False,
        help_text=_("The new card's number (issue, reissue, exchange): 12 digits under the 2025 guidance."),
    )  # fmt: skip
    document_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)
    document_date = forms.DateField(label=_("Decision date"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        from .models import CardEventKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = CardEventKind.choices


class MoveDecisionForm(OwnIds, forms.Form):
    id_prefix = "move"
    move_decided_on = forms.DateField(label=_("Decision date"))
    move_decision = forms.CharField(label=_("Decision number"), max_length=64, required=False)
