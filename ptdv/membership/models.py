from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")
    STRUCK_OFF = "struck_off", _("Struck off")
    DIED = "died", _("Died")
    EXPELLED = "expelled", _("Expelled")
    RESIGNED = "resigned", _("Resigned from the party")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out of the system")


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
    exempted = models.BooleanField(_("exempted from activity"), default=False)
    # Where the admission was decided (the admissions report counts it there, wherever the member is now); empty
    # for a member who arrived by a transfer from outside the system (`arrived_on`): not an admission of ours.
    admission_unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    arrived_on = models.DateField(_("arrived from outside the system on"), null=True, blank=True)
    proceedings_since = models.DateField(
        _("under inspection, discipline or complaint proceedings since"),
        null=True,
        blank=True,
        help_text=_("A member under such proceedings is not transferred until they end (roll.md)."),
    )
    # Roll.md: the member starts the transfer within 60 working days of the decision that moves them.
    move_decided_on = models.DateField(_("decision that moves the member dated"), null=True, blank=True)
    move_decision = models.CharField(_("decision that moves the member"), max_length=64, blank=True)

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


class RollEventKind(models.TextChoices):
    """The dated events of a membership (roll.md); the movement codes are those of exchange.md."""

    ADMITTED = "admitted", _("Admitted (decision)")
    CEREMONY = "ceremony", _("Admission ceremony")
    FULL = "full", _("Recognised as a full member")
    TRANSFER_OUT = "transfer_out", _("Transferred out")
    TRANSFER_IN = "transfer_in", _("Transferred in")
    INTERNAL = "internal", _("Internal transfer")
    TEMPORARY_OUT = "temporary_out", _("Temporary stay elsewhere")
    TEMPORARY_BACK = "temporary_back", _("End of temporary stay")
    DIED = "died", _("Died")
    EXPELLED = "expelled", _("Expelled")
    STRUCK_OFF = "struck_off", _("Struck off")
    RESIGNED = "resigned", _("Resigned from the party")
    RESTORED = "restored", _("Membership restored")
    EXEMPTED = "exempted", _("Exempted from activity")
    EXEMPTION_ENDED = "exemption_ended", _("Exemption ended")


class RollEvent(models.Model):
    """One dated change of a member's unit or status, with its document and who recorded it. Never overwritten:
    the fields below `recorded_at` are derived by replaying the member's events (membership.history) — where the
    member stood just before and just after it — so that Biểu 1 reads the movements of any set of units."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=16, choices=RollEventKind.choices)
    date = models.DateField(_("date"))
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    origin = models.ForeignKey(
        "units.Unit", verbose_name=_("from unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=16, blank=True)  # the status on arrival (admission, transfer in)
    other_place = models.CharField(_("organisation outside the system"), max_length=255, blank=True)
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    document_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    transfer = models.ForeignKey(
        "membership.Transfer", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Derived (membership.history.history_rebuild):
    unit_before = models.ForeignKey("units.Unit", null=True, on_delete=models.PROTECT, related_name="+")
    unit_after = models.ForeignKey("units.Unit", null=True, on_delete=models.PROTECT, related_name="+")
    status_before = models.CharField(max_length=16, blank=True)
    status_after = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "kind", "date"], name="membership_event_once_a_day"),
        ]
        indexes = [
            # Biểu 1 of a big unit: the period's events, counted from the index alone (membership.counts' sibling).
            models.Index(
                fields=["date", "kind", "unit_before", "unit_after", "status_before", "status_after"],
                name="membership_event_moves_idx",
            ),
            # Biểu 1 of a small unit: its events by the unit they leave or enter, then the dates.
            models.Index(fields=["unit_before", "date"], name="membership_event_before_idx"),
            models.Index(fields=["unit_after", "date"], name="membership_event_after_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.kind} {self.date}"

    @property
    def outside(self) -> bool:
        return bool(self.other_place)


class RollPeriod(models.Model):
    """Where a member was active, in which status, from `valid_from` to `valid_to` (both inclusive; open while it
    lasts): derived from the events, so "the roll of unit U on date D" is one indexed query."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="periods")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16)
    exempted = models.BooleanField(default=False)
    away = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    away_outside = models.BooleanField(default=False)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            # The roll of a unit on a date, counted from the index alone (no table rows read).
            models.Index(
                fields=["unit", "valid_from", "valid_to", "status", "exempted", "away", "away_outside"],
                name="membership_period_unit_idx",
            ),
            models.Index(fields=["valid_from", "valid_to"], name="membership_period_dates_idx"),
            # Temporary guests of a unit (few): by the host, whatever the planner's statistics say of the NULLs.
            models.Index(
                fields=["away", "valid_from", "valid_to", "unit"],
                condition=models.Q(away__isnull=False),
                name="membership_period_guest_idx",
            ),
            # The periods of a unit that ended between two days (membership.counts), from the index alone.
            models.Index(
                fields=["unit", "valid_to", "status", "exempted", "away", "away_outside"],
                name="membership_period_ends_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} @ {self.unit_id} {self.valid_from}–{self.valid_to or ''}"


class RollCount(models.Model):
    """Members on the roll of one unit (the cell of their period) at the end of one counted day (RollCountDay: the
    last day of each year), by status, exempted and away on a temporary stay: what the roll on a date and Biểu 1
    read for a subtree, whatever its size (membership.counts). Derived from the periods, kept up to date in the
    transaction of every change of them; `ptdv rebuild_rollups` recomputes them."""

    day = models.DateField()
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16)
    exempted = models.BooleanField(default=False)
    away = models.BooleanField(default=False)
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "unit", "status", "exempted", "away"], name="membership_rollcount_unique"
            ),
        ]
        # The unique index (day, unit, …) also serves "the counts of these units on that day".

    def __str__(self) -> str:
        return f"{self.day} {self.unit_id} {self.status} {self.n}"


