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
    version = models.PositiveIntegerField(default=1)  # +1 on each change: a save from an older page is refused

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="quotas_unit_year_unique")]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year}: {self.quota}"


class Term(models.Model):
    """A term of office (nhiệm kỳ), from one party congress to the next: "2025-2030"."""

    name = models.CharField(_("term"), max_length=32, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")), name="quotas_term_dates")
        ]

    def __str__(self) -> str:
        return self.name


class TermQuota(models.Model):
    """A unit's admission quota for a whole term (the congress resolution's target), set by the unit above."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="quotas")
    quota = models.PositiveIntegerField(_("quota"))
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("term quota")
        verbose_name_plural = _("term quotas")
        constraints = [models.UniqueConstraint(fields=["unit", "term"], name="quotas_unit_term_unique")]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.term}: {self.quota}"
