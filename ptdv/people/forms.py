from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from ptdv.core.forms import DateField, IntegerField
from ptdv.units.forms import UnitCodeField

from .choices import LeaveReason, Occupation, PoolSource
from .models import Person
from .services import PERSON_FIELDS


def _person_fields():
    fields = fields_for_model(Person, fields=PERSON_FIELDS)
    for name in ["birth_date", "youth_union_date"]:
        fields[name] = DateField(label=fields[name].label, required=fields[name].required)
    # spaces and dots are allowed while typing; the service checks the 12 digits and says what is wrong
    fields["citizen_id"] = forms.CharField(
        label=fields["citizen_id"].label, max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    fields["phone"].widget.attrs["inputmode"] = "tel"
    fields["general_education"].widget.attrs["placeholder"] = "12/12"
    return fields


class PersonForm(forms.Form):
    """The person's data; the service checks them all (citizen ID, dates, lists) and says what to fix."""

    def __init__(self, *args, with_unit: bool = False, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if with_unit:
            self.fields["unit_code"] = UnitCodeField(
                label=_("Unit code"), help_text=_("The cell the person belongs to, e.g. BS.KCQ.DH.02."), units=units
            )
        self.fields.update(_person_fields())


class PoolEnterForm(forms.Form):
    unit_code = UnitCodeField(label=_("Cell (unit code)"))
    entered_on = DateField(label=_("Entered the pool on"))
    source = forms.ChoiceField(label=_("Proposed by"), choices=PoolSource.choices)
    education_exception = forms.CharField(
        label=_("Education exception"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when education is below lower secondary: why an exception applies."),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_code"].units = units


class HelperForm(forms.Form):
    title = _("Assign a helper")
    helper = forms.ModelChoiceField(label=_("Helper (full member)"), queryset=Person.objects.none())
    assigned_on = DateField(label=_("Assigned on"))

    def __init__(self, *args, helpers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if helpers is not None:
            self.fields["helper"].queryset = helpers
            self.fields["helper"].label_from_instance = lambda p: f"{p.full_name} — {p.membership.unit.name}"


class HelperEndForm(forms.Form):
    ended_on = DateField(label=_("Ended on"))


class NoteForm(forms.Form):
    title = _("Add an observation")
    written_on = DateField(label=_("Date"))
    text = forms.CharField(label=_("Observation"), widget=forms.Textarea(attrs={"rows": 3}))


class LeaveForm(forms.Form):
    title = _("Leave the candidate pool")
    left_on = DateField(label=_("Left the pool on"))
    leave_reason = forms.ChoiceField(label=_("Reason"), choices=LeaveReason.choices)
    leave_note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExceptionForm(forms.Form):
    title = _("Education exception")
    education_exception = forms.CharField(
        label=_("Education exception"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


YES_NO = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]
COURSE_STATES = [("", "—"), ("done", _("Valid certificate")), ("missing", _("No valid certificate"))]


class PoolFilterForm(forms.Form):
    unit_code = UnitCodeField(label=_("Unit (with its sub-units)"), required=False)
    occupation = forms.ChoiceField(label=_("Occupation"), choices=[("", "—"), *Occupation.choices], required=False)
    youth_union = forms.ChoiceField(label=_("Youth Union member"), choices=YES_NO, required=False)
    min_age = IntegerField(label=_("Age from"), min_value=0, max_value=120, required=False)
    max_age = IntegerField(label=_("Age to"), min_value=0, max_value=120, required=False)
    course = forms.ChoiceField(label=_("Awareness course"), choices=COURSE_STATES, required=False)
    helper = forms.ModelChoiceField(label=_("Helper"), queryset=Person.objects.none(), required=False)
    min_months = IntegerField(label=_("In the pool for at least (months)"), min_value=0, max_value=1200, required=False)

    def __init__(self, *args, helpers=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_code"].units = units
        if helpers is not None:
            self.fields["helper"].queryset = helpers