class RollCountDay(models.Model):
    """A day whose RollCount rows are complete (every period counted): only those are read, and every change of
    the periods is added to each of them."""

    day = models.DateField(unique=True)

    def __str__(self) -> str:
        return str(self.day)


class TransferKind(models.TextChoices):
    OFFICIAL = "official", _("Official transfer")
    TEMPORARY = "temporary", _("Temporary transfer")
    INTERNAL = "internal", _("Internal transfer")


class TransferState(models.TextChoices):
    ISSUED = "issued", _("Letter issued, awaiting receipt")
    RECEIVED = "received", _("Received")
    LEFT = "left", _("Left the system")
    ACTIVE = "active", _("Temporary stay under way")
    ENDED = "ended", _("Temporary stay ended")


class TransferReason(models.TextChoices):
    NEW_JOB = "new_job", _("New job")
    RETIREMENT = "retirement", _("Retirement")
    RESIDENCE = "residence", _("Change of residence")
    STUDY = "study", _("Study")
    OTHER = "other", _("Other")


class Transfer(models.Model):
    """A transfer of party activity (chuyển sinh hoạt đảng, roll.md): the letter of introduction (giấy giới thiệu
    sinh hoạt đảng) with every field it carries, and its receipt by the destination."""

    kind = models.CharField(_("kind"), max_length=16, choices=TransferKind.choices)
    state = models.CharField(_("state"), max_length=16, choices=TransferState.choices)
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="transfers")
    origin = models.ForeignKey("units.Unit", verbose_name=_("from"), on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey(
        "units.Unit", verbose_name=_("to"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    other_place = models.CharField(_("organisation outside the system"), max_length=255, blank=True)
    reason = models.CharField(_("reason"), max_length=16, choices=TransferReason.choices, default="other")
    letter_number = models.CharField(_("letter number"), max_length=64, blank=True)
    letter_date = models.DateField(_("letter date"))
    # The letter as numbered in the issuing unit's register (documents), when the system numbered it.
    document = models.OneToOneField(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="transfer"
    )
    issued_by = models.ForeignKey(
        "units.Unit", verbose_name=_("issued by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ends_on = models.DateField(_("until"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    cell = models.ForeignKey(
        "units.Unit", verbose_name=_("cell"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-letter_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.membership_id} {self.letter_number}"


class CardEventKind(models.TextChoices):
    """The events of a party card (thẻ đảng viên, roll.md); Biểu 7 counts them."""

    ISSUED = "issued", _("Party card issued")
    HANDED_OVER = "handed_over", _("Party card handed over")
    REISSUED_LOST = "reissued_lost", _("Party card reissued after loss")
    REISSUED_DAMAGED = "reissued_damaged", _("Party card reissued after damage")
    EXCHANGED = "exchanged", _("Party card exchanged")
    RECOVERED = "recovered", _("Party card recovered")


class CardEvent(models.Model):
    """One dated event of a member's party card, with its document and who recorded it. Never overwritten; the
    membership's card fields hold the card as it stands after the latest event."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="card_events")
    kind = models.CharField(_("kind"), max_length=16, choices=CardEventKind.choices)
    date = models.DateField(_("date"))
    card_number = models.CharField(_("party card number"), max_length=32, blank=True)
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "kind", "date"], name="membership_card_event_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.kind} {self.date} {self.card_number}"
