from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    UNITS = "units", _("Party organisations")
    PEOPLE = "people", _("Candidate pool")
    MEMBERS = "members", _("Party members")
    MOVEMENTS = "movements", _("Movements of members")
    RESTRUCTURE = "restructure", _("Restructuring of organisations")
    QUOTAS = "quotas", _("Quotas")
    RATINGS = "ratings", _("Members' ratings")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the file")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


class ImportStop(models.TextChoices):
    """Why a job stopped without its own result (the page says what happened and what to do)."""

    STALLED = "stalled", _("The work stopped without finishing")
    EXPIRED = "expired", _("The file was deleted after waiting too long")
    ERROR = "error", _("An unexpected error")
    BUSY = "busy", _("Another import of the same data was running")
    DATABASE_BUSY = "database_busy", _("The database was busy")


class ImportJob(models.Model):
    """One uploaded file: checked (the preview), then imported on the user's word. The file itself is kept only
    until it is imported or abandoned; `result` keeps the counts, warnings and problems (never personal data
    beyond what the user's own file held, shown back to the same user)."""

    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    # The last sign of life recorded here (start, end of a phase); while a phase runs its progress file, beside the
    # upload, is the heartbeat (jobs.py). The reaper ends jobs whose latest sign is too old.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # the background task of the current phase, if any
    stop_reason = models.CharField(max_length=16, blank=True, choices=ImportStop.choices)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))

    @property
    def running(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)
