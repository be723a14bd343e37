from django.contrib import admin

from .access import units_visible_to
from .models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Read-only: units change through the pages, whose services record every change. A non-superuser sees (and
    picks, in the accounts' unit field) only the units of their subtree."""

    list_display = ["code", "name", "unit_type", "sector", "may_admit", "valid_from", "valid_to"]
    list_filter = ["unit_type", "sector", "may_admit"]
    search_fields = ["code", "name"]

    def get_queryset(self, request):
        if request.user.is_superuser:
            return super().get_queryset(request)
        return units_visible_to(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
