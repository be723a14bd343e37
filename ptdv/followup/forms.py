from django import forms
from django.utils.translation import gettext_lazy as _

from ptdv.core.forms import DateField, IntegerField
from ptdv.units.forms import UnitCodeField

from .models import Band, ExemptionReason, Period

YEAR_ERRORS = {
    "invalid": _("Enter the year as a number, e.g. 2025."),
    "min_value": _("Enter a year from 1930 on."),
    "max_value": _("Enter the year as a number, e.g. 2025."),
}


class IntroduceForm(forms.Form):
    residence_code = UnitCodeField(label=_("Residence cell (unit code)"), required=False)
    residence_place = forms.CharField(label=_("or residence cell outside the system"), max_length=255, required=False)
    letter_date = DateField(label=_("Letter date"))
    letter_number = forms.CharField(label=_("Letter number"), max_length=64, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("residence_code") and not (data.get("residence_place") or "").strip():
            raise forms.ValidationError(
                _("Name the residence cell: a unit code, or an organisation outside the system.")
            )
        if data.get("residence_code") and (data.get("residence_place") or "").strip():
            raise forms.ValidationError(_("Give either a unit code or an organisation outside the system, not both."))
        return data


class ExemptForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ExemptionReason.choices)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
    valid_from = DateField(label=_("From"))
    valid_to = DateField(label=_("Until"), required=False)


class CommentForm(forms.Form):
    year = IntegerField(label=_("Year"), min_value=1930, max_value=2200, error_messages=YEAR_ERRORS)
    received = forms.TypedChoiceField(
        label=_("Comments"), choices=[("1", _("Received")), ("0", _("Not received"))], coerce=lambda v: v == "1"
    )
    received_on = DateField(label=_("Received on"), required=False)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)


class PeriodChoiceForm(forms.Form):
    year = IntegerField(label=_("Year"), min_value=1930, max_value=2200, error_messages=YEAR_ERRORS)
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices, required=False)


BAND_CHOICES = [("", _("— not rated —")), *Band.choices]


class ProposalForm(forms.Form):
    citizen_id = forms.CharField(label=_("Citizen ID of the member"), max_length=12)
    proposed_on = DateField(label=_("Proposed on"))
    reason = forms.CharField(label=_("Reason"), max_length=500)
