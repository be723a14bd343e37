from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")
    STRUCK_OFF = "struck_off", _("Struck off")


class Membership(models.Model):
    """A person on the party roll. The roll itself (transfers, cards, struck-off members) is the membership issue;
    this is what the pool needs: who is a full member of which cell."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="membership")
    unit = models.ForeignKey("units.Unit", verbose_name=_("cell"), on_delete=models.PROTECT, related_name="memberships")
    status = models.CharField(_("status"), max_length=16, choices=MembershipStatus.choices)
    decision_date = models.DateField(_("admission decision date"), db_index=True)
    decision_number = models.CharField(_("admission decision number"), max_length=32, blank=True)
    ceremony_date = models.DateField(_("admission ceremony date"), null=True, blank=True)
    readmitted = models.BooleanField(_("re-admitted"), default=False)
    full_member_date = models.DateField(_("full member since"), null=True, blank=True)
    ended_on = models.DateField(_("left the roll on"), null=True, blank=True)
    card_number = models.CharField(_("party card number"), max_length=32, blank=True)
    card_decision = models.CharField(_("card decision"), max_length=64, blank=True)
    card_handed_on = models.DateField(_("card handed over on"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.person} — {self.get_status_display()}"

    @property
    def probation_ends_on(self):
        """The end of probation of a probationary member, from the ceremony date (membership.rules); None when the
        ceremony is not recorded, or the member is not on probation."""
        from .rules import probation_ends_on

        if self.status != MembershipStatus.PROBATIONARY or self.ceremony_date is None:
            return None
        return probation_ends_on(self.ceremony_date)

    @property
    def seniority_from(self):
        """Party seniority counts from the admission decision (Charter art. 5.4)."""
        return self.decision_date
