from django.db import models


class AdmissionRecord(models.Model):
    """One admission as the reports count it (statistics.md): the cell and the decision date, and what applied to
    the person on that day — kept apart from the person, whose occupation or Youth Union membership change later.

    Written with the membership (`ptdv.reports.services.admission_records_sync`)."""

    membership = models.OneToOneField(
        "membership.Membership", on_delete=models.CASCADE, related_name="admission_record"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    decision_date = models.DateField(db_index=True)
    occupation = models.CharField(max_length=32)
    age = models.PositiveSmallIntegerField()
    woman = models.BooleanField(default=False)
    ethnic_minority = models.BooleanField(default=False)
    religious = models.BooleanField(default=False)
    youth_union = models.BooleanField(default=False)
    business_owner = models.BooleanField(default=False)
    readmitted = models.BooleanField(default=False)
    struck_off = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["unit", "decision_date"], name="reports_record_unit_date_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.decision_date}"


class AdmissionRollup(models.Model):
    """Admissions in one unit's subtree in one month, one row per key (`ptdv.reports.rules.keys_of`): each admission
    counts in its cell and in every unit above it as the tree stood on the decision date. What reports read, so a
    province's year is twelve rows per key whatever its size. Kept up to date with every admission record (added
    to, never recounted); `ptdv rebuild_rollups` rebuilds them all."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    key = models.CharField(max_length=48)
    value = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "month", "key"], name="reports_rollup_unique")]
        indexes = [models.Index(fields=["month", "key"], name="reports_rollup_month_key_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m} {self.key}={self.value}"
