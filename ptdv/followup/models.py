"""Follow-up of members after admission (roll.md, "Follow-up of new members"): the residence cell and its letter
(213-QĐ/TW), exemptions from it, the residence cell's yearly comments, the yearly (or quarterly) quality rating
(366-QĐ/TW) and the cells' strike-off proposals the screening list shows. Every row is written by a service."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Band(models.TextChoices):
    """The rating bands of statistics.md (366-QĐ/TW)."""

    EXCELLENT = "excellent", _("Excellently completed duties")
    GOOD = "good", _("Well completed duties")
    COMPLETED = "completed", _("Completed duties")
    NOT_COMPLETED = "not_completed", _("Did not complete duties")


class Period(models.TextChoices):
    YEAR = "year", _("Whole year")
    Q1 = "q1", _("Quarter I")
    Q2 = "q2", _("Quarter II")
    Q3 = "q3", _("Quarter III")
    Q4 = "q4", _("Quarter IV")


class ExemptionReason(models.TextChoices):
    """Why a member is not introduced to their residence cell (33-HD/BTCTW)."""

    BARRACKS = "barracks", _("Lives in barracks")
    MOBILE = "mobile", _("Mobile work")
    STUDENT_AWAY = "student_away", _("Full-time student away from home")
    OTHER = "other", _("Other reason")


class ResidenceLiaison(models.Model):
    """The letter by which the work cell introduces a member to the party cell where they live: a unit of the tree,
    or an organisation outside the system by name. A member may be introduced again (a new home): the latest
    letter is the one in force; the first after admission decides "on time"."""

    membership = models.ForeignKey("membership.Membership", on_delete=models.CASCADE, related_name="residences")
    work_unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    residence_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("residence cell"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    residence_place = models.CharField(_("residence cell outside the system"), max_length=255, blank=True)
    letter_date = models.DateField(_("letter date"), db_index=True)
    letter_number = models.CharField(_("letter number"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["membership", "letter_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "letter_date"], name="followup_residence_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} → {self.residence_unit_id or self.residence_place} {self.letter_date}"

    @property
    def residence_name(self) -> str:
        return self.residence_unit.name if self.residence_unit_id else self.residence_place


class ResidenceExemption(models.Model):
    """A member not introduced to a residence cell, with the reason, from a date (to a date, or open)."""

    membership = models.ForeignKey("membership.Membership", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=16, choices=ExemptionReason.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["membership", "valid_from", "pk"]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.reason} {self.valid_from}"


class ResidenceComment(models.Model):
    """The residence cell's yearly comments (nhận xét) on a member: received on a date with a summary, or
    recorded as not received."""

    membership = models.ForeignKey("membership.Membership", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    received = models.BooleanField(_("received"), default=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["membership", "year"], name="followup_comment_once_a_year")]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.year} {self.received}"


class Rating(models.Model):
    """A member's quality rating for a year (period `year`) or one of its quarters, in the cell they were in."""

    membership = models.ForeignKey("membership.Membership", on_delete=models.CASCADE, related_name="ratings")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=4, choices=Period.choices, default=Period.YEAR)
    band = models.CharField(_("rating"), max_length=16, choices=Band.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "year", "period"], name="followup_rating_once"),
        ]
        indexes = [models.Index(fields=["year", "period", "band"], name="followup_rating_year_idx")]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.year} {self.period} {self.band}"


class QuarterlyRating(models.Model):
    """A committee's choice to rate its members quarterly too (366-QĐ/TW): its whole subtree then offers the
    quarters on the rating page."""

    unit = models.OneToOneField("units.Unit", on_delete=models.CASCADE, related_name="+")
    since = models.DateField()

    def __str__(self) -> str:
        return f"{self.unit_id} quarterly since {self.since}"


class ProposalState(models.TextChoices):
    PENDING = "pending", _("Pending")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class StrikeOffProposal(models.Model):
    """A cell's proposal to strike a member off (roll.md: the competent committee decides on the cell's proposal).
    Pending until withdrawn or until the member leaves the roll (the roll's exit action settles it)."""

    membership = models.ForeignKey("membership.Membership", on_delete=models.CASCADE, related_name="+")
    proposed_on = models.DateField(_("proposed on"))
    reason = models.CharField(_("reason"), max_length=500)
    state = models.CharField(max_length=16, choices=ProposalState.choices, default=ProposalState.PENDING)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.membership_id} {self.proposed_on} {self.state}"
