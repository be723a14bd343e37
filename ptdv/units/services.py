"""Every write to the unit tree. Each runs in one transaction and records its event in it."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record, snapshot

from . import rules
from .access import can_edit_unit, can_restructure_unit
from .models import Sector, Unit, UnitPlacement, UnitType

RECORDED_FIELDS = [
    "code",
    "name",
    "unit_type",
    "sector",
    "document_abbreviation",
    "may_admit",
    "parent",
    "valid_from",
    "valid_to",
    "successor",
    "member_count",
]


def _normalise_code(code: str) -> str:
    return " ".join(code.split()).upper()


def _check_fields(*, code: str, name: str, unit_type: str, sector: str, exclude_pk=None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = _("Enter the unit code.")
    elif len(code) > 32:
        errors["code"] = _("The unit code has at most 32 characters.")
    elif Unit.objects.filter(code__iexact=code).exclude(pk=exclude_pk).exists():
        errors["code"] = _("The unit code %(code)s is already used by another unit: choose another code.") % {
            "code": code
        }
    if not name.strip():
        errors["name"] = _("Enter the unit name.")
    if unit_type not in UnitType.values:
        errors["unit_type"] = _("Choose a unit type from the list.")
    if sector and sector not in Sector.values:
        errors["sector"] = _("Choose a sector from the list.")
    return errors


def _check_parent_open(parent: Unit | None, day: datetime.date) -> dict[str, str]:
    if parent is not None and parent.valid_to is not None and parent.valid_to < day:
        return {
            "parent": _("The parent unit %(code)s was closed on %(date)s: choose a unit that is still active.")
            % {"code": parent.code, "date": parent.valid_to.strftime("%d/%m/%Y")}
        }
    return {}


def _new_child_path(parent: Unit | None) -> str:
    """The next path under `parent`, never one a unit held before (a moved unit's old place stays in its history)."""
    siblings = Unit.objects.filter(parent=parent) if parent else Unit.objects.filter(parent__isnull=True)
    held = UnitPlacement.objects.filter(parent=parent) if parent else UnitPlacement.objects.filter(parent__isnull=True)
    candidates = [queryset.order_by("-path").values_list("path", flat=True).first() for queryset in (siblings, held)]
    prefix_length = len(parent.path) + rules.PATH_STEP if parent else rules.PATH_STEP
    used = [path for path in candidates if path and len(path) == prefix_length]
    return rules.next_child_path(parent.path if parent else "", max(used) if used else None)


@transaction.atomic
def unit_create(
    *,
    actor,
    parent: Unit | None,
    code: str,
    name: str,
    unit_type: str,
    sector: str = "",
    may_admit: bool = False,
    valid_from: datetime.date | None = None,
    member_count: int = 0,
) -> Unit:
    """Create a unit under `parent` (None: a root, for administrators and the system only)."""
    code = _normalise_code(code)
    valid_from = valid_from or timezone.localdate()
    if parent is not None:  # fresh and locked: serialises sibling path allocation
        parent = Unit.objects.select_for_update().get(pk=parent.pk)
    if actor is not None and (parent is None or not can_edit_unit(actor, parent)):
        raise ValidationError({"parent": _("You may not add units under this unit.")})
    errors = _check_fields(code=code, name=name, unit_type=unit_type, sector=sector)
    errors |= _check_parent_open(parent, valid_from)
    if errors:
        raise ValidationError(errors)
    path = _new_child_path(parent)
    unit = Unit.objects.create(
        code=code,
        name=name.strip(),
        unit_type=unit_type,
        sector=sector,
        may_admit=may_admit,
        parent=parent,
        path=path,
        depth=rules.depth_of(path),
        valid_from=valid_from,
        member_count=member_count,
    )
    UnitPlacement.objects.create(unit=unit, parent=parent, path=path, valid_from=valid_from, is_first=True)
    event_record(actor=actor, action="unit.create", target=unit, unit=unit, after=snapshot(unit, RECORDED_FIELDS))
    return unit


@transaction.atomic
def unit_update(
    *,
    actor,
    unit: Unit,
    code: str,
    name: str,
    unit_type: str,
    sector: str,
    may_admit: bool,
    valid_from: datetime.date,
    parent: Unit | None,
    member_count: int,
    document_abbreviation: str | None = None,
) -> Unit:
    """Change a unit's data; a new `parent` moves the unit with its whole subtree. `document_abbreviation` None
    keeps the unit's."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if actor is not None and not can_edit_unit(actor, unit):  # the service's own check, whatever the caller did
        raise PermissionDenied(_("You may not change this unit."))
    before = snapshot(unit, RECORDED_FIELDS)
    code = _normalise_code(code)
    errors = _check_fields(code=code, name=name, unit_type=unit_type, sector=sector, exclude_pk=unit.pk)
    moving = (parent.pk if parent else None) != unit.parent_id
    if moving and parent is not None:
        parent = Unit.objects.select_for_update().get(pk=parent.pk)
    if moving:
        errors |= _check_move(actor=actor, unit=unit, parent=parent)
    if unit.valid_to is not None and valid_from > unit.valid_to:
        errors["valid_from"] = _("The start date must not be later than the closing date %(date)s.") % {
            "date": unit.valid_to.strftime("%d/%m/%Y")
        }
    if errors:
        raise ValidationError(errors)
    unit.code, unit.name, unit.unit_type, unit.sector = code, name.strip(), unit_type, sector
    unit.may_admit, unit.valid_from, unit.member_count = may_admit, valid_from, member_count
    if document_abbreviation is not None:
        unit.document_abbreviation = document_abbreviation.strip()
    if moving:
        _move_subtree(unit=unit, parent=parent)
    unit.save()
    if moving:
        _placements_move(unit=unit, day=timezone.localdate())
    first = UnitPlacement.objects.filter(unit=unit).order_by("valid_from").first()
    if (
        first is not None
        and first.valid_from != valid_from
        and (first.valid_to is None or first.valid_to >= valid_from)
    ):
        first.valid_from = valid_from
        first.save(update_fields=["valid_from"])
    event_record(
        actor=actor,
        action="unit.move" if moving else "unit.update",
        target=unit,
        unit=unit,
        before=before,
        after=snapshot(unit, RECORDED_FIELDS),
    )
    return unit


def _check_move(*, actor, unit: Unit, parent: Unit | None) -> dict[str, str]:
    if parent is None:
        return {"parent": _("Enter the code of the parent unit.")}
    if rules.is_in_subtree(parent.path, unit.path):
        return {
            "parent": _(
                "A unit cannot be placed under itself or under one of its own sub-units: "
                "%(parent)s is inside %(unit)s. Choose another parent unit."
            )
            % {"parent": parent.code, "unit": unit.code}
        }
    if actor is not None and not (can_restructure_unit(actor, unit) and can_edit_unit(actor, parent)):
        return {"parent": _("You may only move units below your own unit, to a parent unit you manage.")}
    return _check_parent_open(parent, timezone.localdate())


def _placements_move(*, unit: Unit, day: datetime.date) -> None:
    """Close the subtree's open placements the day before `day` and open new ones with the new paths (a move made
    the same day a placement began replaces it)."""
    moved = list(Unit.objects.subtree(unit).values_list("pk", "parent_id", "path"))
    ids = [pk for pk, _parent, _path in moved]
    open_placements = UnitPlacement.objects.filter(unit_id__in=ids, valid_to__isnull=True)
    # A placement begun the same day is replaced (a unit's first one stays its first).
    replaced_first = set(open_placements.filter(valid_from__gte=day, is_first=True).values_list("unit_id", flat=True))
    open_placements.filter(valid_from__gte=day).delete()
    open_placements.update(valid_to=day - datetime.timedelta(days=1))
    UnitPlacement.objects.bulk_create(
        UnitPlacement(unit_id=pk, parent_id=parent_id, path=path, valid_from=day, is_first=pk in replaced_first)
        for pk, parent_id, path in moved
    )


def _move_subtree(*, unit: Unit, parent: Unit) -> None:
    old_path, new_path = unit.path, _new_child_path(parent)
    shift = rules.depth_of(new_path) - rules.depth_of(old_path)
    Unit.objects.descendants(unit).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)), depth=F("depth") + shift
    )
    unit.parent, unit.path, unit.depth = parent, new_path, rules.depth_of(new_path)


@transaction.atomic
def unit_close(*, actor, unit: Unit, valid_to: datetime.date, successor: Unit | None = None) -> Unit:
    """Close a unit on `valid_to` (its last day), optionally naming the unit that succeeds it.

    Refused while the unit has sub-units still active after that day: they must be closed or moved first."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit, RECORDED_FIELDS)
    errors: dict[str, str] = {}
    if actor is not None and not can_restructure_unit(actor, unit):
        errors["__all__"] = _("You may only close units below your own unit.")
    if unit.valid_to is not None:
        errors["__all__"] = _("This unit was already closed on %(date)s.") % {
            "date": unit.valid_to.strftime("%d/%m/%Y")
        }
    if valid_to < unit.valid_from:
        errors["valid_to"] = _("The closing date must not be earlier than the start date %(date)s.") % {
            "date": unit.valid_from.strftime("%d/%m/%Y")
        }
    open_children = list(
        Unit.objects.filter(parent=unit).exclude(valid_to__lte=valid_to).values_list("code", flat=True)[:6]
    )
    if open_children:
        shown = ", ".join(open_children[:5]) + (", …" if len(open_children) > 5 else "")
        count = Unit.objects.filter(parent=unit).exclude(valid_to__lte=valid_to).count()
        errors["__all__"] = _(
            "This unit still has %(count)s active sub-unit(s) (%(codes)s): close them or move them to another "
            "unit first."
        ) % {"count": count, "codes": shown}
    if successor is not None:
        successor = Unit.objects.get(pk=successor.pk)
        if successor.pk == unit.pk or rules.is_in_subtree(successor.path, unit.path):
            errors["successor"] = _("A unit cannot be succeeded by itself or by one of its sub-units.")
        elif successor.valid_to is not None and successor.valid_to <= valid_to:
            errors["successor"] = _("The succeeding unit must still be active after the closing date.")
        elif actor is not None and not can_edit_unit(actor, successor):
            errors["successor"] = _("Choose a succeeding unit that you manage.")
    if errors:
        raise ValidationError(errors)
    unit.valid_to, unit.successor = valid_to, successor
    unit.save(update_fields=["valid_to", "successor"])
    UnitPlacement.objects.filter(unit=unit, valid_to__isnull=True).update(valid_to=valid_to)
    event_record(
        actor=actor,
        action="unit.close",
        target=unit,
        unit=unit,
        before=before,
        after=snapshot(unit, RECORDED_FIELDS),
    )
    return unit


def unit_placements_backfill() -> int:
    """Give each unit that has no placement history (loaded in bulk, e.g. by a benchmark) one for where it stands
    now; returns how many were added."""
    missing = Unit.objects.filter(placements__isnull=True).values_list(
        "pk", "parent_id", "path", "valid_from", "valid_to"
    )
    created = UnitPlacement.objects.bulk_create(
        (
            UnitPlacement(
                unit_id=pk, parent_id=parent_id, path=path, valid_from=valid_from, valid_to=valid_to, is_first=True
            )
            for pk, parent_id, path, valid_from, valid_to in missing.iterator(chunk_size=5000)
        ),
        batch_size=5000,
    )
    return len(created)
