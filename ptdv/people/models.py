from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import rules
from .choices import (
    ETHNICITY_CHOICES,
    MAJORITY_ETHNIC_GROUP,
    NO_RELIGION,
    RELIGION_CHOICES,
    LeaveReason,
    Occupation,
    PoliticalTheory,
    PoolSource,
    Sex,
)


class Person(models.Model):
    """A person as the CV (2-KNĐ) begins: candidates, applicants and members alike.

    `unit` is the unit the person's record belongs to (their cell); it decides who may see the person."""

    full_name = models.CharField(_("full name"), max_length=120)
    # Vietnamese order of names (rules.name_sort_key), kept by save() and by the imports' bulk writes
    sort_name = models.CharField(max_length=rules.SORT_NAME_MAX_LENGTH, editable=False, blank=True, default="")
    other_names = models.CharField(_("other names"), max_length=120, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    birth_place = models.CharField(_("place of birth"), max_length=255, blank=True)
    hometown = models.CharField(_("hometown"), max_length=255, blank=True)
    permanent_address = models.CharField(_("permanent residence"), max_length=255, blank=True)
    temporary_address = models.CharField(_("temporary residence"), max_length=255, blank=True)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=32, choices=ETHNICITY_CHOICES, default=MAJORITY_ETHNIC_GROUP
    )
    religion = models.CharField(_("religion"), max_length=64, choices=RELIGION_CHOICES, default=NO_RELIGION)
    citizen_id = models.CharField(_("citizen ID (CCCD)"), max_length=12, unique=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    occupation = models.CharField(_("occupation"), max_length=32, choices=Occupation.choices)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    general_education = models.CharField(_("general education"), max_length=8, blank=True, help_text="9/12, 12/12")
    professional_qualification = models.CharField(_("professional qualification"), max_length=255, blank=True)
    political_theory = models.CharField(
        _("political theory"), max_length=16, choices=PoliticalTheory.choices, blank=True
    )
    youth_union = models.BooleanField(_("Youth Union member"), default=False)
    youth_union_date = models.DateField(_("joined the Youth Union on"), null=True, blank=True)
    trade_union = models.BooleanField(_("trade union member"), default=False)
    business_owner = models.BooleanField(_("private business owner"), default=False)
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="persons")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["sort_name", "id"]
        indexes = [
            models.Index(fields=["unit", "sort_name"], name="people_person_unit_sort_idx"),
            models.Index(fields=["sort_name", "id"], name="people_person_sort_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.sort_name = rules.name_sort_key(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    @property
    def is_ethnic_minority(self) -> bool:
        return self.ethnicity != MAJORITY_ETHNIC_GROUP

    @property
    def is_religious(self) -> bool:
        return self.religion != NO_RELIGION

    def search_tokens(self) -> set[str]:
        return rules.search_tokens(self.full_name, self.other_names, self.citizen_id, self.phone)


class PersonSearchToken(models.Model):
    """One folded word of a person's names, ID or phone: a search is a prefix match on this indexed column, so it
    ignores case and diacritics and stays fast at millions of persons on both engines."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "token"], name="people_token_unique")]

    def __str__(self) -> str:
        return self.token


class Candidate(models.Model):
    """A person's time in the candidate pool (stage `pool`) of a cell."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="pool_entries")
    unit = models.ForeignKey("units.Unit", verbose_name=_("cell"), on_delete=models.PROTECT, related_name="candidates")
    entered_on = models.DateField(_("entered the pool on"))
    source = models.CharField(_("source"), max_length=16, choices=PoolSource.choices)
    education_exception = models.TextField(
        _("education exception"),
        blank=True,
        help_text=_("When education is below lower secondary: the reason an exception applies (UNCONFIRMED rule)."),
    )
    left_on = models.DateField(_("left the pool on"), null=True, blank=True)
    leave_reason = models.CharField(_("reason for leaving"), max_length=16, choices=LeaveReason.choices, blank=True)
    leave_note = models.TextField(_("note on leaving"), blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["-entered_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(left_on__isnull=True), name="people_one_open_pool_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.unit.code})"

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class HelperAssignment(models.Model):
    """A full member assigned to help a candidate (đảng viên được phân công giúp đỡ); ended, never deleted."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="helper_assignments")
    helper = models.ForeignKey(Person, verbose_name=_("helper"), on_delete=models.PROTECT, related_name="+")
    assigned_on = models.DateField(_("assigned on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["assigned_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "helper"], condition=Q(ended_on__isnull=True), name="people_one_open_helper"
            )
        ]

    def __str__(self) -> str:
        return f"{self.helper} → {self.candidate}"


class CandidateNote(models.Model):
    """A dated observation on a candidate (usually the helper's)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField(_("date"))
    text = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-id"]

    def __str__(self) -> str:
        return f"{self.written_on}: {self.text[:40]}"
