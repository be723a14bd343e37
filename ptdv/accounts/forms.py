from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from ptdv.units.forms import UnitCodeField

from . import rules
from .models import Role


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Check them (the password is case-sensitive) and try again."),
        "inactive": _("This account is disabled. Ask your administrator."),
    }


REVOKE_LABEL = _(
    "Also revoke my API tokens and calendar feed links (recommended: whoever knew the old password may have made one)"
)


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's form (old password, new twice), and whether to end the tokens and links made so far."""

    revoke_access = forms.BooleanField(label=REVOKE_LABEL, required=False, initial=True)


def role_choices(actor) -> list[tuple[str, str]]:
    """The roles `actor` may grant, in the order of Role."""
    covered = rules.ALL_ROLES if actor.is_superuser else rules.covered_roles(actor.roles)
    return [(value, label) for value, label in Role.choices if value in covered]


class AccountForm(forms.Form):
    """An account as an administrator creates or changes it; the service checks the rules again."""

    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=300, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    unit_code = UnitCodeField(label=_("Unit code"))
    roles = forms.MultipleChoiceField(label=_("Roles"), widget=forms.CheckboxSelectMultiple, required=False)
    is_active = forms.BooleanField(
        label=_("Active (may log in)"),
        required=False,
        initial=True,
        help_text=_("Disabling an account also revokes its API tokens and calendar links."),
    )
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, actor, account=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["roles"].choices = role_choices(actor)
        if account is None:
            del self.fields["is_active"]
        else:
            for name in ("username", "password1", "password2"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if "password1" in self.fields and data.get("password1") and data.get("password2"):
            if data["password1"] != data["password2"]:
                self.add_error("password2", _("The two passwords differ: type the same password twice."))
            else:
                try:
                    password_validation.validate_password(data["password1"])
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return data


class AccountPasswordForm(SetPasswordForm):
    """An administrator sets a new password for an account they manage."""
