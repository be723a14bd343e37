from django import forms
from django.utils.translation import gettext_lazy as _

from ptdv.core.forms import DateField, IntegerField

from .models import Sector, Unit, UnitType


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


def _scope_codes(form, user) -> None:
    """The unit-code fields look among the user's units only: a code of another organisation gets the same words as
    an unknown one (nothing tells whether it exists)."""
    if user is None:
        return
    from .access import units_visible_to

    for field in form.fields.values():
        if isinstance(field, UnitCodeField):
            field.units = units_visible_to(user)


class UnitForm(forms.Form):
    """The fields a user types; the service checks the rules that need the database."""

    code = forms.CharField(label=_("Unit code"), max_length=32)
    name = forms.CharField(label=_("Unit name"), max_length=255)
    unit_type = forms.ChoiceField(label=_("Unit type"), choices=UnitType.choices)
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "—"), *Sector.choices], required=False)
    may_admit = forms.BooleanField(
        label=_("Authorised to admit new members"),
        required=False,
        help_text=_("Its committee decides admissions itself (được ủy quyền kết nạp)."),
    )
    document_abbreviation = forms.CharField(
        label=_("Abbreviation on documents"),
        max_length=16,
        required=False,
        help_text=_(
            "After the slash of a document number (15-QĐ/ĐUK): the committee's abbreviation, when it is not the "
            "usual one of the unit type (CB, ĐU, HU, TU). Empty: the usual one."
        ),
    )
    parent_code = UnitCodeField(
        label=_("Parent unit code"),
        help_text=_("Change it to move the unit, with all its sub-units, under another unit."),
    )
    valid_from = DateField(label=_("Active from"))
    member_count = IntegerField(
        label=_("Members (declared)"),
        min_value=0,
        initial=0,
        help_text=_(
            "Party members of this unit itself, not counting its sub-units, as the unit declares them: shown only "
            "while its roll is not loaded; once members are on the roll, the roll's count is shown."
        ),
    )

    def __init__(self, *args, user=None, show_parent: bool = True, show_declared: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        _scope_codes(self, user)
        if not show_parent:
            del self.fields["parent_code"]
        if not show_declared:  # the unit's roll is loaded: its members are counted, not declared
            del self.fields["member_count"]


class UnitCloseForm(forms.Form):
    valid_to = DateField(label=_("Last day of activity"))
    successor_code = UnitCodeField(
        label=_("Code of the succeeding unit"),
        required=False,
        help_text=_("When the unit is merged into, or renamed as, another unit."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _scope_codes(self, user)
