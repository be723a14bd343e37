"""Form pieces shared by every app."""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

# What a numeric keypad can type (digits, and on most keypads "." "/" "-"): the browser lets these through, the
# field says what is wrong with anything else. Written for both the `u` and `v` flags browsers compile patterns with.
DATE_PATTERN = r"[0-9.\/\-]{6,10}"

_DIGITS = re.compile(r"(\d{2})(\d{2})(\d{4})")  # 12052000
_DAY_FIRST = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")  # 12/5/2000, 12.05.2000, 12-05-2000
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")  # 2000-05-12 (what a native date picker sends)


def parse_typed_date(text: str) -> datetime.date:
    """A date as people type it: 12052000, 12.05.2000, 12/5/2000, 12-05-2000 or 2000-05-12 (day first, always).

    Raises ValidationError in Vietnamese (through i18n): the shape that is expected, or the day that does not exist."""
    value = re.sub(r"\s+", "", str(text))
    if m := _DIGITS.fullmatch(value) or _DAY_FIRST.fullmatch(value):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO.fullmatch(value):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise forms.ValidationError(
            _("Type the date as day, month, year, for example 12/05/2000 or 12052000 (you typed %(value)s)."),
            code="invalid",
            params={"value": text},
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise forms.ValidationError(
            _("There is no day %(day)02d/%(month)02d/%(year)04d in the calendar: check the day and the month."),
            code="invalid",
            params={"day": day, "month": month, "year": year},
        ) from None


def format_date(value: datetime.date) -> str:
    """dd/mm/yyyy, the year always with four digits."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


class DateInput(forms.DateInput):
    """A text box for dd/mm/yyyy with the numeric keypad: the format users type on office PCs and phones alike;
    12052000, 12.05.2000, 12/5/2000 and 2000-05-12 are accepted too (parse_typed_date)."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "placeholder": "dd/mm/yyyy",
                "inputmode": "numeric",
                "pattern": DATE_PATTERN,
                "autocomplete": "off",
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return format_date(value)
        return super().format_value(value)


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
    """A date typed as people type it (parse_typed_date), shown as dd/mm/yyyy."""

    widget = DateInput

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return parse_typed_date(value)


def add_service_errors(form, error, aliases: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one, else on top. Each reason
    keeps its code (form.errors.as_data()), the code the API answers for the same refusal."""
    aliases = aliases or {}
    groups = error.error_dict if hasattr(error, "error_dict") else {"__all__": error.error_list}
    for field, errors in groups.items():
        field = aliases.get(field, field)
        form.add_error(field if field in form.fields else None, list(errors))


def add_check_errors(form, check) -> None:
    """Every error at once (issue #19 item 9): when the form's own fields already refuse something (a date that is
    not a date), the service's check still runs on what could be read, and its other reasons are shown beside them
    (the citizen ID's problem with the date's, not one round later). `check(data)` raises the service's
    ValidationError; reasons for fields that already have an error are left out."""
    if not form.is_bound or not form.errors:
        return
    data = {name: form.cleaned_data.get(name) for name in form.fields}
    try:
        check(data)
    except forms.ValidationError as error:
        groups = error.error_dict if hasattr(error, "error_dict") else {"__all__": error.error_list}
        for field, errors in groups.items():
            if field in form.fields and field not in form.errors:
                form.add_error(field, list(errors))
