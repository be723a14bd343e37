"""Accounts in Django's admin site. The site is open to superusers and the administrators of a top unit only
(User.may_use_admin_site); every other administrator manages accounts on the pages (/accounts/users/). Even so,
this admin is scoped and checked as the pages are: a non-superuser sees only the accounts of their subtree,
changes only those rules.py lets them, picks units only in their subtree and roles only those they cover, never
their own account; every change goes through the services (the project's audit event in the same transaction)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ptdv.audit.models import Event
from ptdv.audit.services import event_record
from ptdv.units.access import units_visible_to
from ptdv.units.models import Unit, subtree_q

from . import rules, services
from .access import account_of, accounts_visible_to, can_manage_account
from .forms import role_choices
from .models import User
from .signals import password_changes_by

# Django's groups carry the roles by name: renaming one would hand its role to others. Roles are fixed (Role).
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


class AccountChangeForm(UserChangeForm):
    """The account's names, email, unit, roles and whether it may log in; checked against the rules."""

    roles = forms.MultipleChoiceField(label=_("Roles"), widget=forms.CheckboxSelectMultiple, required=False)
    actor = None  # set per request by UserAdmin.get_form

    class Meta(UserChangeForm.Meta):
        model = User
        fields = ["last_name", "first_name", "email", "unit", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = role_choices(self.actor)
        self.initial["roles"] = sorted(self.instance.stored_roles())
        if "unit" in self.fields:
            self.fields["unit"].required = True

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        proposed = rules.Account(
            pk=self.instance.pk,
            unit_path=unit.path if unit else None,
            roles=frozenset(data.get("roles") or ()),
            is_superuser=self.instance.is_superuser,
            is_active=data.get("is_active", self.instance.is_active),
        )
        problems = rules.change_problems(account_of(self.actor), account_of(self.instance), proposed)
        if problems:
            for field, messages in services._messages(problems, unit_code=unit.code if unit else "").items():
                self.add_error(field if field in self.fields else None, messages)
        return data


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = AccountChangeForm
    list_display = ["username", "last_name", "first_name", "unit", "is_active"]
    list_filter = ["is_active", "groups"]
    search_fields = ["username", "last_name", "first_name", "unit__code"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["last_name", "first_name", "email"]}),
        (_("Unit and roles"), {"fields": ["unit", "roles", "is_active"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["username", "usable_password", "password1", "password2"]})]

    def get_queryset(self, request):
        return accounts_visible_to(request.user).select_related("unit")

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "username"] if obj is not None else self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            form = type(form.__name__, (form,), {"actor": request.user})
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = Unit.objects.all() if request.user.is_superuser else units_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        # Administrators create accounts on the pages (/accounts/users/new/), with a unit and roles at once.
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or can_manage_account(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are disabled (Active), never deleted: the audit log refers to them

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            event_record(actor=request.user, action="user.create", target=obj, after={"username": obj.username})
            return
        data = form.cleaned_data
        try:
            services.user_update(
                actor=request.user,
                user=obj,
                unit=data["unit"],
                roles=data["roles"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                is_active=data["is_active"],
            )
        except ValidationError as error:  # the form checked the same rules; only a race gets here
            raise PermissionDenied(" ".join(error.messages)) from error

    def save_related(self, request, form, formsets, change):
        """Roles are saved by the service, never as raw groups."""

    def user_change_password(self, request, id, form_url=""):
        # Django's own form sets the password; the account's save records it as this administrator's change and
        # revokes the user's tokens and links (accounts/signals.py).
        with password_changes_by(request.user):
            return super().user_change_password(request, id, form_url)


# The audit events' admin, scoped by the units' tree: here (accounts sits above audit and units), not in audit.
@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only. A non-superuser (an administrator of a top unit, accounts/models.py) sees the events of their
    subtree, and the events that belong to no unit (the working calendar, accounts without a unit) as the
    administrator of a whole tree."""

    list_display = ["at", "actor", "action", "target_type", "target_id", "unit"]
    list_filter = ["action", "target_type"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        events = super().get_queryset(request).select_related("actor", "unit")
        user = request.user
        if user.is_superuser:
            return events
        if not user.is_active or user.unit_id is None:
            return events.none()
        scope = subtree_q(user.unit.path, "unit__path")
        if user.unit.parent_id is None:
            scope |= Q(unit__isnull=True)
        return events.filter(scope)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
