from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Quota(models.Model):
    """A unit's admission quota (chỉ tiêu kết nạp) for a year, set by the unit above; changes are in the audit log
    with their reasons."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="quotas")
    year = models.PositiveSmallIntegerField(_("year"))
    quota = models.PositiveIntegerField(_("quota"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="quotas_unit_year_unique")]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year}: {self.quota}"
