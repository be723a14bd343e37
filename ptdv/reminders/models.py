from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ptdv.core.tokens import hash_key

__all__ = ["CalendarToken", "Frequency", "Notification", "ReminderPreference", "ReminderSent", "hash_key"]


class Frequency(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Once a week")
    OFF = "off", _("Never")


class ReminderPreference(models.Model):
    """How often a user receives the digest of due items (daily when there is no row)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference")
    frequency = models.CharField(_("reminders"), max_length=8, choices=Frequency.choices, default=Frequency.DAILY)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.frequency}"


class Notification(models.Model):
    """A message in a user's in-app inbox: the digest of one day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    day = models.DateField(_("day"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    items = models.JSONField(default=list)  # [{"key", "label", "person", "due", "state", "url"}]
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="reminders_notif_user_read_idx")]

    def __str__(self) -> str:
        return self.subject


class ReminderSent(models.Model):
    """A reminder of one item sent to one user on one day: never the same one twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item_key = models.CharField(max_length=120)
    day = models.DateField()
    notification = models.ForeignKey(Notification, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "item_key", "day"], name="reminders_sent_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.item_key} {self.day}"


class CalendarTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class CalendarToken(models.Model):
    """The private token in a user's calendar feed (.ics) URL. Only its hash is stored; revoked, it no longer
    opens the feed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens")
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed link")
        verbose_name_plural = _("calendar feed links")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}…"
