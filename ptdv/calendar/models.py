from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SpecialDayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Extra day off")
    WORKING_DAY = "working_day", _("Make-up working day")


class SpecialDay(models.Model):
    """A day the government announces on top of the public holidays of the `holidays` package: an extra day off
    (e.g. a bridge day around Tết), or a make-up working day (usually a Saturday worked in exchange).

    Written only through services.special_day_set / special_day_remove, which check the day changes something."""

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("type of day"), max_length=16, choices=SpecialDayKind.choices)
    reason = models.CharField(
        _("reason"),
        max_length=255,
        help_text=_("The announcement that declares the day, e.g. its number and date."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("special day")
        verbose_name_plural = _("special days")
        ordering = ["day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SpecialDayKind.values), name="workcalendar_specialday_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}"
