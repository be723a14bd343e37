from django import forms
from django.utils.translation import gettext_lazy as _

from ptdv.units.forms import UnitCodeField

from .models import AccountsPolicy

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class ActForm(forms.Form):
    date = forms.DateField(label=_("Effective date"), input_formats=DATE_FORMATS,
                           help_text=_("Sources close the day before; everything moves on this day."))  # fmt: skip
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)
    decision_date = forms.DateField(label=_("Decision date"), input_formats=DATE_FORMATS, required=False)
    issuing_unit = UnitCodeField(label=_("Issued by (unit code)"), required=False)
    accounts = forms.ChoiceField(label=_("Accounts of the merged units"), choices=AccountsPolicy.choices,
                                 initial=AccountsPolicy.MOVE)  # fmt: skip
    lines = forms.CharField(
        label=_("Units"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One line per unit: “SOURCE > SUCCESSOR” merges the source into the successor, “SOURCE >> SUCCESSOR” "
            "moves it under the successor, “CODE = New name | type code” renames or retypes it (e.g. "
            "special_zone)."
        ),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class StructureReportForm(forms.Form):
    unit_code = UnitCodeField(label=_("Unit"))
    date_from = forms.DateField(label=_("From"), input_formats=DATE_FORMATS)
    date_to = forms.DateField(label=_("To"), input_formats=DATE_FORMATS)
