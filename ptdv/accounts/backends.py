from django.contrib.auth.backends import ModelBackend

# What the administrators of a top unit may do in Django's admin site (besides superusers, who may do everything):
# read and change accounts (scoped and checked by accounts/admin.py), read the audit log and the units, and see and
# clear failed-login lockouts. Nothing else: not Django's groups (the roles' names), permissions, background tasks.
ADMIN_SITE_PERMISSIONS = frozenset(
    {
        "accounts.view_user",
        "accounts.change_user",
        "audit.view_event",
        "units.view_unit",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    }
)


class RoleModelBackend(ModelBackend):
    """Django's backend, plus: an account allowed into the admin site (User.may_use_admin_site) by its `admin`
    role holds the few permissions above, and only those."""

    def get_all_permissions(self, user_obj, obj=None):
        permissions = super().get_all_permissions(user_obj, obj)
        if obj is None and getattr(user_obj, "may_use_admin_site", False) and not user_obj.is_superuser:
            permissions = set(permissions) | ADMIN_SITE_PERMISSIONS
        return permissions
