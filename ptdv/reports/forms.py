from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ptdv.core.forms import DateField, IntegerField

from . import rules

PERIOD_CHOICES = [
    ("year", _("Year")),
    ("half", _("Half year")),
    ("quarter", _("Quarter")),
    ("month", _("Month")),
    ("term", _("Term")),
    ("custom", _("Dates")),
]


class PeriodForm(forms.Form):
    """The unit and the period of a report, read from the query string."""

    unit = forms.CharField(label=_("Unit code"), required=False)
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    year = IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    number = IntegerField(
        label=_("Which"), min_value=1, max_value=12, required=False, help_text=_("Half 1–2, quarter 1–4, month 1–12")
    )
    term = forms.ModelChoiceField(label=_("Term"), queryset=None, required=False, empty_label=None)
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("To"), required=False)

    def __init__(self, *args, **kwargs):
        from ptdv.quotas.models import Term

        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.order_by("-starts_on")

    def clean(self):
        data = super().clean()
        kind = data.get("period") or "year"
        year = data.get("year") or timezone.localdate().year
        term = data.get("term")
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if kind == "term":
            if term is None:
                self.add_error("term", _("Choose a term."))
                return data
            date_from, date_to = term.starts_on, term.ends_on
        try:
            data["bounds"] = rules.period_bounds(kind, year, data.get("number"), date_from, date_to)
        except rules.PeriodError as error:
            field, message = {
                "dates": ("date_from", _("Enter both dates of the period (dd/mm/yyyy).")),
                "order": ("date_to", _("The end of the period is before its start.")),
                "number": ("number", _("Enter which half (1–2), quarter (1–4) or month (1–12).")),
            }.get(str(error), ("period", _("Choose a period.")))
            self.add_error(field, message)
        data["period"], data["year"] = kind, year
        return data
