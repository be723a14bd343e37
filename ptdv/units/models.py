import datetime

from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ptdv.core.db import prefix_q

from . import rules


class UnitType(models.TextChoices):
    """Unit types of ../shared/domain/statistics.md."""

    PROVINCE = "province", _("Provincial party committee")
    BLOC = "bloc", _("Bloc party committee")
    DISTRICT = "district", _("District-level party committee")
    COMMUNE = "commune", _("Commune party committee")
    WARD = "ward", _("Ward party committee")
    SPECIAL_ZONE = "special_zone", _("Special zone party committee")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots party committee")
    GRASSROOTS_CELL = "grassroots_cell", _("Grassroots party cell")
    SUB_COMMITTEE = "sub_committee", _("Sub-committee")
    CELL = "cell", _("Party cell")
    GROUP = "group", _("Party group")


class Sector(models.TextChoices):
    """Sectors of grassroots units (statistics.md)."""

    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    AGENCY = "agency", _("Agency")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
    NON_STATE_ENTERPRISE = "non_state_enterprise", _("Non-state enterprise")
    SCHOOL = "school", _("School")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    OTHER = "other", _("Other")


def subtree_q(path: str, field: str = "path") -> Q:
    """Rows whose `field` lies in the subtree rooted at `path` (the root included): a prefix range on the index."""
    return prefix_q(field, path)


class UnitQuerySet(models.QuerySet):
    def subtree(self, unit: "Unit") -> "UnitQuerySet":
        return self.filter(subtree_q(unit.path))

    def descendants(self, unit: "Unit") -> "UnitQuerySet":
        return self.filter(subtree_q(unit.path), depth__gt=unit.depth)

    def open_on(self, day: datetime.date | None = None) -> "UnitQuerySet":
        day = day or timezone.localdate()
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class Unit(models.Model):
    """A party organisation: a node of the tree (procedure.md, "Organisation levels").

    Units are never deleted: a merged, split or renamed unit is closed (`valid_to`) and points at the unit that
    succeeded it, so history stays readable."""

    code = models.CharField(_("unit code"), max_length=32, unique=True)
    name = models.CharField(_("unit name"), max_length=255)
    unit_type = models.CharField(_("unit type"), max_length=32, choices=UnitType.choices)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)
    document_abbreviation = models.CharField(
        _("abbreviation on documents"),
        max_length=16,
        blank=True,
        help_text=_(
            "After the slash of a document number (15-QĐ/ĐUK): the committee's abbreviation, when it is not the "
            "usual one of the unit type (CB, ĐU, HU, TU)."
        ),
    )
    may_admit = models.BooleanField(
        _("authorised to admit"),
        default=False,
        help_text=_("The committee of this unit decides admissions itself (được ủy quyền kết nạp)."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=rules.PATH_MAX_LENGTH, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid to"), null=True, blank=True, db_index=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    # Members on the roll as declared for the unit itself (not its sub-units), until the roll is kept in the
    # system (membership issue), which will replace this count.
    member_count = models.PositiveIntegerField(_("members"), default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(Upper("code"), name="units_unit_code_ci_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="units_unit_valid_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_closed(self) -> bool:
        return self.valid_to is not None and self.valid_to < timezone.localdate()

    def ancestors(self) -> list["Unit"]:
        """The unit's ancestors, root first: one query, then kept on this instance while its path is unchanged
        (a dossier page asks several times who acts: the cell, its grassroots organisation, the competent one)."""
        cached = getattr(self, "_ancestors", None)
        if cached is not None and cached[0] == self.path:
            return list(cached[1])
        paths = [self.path[:end] for end in range(rules.PATH_STEP, len(self.path), rules.PATH_STEP)]
        found = list(Unit.objects.filter(path__in=paths).order_by("path"))
        self._ancestors = (self.path, found)
        return list(found)

    def as_node(self) -> rules.UnitNode:
        return rules.UnitNode(code=self.code, unit_type=self.unit_type, may_admit=self.may_admit)


class UnitPlacementQuerySet(models.QuerySet):
    def on(self, day: datetime.date) -> "UnitPlacementQuerySet":
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).filter(
            Q(valid_from__lte=day) | Q(is_first=True)
        )

    def overlapping(self, date_from: datetime.date, date_to: datetime.date) -> "UnitPlacementQuerySet":
        """Placements that hold on some day of [from, to]."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date_from)).filter(
            Q(valid_from__lte=date_to) | Q(is_first=True)
        )

    def subtree_on(self, path: str, day: datetime.date) -> "UnitPlacementQuerySet":
        """The placements of the units that stood in the subtree at `path` on `day` (the root included)."""
        return self.on(day).filter(subtree_q(path))


class UnitPlacement(models.Model):
    """Where a unit stood in the tree, and when: its parent and its path from `valid_from` to `valid_to` (both
    inclusive; open while the unit stays there). Written by the unit services on create, move and close, so that a
    report can count a past period in the tree as it stood then, after units have been moved, merged or closed.

    A unit's first placement also reaches back before its start date (`is_first`): a unit entered today with the
    roll and the admissions of its past years (the members import) counts that past where it stands."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="placements")
    parent = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=rules.PATH_MAX_LENGTH, db_index=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    is_first = models.BooleanField(default=False)

    objects = UnitPlacementQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "valid_from"]
        indexes = [models.Index(fields=["unit", "valid_from"], name="units_placement_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} @ {self.path} {self.valid_from}–{self.valid_to or ''}"
