from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Send me the digest of what is due"),
        choices=Frequency.choices,
        error_messages={"invalid_choice": _("Choose daily, weekly or never.")},
    )
