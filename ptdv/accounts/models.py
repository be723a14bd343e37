from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles of design.md. A user has one or more; each is a Django group of the same name."""

    VIEWER = "viewer", _("Viewer")
    CELL_SECRETARY = "cell_secretary", _("Cell secretary")
    STAFF = "staff", _("Organisation department staff")
    COMMITTEE = "committee", _("Committee")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """An account: belongs to one unit and acts only within that unit's subtree."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names (last_name) before the given name (first_name)."""
        return " ".join(part for part in (self.last_name, self.first_name) if part)

    @cached_property
    def roles(self) -> frozenset[str]:
        """The roles this account acts with: none while it is disabled."""
        if not self.is_active:
            return frozenset()
        return self.stored_roles()

    def stored_roles(self) -> frozenset[str]:
        """The roles recorded on the account, disabled or not (what account management shows and keeps)."""
        if self.pk is None:
            return frozenset()
        valid = set(Role.values)
        return frozenset(group.name for group in self.groups.all() if group.name in valid)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def may_use_admin_site(self) -> bool:
        """Django's admin site is for superusers and the administrators of a top unit (the root of a tree) only;
        every other administrator manages accounts on the pages (/accounts/users/), which are scoped like the rest
        of the system. Even there, the admin site shows a non-superuser only their subtree (accounts/admin.py)."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return bool(self.unit_id and self.unit.parent_id is None and self.has_role(Role.ADMIN))

    def role_labels(self) -> list[str]:
        roles = self.stored_roles()
        return [str(Role(role).label) for role in Role.values if role in roles]
