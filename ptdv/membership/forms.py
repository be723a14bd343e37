from django import forms
from django.utils.translation import gettext_lazy as _

from ptdv.core.forms import IntegerField, UnitCodeField

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
