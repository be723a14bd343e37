from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Check them (the password is case-sensitive) and try again."),
        "inactive": _("This account is disabled. Ask your administrator."),
    }
