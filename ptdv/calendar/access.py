"""Who may change the working calendar: one calendar for the whole system, whose days move every unit's deadlines,
so only the administrators of a top unit (the root of the tree) and superusers; every other user reads it."""

from ptdv.accounts.models import Role


def can_change_calendar(user) -> bool:
    """Superusers, and the administrators of a top unit."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return bool(user.unit_id and user.unit.parent_id is None and user.has_role(Role.ADMIN))
