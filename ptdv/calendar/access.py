"""Who may change the working calendar: one calendar for the whole country, so no unit scope."""

from ptdv.accounts.models import Role

CHANGE_ROLES = (Role.ADMIN, Role.STAFF)


def can_change_calendar(user) -> bool:
    """Administrators and the organisation department's staff, of any unit."""
    return bool(user.is_authenticated and user.is_active and user.has_role(*CHANGE_ROLES))
