"""Who may import: the staff and admin roles (the roles that edit units, units.access.EDIT_ROLES), into the units
they may edit (checked row by row by the import). Jobs are seen by the user who uploaded them only."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ptdv.units.access import EDIT_ROLES

from .models import ImportJob


def can_import(user) -> bool:
    return user.is_authenticated and user.is_active and user.unit_id is not None and user.has_role(*EDIT_ROLES)


def require_import(user) -> None:
    if not can_import(user):
        raise PermissionDenied


def access_job(user, pk) -> ImportJob:
    require_import(user)
    try:
        return ImportJob.objects.get(pk=int(pk), created_by=user)
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
