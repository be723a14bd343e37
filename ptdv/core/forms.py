"""Form pieces shared by every app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ptdv.units.models import Unit


class DateInput(forms.DateInput):
    """A text box for dd/mm/yyyy: the format users type on office PCs and phones alike."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})})


class IntegerField(forms.IntegerField):
    """An integer a database column can hold (PostgreSQL's integer: ±2,147,483,647) unless the form says narrower:
    a number of 20 digits is the user's mistake, answered on the form, never a server error (issue #14)."""

    LIMIT = 2**31 - 1

    def __init__(self, *, max_value=None, min_value=None, **kwargs):
        super().__init__(
            max_value=self.LIMIT if max_value is None else max_value,
            min_value=-self.LIMIT if min_value is None else min_value,
            **kwargs,
        )


class DateField(forms.DateField):
    widget = DateInput


class UnitCodeField(forms.CharField):
    """A unit typed by its code (lists of 300,000 units do not fit a drop-down); cleans to the Unit.

    With `units` (a queryset, usually the user's units, set by the form), a code outside it gets the same words as
    an unknown one: the field never tells whether another organisation's code exists."""

    def __init__(self, *, units=None, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.units = units

    def clean(self, value):
        code = super().clean(value)
        if not code:
            return None
        units = self.units if self.units is not None else Unit.objects.all()
        unit = units.filter(code__iexact=code.strip()).first()
        if unit is None:
            if self.units is not None:
                raise forms.ValidationError(
                    _("None of your units has the code %(code)s: check the code."), params={"code": code}
                )
            raise forms.ValidationError(_("No unit has the code %(code)s: check the code."), params={"code": code})
        return unit


def add_service_errors(form, error, aliases: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one, else on top. Each reason
    keeps its code (form.errors.as_data()), the code the API answers for the same refusal."""
    aliases = aliases or {}
    groups = error.error_dict if hasattr(error, "error_dict") else {"__all__": error.error_list}
    for field, errors in groups.items():
        field = aliases.get(field, field)
        form.add_error(field if field in form.fields else None, list(errors))
