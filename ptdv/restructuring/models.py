"""A restructuring act (roll.md, "Restructuring of organisations"): sources → successors on a date, with its
decision. Applying it moves everything that lives in the sources (ptdv.restructuring.services); what it changed is
kept on the act, so that an act recorded by mistake can be undone while nothing has happened since."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    """How a source goes (exchange.md's `restructure` modes, plus renaming and retyping in place)."""

    MERGE = "merge", _("Merge into the successor (the source closes)")
    MOVE = "move", _("Move under the successor (the source stays open)")
    RENAME = "rename", _("Rename or retype")


class AccountsPolicy(models.TextChoices):
    MOVE = "move", _("Move the source's accounts to the successor")
    DEACTIVATE = "deactivate", _("Deactivate the source's accounts")


class RestructureAct(models.Model):
    date = models.DateField(_("effective date"))
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    issuing_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("issued by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    accounts = models.CharField(
        _("accounts of the sources"), max_length=16, choices=AccountsPolicy.choices, default=AccountsPolicy.MOVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    summary = models.JSONField(default=dict)  # what went where: counts per item
    undo = models.JSONField(default=dict)  # what the act changed, to put it back
    last_event_id = models.BigIntegerField(null=True)  # the act's own audit event: later ones block the undo
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("restructuring act")
        verbose_name_plural = _("restructuring acts")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.decision_number or self.pk} ({self.date:%d/%m/%Y})"


class RestructureItem(models.Model):
    act = models.ForeignKey(RestructureAct, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    source = models.ForeignKey("units.Unit", verbose_name=_("source"), on_delete=models.PROTECT, related_name="+")
    successor = models.ForeignKey(
        "units.Unit", verbose_name=_("successor"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.MERGE)
    new_name = models.CharField(_("new name"), max_length=255, blank=True)
    new_type = models.CharField(_("new type"), max_length=32, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["act", "position"]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.successor_id} ({self.mode})"
