from django import forms
from django.utils.translation import gettext_lazy as _

from ptdv.core.forms import IntegerField
from ptdv.units.forms import UnitCodeField

MAX_QUOTA = 1_000_000  # far above any unit's admissions; a 20-digit number is the user's mistake, not a 500


class VersionedForm(forms.Form):
    """The quota's version as the page showed it (empty: no quota was shown), so that a save based on an older
    state is refused instead of silently overwriting someone else's change."""

    version = IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args, user=None, **kwargs):
        """With `user`, a unit code outside the user's units gets the same words as an unknown code."""
        super().__init__(*args, **kwargs)
        if user is not None:
            from ptdv.units.access import units_visible_to

            self.fields["unit_code"].units = units_visible_to(user)

    def clean_version(self):
        return self.cleaned_data.get("version") or 0


class QuotaForm(VersionedForm):
    unit_code = UnitCodeField(label=_("Unit code"))
    year = IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quota = IntegerField(label=_("Quota"), min_value=0, max_value=MAX_QUOTA)
    reason = forms.CharField(label=_("Reason for a change"), max_length=255, required=False)


class TermQuotaForm(VersionedForm):
    unit_code = UnitCodeField(label=_("Unit code"))
    quota = IntegerField(label=_("Quota for the term"), min_value=0, max_value=MAX_QUOTA)
    reason = forms.CharField(label=_("Reason for a change"), max_length=255, required=False)
