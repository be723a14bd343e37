from django.contrib import admin
from django.db.models import Q

from ptdv.units.models import subtree_q

from .models import Event


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
