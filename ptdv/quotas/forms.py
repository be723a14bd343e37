from django import forms
from django.utils.translation import gettext_lazy as _

from ptdv.core.forms import UnitCodeField


class VersionedForm(forms.Form):
    """The quota's version as the page showed it (empty: no quota was shown), so that a save based on an older
    state is refused instead of silently overwriting someone else's change."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean_version(self):
        return self.cleaned_data.get("version") or 0


class QuotaForm(VersionedForm):
    unit_code = UnitCodeField(label=_("Unit code"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quota = forms.IntegerField(label=_("Quota"), min_value=0)
    reason = forms.CharField(label=_("Reason for a change"), max_length=255, required=False)


class TermQuotaForm(VersionedForm):
    unit_code = UnitCodeField(label=_("Unit code"))
    quota = forms.IntegerField(label=_("Quota for the term"), min_value=0)
    reason = forms.CharField(label=_("Reason for a change"), max_length=255, required=False)
