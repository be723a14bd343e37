from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CourseKind(models.TextChoices):
    AWARENESS = "awareness", _("Party awareness course")
    NEW_MEMBER = "new_member", _("Political theory course for new members")


class Course(models.Model):
    """A class of the awareness course (lớp bồi dưỡng nhận thức về Đảng, 61-HD/BTGTW) or of the new-member course
    (lớp bồi dưỡng lý luận chính trị cho đảng viên mới, 60-HD/BTGTW)."""

    kind = models.CharField(_("kind"), max_length=16, choices=CourseKind.choices)
    title = models.CharField(_("title"), max_length=255)
    organiser = models.ForeignKey(
        "units.Unit", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="courses"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="training_course_dates")
        ]

    def __str__(self) -> str:
        return self.title


class EnrolmentResult(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Did not pass")


class Enrolment(models.Model):
    """A participant of a course, with the result and the certificate (CN-NTVĐ for the awareness course)."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="enrolments")
    result = models.CharField(
        _("result"), max_length=16, choices=EnrolmentResult.choices, default=EnrolmentResult.ENROLLED
    )
    certificate_number = models.CharField(_("certificate number"), max_length=32, blank=True)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["course", "person__sort_name", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="training_enrolment_unique")]

    def __str__(self) -> str:
        return f"{self.person} — {self.course}"
