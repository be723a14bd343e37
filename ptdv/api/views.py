"""Personal API tokens on the profile page: create (the token is shown once) and revoke."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ptdv.core.forms import add_service_errors

from .forms import ApiTokenForm
from .models import ApiToken
from .services import api_token_create, api_token_revoke


def tokens_context(user, form=None, new_token: str = "") -> dict:  # the token just created, if any: no default secret  # nosec B107
    return {
        "api_tokens": ApiToken.objects.filter(user=user),
        "api_token_form": form or ApiTokenForm(),
        "api_new_token": new_token,
    }


@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw = api_token_create(actor=request.user, user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Rendered, not redirected: the token is shown on this one response and stored nowhere in clear.
            response = render(request, "accounts/profile.html", tokens_context(request.user, new_token=raw))
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "accounts/profile.html", tokens_context(request.user, form=form), status=422)


@require_POST
def token_revoke(request, pk: int):
    token = ApiToken.objects.filter(user=request.user, pk=pk).first()
    if token is None:
        raise Http404
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” was revoked: it no longer works.") % {"name": token.name})
    return redirect("profile")
