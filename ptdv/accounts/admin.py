from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "last_name", "first_name", "unit", "is_active"]
    list_filter = ["is_active", "groups"]
    search_fields = ["username", "last_name", "first_name", "unit__code"]
    autocomplete_fields = ["unit"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:1],
        (_("Unit and roles"), {"fields": ["unit", "groups", "is_active", "is_staff"]}),
        *DjangoUserAdmin.fieldsets[1:2],
        *DjangoUserAdmin.fieldsets[3:],
    ]
