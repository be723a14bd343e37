from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .services import user_change_password


@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_change_password(actor=request.user, user=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password was changed."))
        return redirect("home")
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "accounts/password_change.html", {"form": form}, status=status)


@require_http_methods(["GET"])
def profile(request):
    from ptdv.api.views import tokens_context

    return render(request, "accounts/profile.html", tokens_context(request.user))
