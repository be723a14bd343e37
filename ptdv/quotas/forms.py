from django import forms
from django.utils.translation import gettext_lazy as _

from ptdv.core.forms import UnitCodeField


class QuotaForm(forms.Form):
    unit_code = UnitCodeField(label=_("Unit code"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quota = forms.IntegerField(label=_("Quota"), min_value=0)
    reason = forms.CharField(label=_("Reason for a change"), max_length=255, required=False)


class TermQuotaForm(forms.Form):
    unit_code = UnitCodeField(label=_("Unit code"))
    quota = forms.IntegerField(label=_("Quota for the term"), min_value=0)
    reason = forms.CharField(label=_("Reason for a change"), max_length=255, required=False)
