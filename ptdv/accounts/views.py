from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ptdv.core.forms import add_service_errors
from ptdv.core.registry import page_context

from . import services
from .access import (
    access_account,
    accounts_visible_to,
    can_manage_account,
    can_manage_accounts,
    can_reset_password,
    can_reset_passwords,
)
from .forms import AccountForm, AccountPasswordForm, OwnPasswordChangeForm


def _status(form) -> int:
    return 422 if form.is_bound and form.errors else 200


@require_http_methods(["GET", "POST"])
def password_change(request):
    form = OwnPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        revoke = form.cleaned_data["revoke_access"]
        services.user_change_password(
            actor=request.user, user=request.user, password=form.cleaned_data["new_password1"], revoke_access=revoke
        )
        update_session_auth_hash(request, request.user)
        if revoke:
            messages.success(request, _("Your password was changed; your API tokens and calendar links were revoked."))
        else:
            messages.success(request, _("Your password was changed."))
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form}, status=_status(form))


@require_GET
def profile(request):
    context = page_context("profile", request.user)  # the API tokens (ptdv.core.registry, filled by api)
    context["can_reset"] = can_reset_passwords(request.user) and not can_manage_accounts(request.user)
    return render(request, "accounts/profile.html", context)


# ---------------------------------------------------------------- accounts, for administrators


def _require_manager(request) -> None:
    if not can_manage_accounts(request.user):
        raise PermissionDenied


@require_GET
def account_list(request):
    """The accounts of the administrator's units (or the staff's, who reset their passwords)."""
    if not can_reset_passwords(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    accounts = accounts_visible_to(request.user).select_related("unit").prefetch_related("groups")
    if query:
        accounts = accounts.filter(
            Q(username__icontains=query)
            | Q(last_name__icontains=query)
            | Q(first_name__icontains=query)
            | Q(unit__code__iexact=query)
        )
    page = Paginator(accounts.order_by("unit__path", "username"), 50).get_page(request.GET.get("page"))
    for account in page.object_list:
        account.manageable = can_manage_account(request.user, account)
        account.resettable = can_reset_password(request.user, account)
    return render(
        request,
        "accounts/account_list.html",
        {
            "page": page,
            "search": query,
            "query": urlencode({"q": query}) if query else "",
            "manager": can_manage_accounts(request.user),
        },
    )


def _split_name(full_name: str) -> tuple[str, str]:
    family, _sep, given = " ".join(full_name.split()).rpartition(" ")
    return family, given


@require_http_methods(["GET", "POST"])
def account_create(request):
    _require_manager(request)
    initial = {"unit_code": request.user.unit.code if request.user.unit_id else ""}
    form = AccountForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = services.user_create(
                actor=request.user,
                username=data["username"],
                password=data["password1"],
                unit=data["unit_code"],
                roles=data["roles"],
                full_name=data["full_name"],
                email=data["email"],
            )
        except ValidationError as error:
            add_service_errors(form, error, {"unit": "unit_code"})
        else:
            messages.success(request, _("The account %(username)s was created.") % {"username": account.username})
            return redirect("account_list")
    return render(request, "accounts/account_form.html", {"form": form, "account": None}, status=_status(form))


@require_http_methods(["GET", "POST"])
def account_edit(request, pk):
    _require_manager(request)
    account = access_account(request.user, pk, for_edit=True)
    initial = {
        "full_name": account.get_full_name(),
        "email": account.email,
        "unit_code": account.unit.code if account.unit_id else "",
        "roles": sorted(account.stored_roles()),
        "is_active": account.is_active,
    }
    form = AccountForm(request.POST or None, actor=request.user, account=account, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        last_name, first_name = _split_name(data["full_name"])
        try:
            services.user_update(
                actor=request.user,
                user=account,
                unit=data["unit_code"],
                roles=data["roles"],
                first_name=first_name,
                last_name=last_name,
                email=data["email"],
                is_active=data["is_active"],
            )
        except ValidationError as error:
            add_service_errors(form, error, {"unit": "unit_code"})
        else:
            messages.success(request, _("The account %(username)s was saved.") % {"username": account.username})
            return redirect("account_list")
    return render(request, "accounts/account_form.html", {"form": form, "account": account}, status=_status(form))


@require_http_methods(["GET", "POST"])
def account_password(request, pk):
    if not can_reset_passwords(request.user):
        raise PermissionDenied
    account = access_account(request.user, pk, for_reset=True)
    form = AccountPasswordForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_change_password(actor=request.user, user=account, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The password of %(username)s was set; their API tokens and calendar links were revoked.")
                % {"username": account.username},
            )
            return redirect("account_list")
    return render(request, "accounts/account_password.html", {"form": form, "account": account}, status=_status(form))
