from django.contrib.auth.backends import ModelBackend


class RoleModelBackend(ModelBackend):
    """Django's backend, plus: the `admin` role holds every permission of Django's admin site."""

    def has_perm(self, user_obj, perm, obj=None):
        if user_obj.is_active and getattr(user_obj, "has_role", None) and user_obj.has_role("admin"):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if user_obj.is_active and getattr(user_obj, "has_role", None) and user_obj.has_role("admin"):
            return True
        return super().has_module_perms(user_obj, app_label)
