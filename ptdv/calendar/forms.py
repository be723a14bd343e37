from django import forms
from django.utils.translation import gettext_lazy as _

from ptdv.core.forms import DateField

from .models import SpecialDayKind


class SpecialDayForm(forms.Form):
    day = DateField(label=_("Date"))
    kind = forms.ChoiceField(label=_("Kind"), choices=SpecialDayKind.choices)
    reason = forms.CharField(
        label=_("Announced by"), max_length=255, help_text=_("The government's notice, e.g. Thông báo 5011/TB-LĐTBXH.")
    )
    correction = forms.CharField(
        label=_("Why change a day in the past"),
        max_length=255,
        required=False,
        help_text=_("Only for a day already past: it changes deadlines that have run in every unit."),
    )
