import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ptdv.core.forms import DateField
from ptdv.units.forms import UnitCodeField

from .models import CourseKind, EnrolmentResult


class CourseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CourseKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    organiser_code = UnitCodeField(label=_("Organiser (unit code)"))
    starts_on = DateField(label=_("Starts on"))
    ends_on = DateField(label=_("Ends on"))
    place = forms.CharField(label=_("Place"), max_length=255, required=False)

    def __init__(self, *args, user=None, **kwargs):
        """With `user`, an organiser's code outside the user's units gets the words of an unknown code."""
        super().__init__(*args, **kwargs)
        if user is not None:
            from ptdv.units.access import units_visible_to

            self.fields["organiser_code"].units = units_visible_to(user)


class EnrolForm(forms.Form):
    candidates = forms.ModelMultipleChoiceField(
        label=_("Candidates to enrol"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = candidates
        self.fields["candidates"].label_from_instance = lambda c: f"{c.person.full_name} — {c.unit.name}"


class ResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=EnrolmentResult.choices)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=32, required=False)
    certificate_date = DateField(label=_("Certificate date"), required=False)


class PeriodForm(forms.Form):
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("To"), required=False)

    def period(self) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return (
            data.get("date_from") or today.replace(month=1, day=1),
            data.get("date_to") or today.replace(month=12, day=31),
        )


class ClassResultForm(ResultForm):
    """One participant's row on the class's results page."""

    enrolment = forms.IntegerField(widget=forms.HiddenInput)


ClassResultFormSet = forms.formset_factory(ClassResultForm, extra=0, max_num=2000, absolute_max=2000)


class EnrolInCourseForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=None, empty_label=_("— choose a course —"))

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.fields["course"].label_from_instance = lambda c: (
            f"{c.title} — {c.organiser.name} ({c.starts_on:%d/%m/%Y} – {c.ends_on:%d/%m/%Y})"
        )
