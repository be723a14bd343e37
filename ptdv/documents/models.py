from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """The document types a register numbers (documents.md: NQ resolution, QĐ decision, BC report, CN certificate;
    GGT the letter of introduction of an official transfer, roll.md)."""

    RESOLUTION = "NQ", _("Resolution")
    DECISION = "QĐ", _("Decision")
    REPORT = "BC", _("Report")
    CERTIFICATE = "CN", _("Certificate")
    INTRODUCTION = "GGT", _("Letter of introduction")  # giấy giới thiệu sinh hoạt đảng (roll.md, transfers)


class RegisterCounter(models.Model):
    """The last number a unit gave to documents of one kind in one year: locked while the next number is taken."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=4, choices=DocumentKind.choices)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kind"], name="documents_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}/{self.kind}: {self.last_number}"


class IssuedDocument(models.Model):
    """A numbered document in the register (sổ đăng ký văn bản) of its issuing unit: "15-QĐ/ĐU" of 2026.

    A reissue (a corrected version) keeps the number: a new row with the next `version`, and the old row points at
    it through `superseded_by` (the register locks the old row while reissuing). Numbers never repeat:
    (unit, year, kind, number, version) is unique."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="issued_documents"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=4, choices=DocumentKind.choices)
    number = models.PositiveIntegerField(_("number"))
    code = models.CharField(_("document number"), max_length=40)
    form = models.CharField(_("form"), max_length=16, blank=True)
    issued_on = models.DateField(_("issued on"))
    signer = models.CharField(_("signed by"), max_length=120, blank=True)
    dossier = models.ForeignKey(
        "admission.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="issued_documents"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("document register")
        ordering = ["unit", "-year", "kind", "-number", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "kind", "number", "version"], name="documents_issued_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["dossier", "form"], name="documents_issued_dossier_idx")]

    def __str__(self) -> str:
        return self.code

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None
