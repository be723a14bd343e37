"""Restructuring acts (roll.md, "Restructuring of organisations"): preview, apply, undo.

`restructure_preview` says what would go where and what blocks the act, writing nothing; `restructure_apply` runs
the same checks and, when none blocks, moves everything in one transaction with one audit event:

- `move` item: the source is re-parented under the successor on the date, with its whole subtree, and stays open;
- `merge` item: the source's child units (unless they have an item of their own) are re-parented under the
  successor, the members active in the source move to it (an internal move of the roll's history, never a
  transfer), its persons, open pool entries (with their helpers), open dossiers, courses not yet ended, letters of
  introduction awaiting receipt, quotas from the date's year on (the remainder of the year's, and the following
  years' whole) and accounts (moved or deactivated, as the act says) go to the successor; the source closes the
  day before the date, pointing at its successor;
- `rename` item: the unit's name and type change (types include `special_zone`).

Reports for periods before the date keep counting where things stood (the tree's placement history); the
admissions rollups of the moved units' admissions from the date on are recounted under the new tree. What the act
changed is kept on it (`undo`), so that `restructure_undo` puts everything back while no event has been recorded
since in the units concerned."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ptdv.admission.models import Dossier
from ptdv.admission.rules import TERMINAL
from ptdv.audit.models import Event
from ptdv.audit.services import event_record
from ptdv.membership import rules as roll_rules
from ptdv.membership.history import history_rebuild
from ptdv.membership.models import Membership, RollEvent, Transfer, TransferState
from ptdv.people.models import Candidate, Person
from ptdv.quotas.models import Quota
from ptdv.reports.models import AdmissionRecord
from ptdv.reports.services import _rollups_add, contributions
from ptdv.training.models import Course
from ptdv.units import rules as unit_rules
from ptdv.units.access import can_edit_unit, can_restructure_unit
from ptdv.units.history import TreeHistory
from ptdv.units.models import Unit, UnitPlacement, UnitType, subtree_q
from ptdv.units.services import _new_child_path

from .models import AccountsPolicy, Mode, RestructureAct, RestructureItem

CELL_TYPES = ("cell", "grassroots_cell")
MIN_FULL_MEMBERS = 3  # a cell needs 3 full members (procedure.md)
CHUNK = 2000
ON_ROLL = (roll_rules.PROBATIONARY, roll_rules.FULL_MEMBER)


def _day(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class ItemInput:
    source: Unit
    successor: Unit | None = None
    mode: str = Mode.MERGE
    new_name: str = ""
    new_type: str = ""
    note: str = ""
    row: int = 0  # the spreadsheet row it came from (0: none)


@dataclass
class ActInput:
    date: datetime.date
    items: list[ItemInput]
    decision_number: str = ""
    decision_date: datetime.date | None = None
    issuing_unit: Unit | None = None
    note: str = ""
    accounts: str = AccountsPolicy.MOVE


@dataclass
class Problem:
    code: str
    message: str
    item: int | None = None  # the item's index in the act
    field: str = ""  # source, successor, date, …


@dataclass
class Plan:
    """What one item moves."""

    index: int
    mode: str
    source: Unit
    successor: Unit | None
    units: list[Unit] = field(default_factory=list)  # re-parented under the successor (merge: the children)
    members: int = 0  # active in the source itself, moving to the successor
    probationary: int = 0
    members_below: int = 0  # on the roll of the re-parented units' subtrees (they stay in their cells)
    candidates: int = 0
    dossiers: int = 0
    courses: int = 0
    accounts: int = 0
    quotas: list[tuple[int, int]] = field(default_factory=list)  # (year, quota added to the successor's)
    already_applied: bool = False

    def as_dict(self) -> dict:
        return {
            "mode": self.mode,
            "source": self.source.code,
            "successor": self.successor.code if self.successor else None,
            "units": [unit.code for unit in self.units],
            "members": self.members,
            "probationary": self.probationary,
            "members_below": self.members_below,
            "candidates": self.candidates,
            "dossiers": self.dossiers,
            "courses": self.courses,
            "accounts": self.accounts,
            "quotas": [[year, quota] for year, quota in self.quotas],
            "already_applied": self.already_applied,
        }


@dataclass
class Preview:
    act: ActInput
    plans: list[Plan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def already_applied(self) -> bool:
        return bool(self.plans) and all(plan.already_applied for plan in self.plans)

    def totals(self) -> dict:
        keys = ["members", "members_below", "candidates", "dossiers", "courses", "accounts"]
        result = {key: sum(getattr(plan, key) for plan in self.plans) for key in keys}
        result["units"] = sum(len(plan.units) for plan in self.plans)
        return result

    def lines(self) -> list[str]:
        """What goes where, one line per item (the import's dry run prints them)."""
        result = []
        for plan in self.plans:
            if plan.already_applied:
                result.append(_("%(source)s: already applied.") % {"source": plan.source.code})
            elif plan.mode == Mode.RENAME:
                result.append(_("%(source)s: renamed or retyped.") % {"source": plan.source.code})
            elif plan.mode == Mode.MOVE:
                result.append(
                    _("%(source)s moves under %(successor)s with its %(members)s member(s) below it.")
                    % {"source": plan.source.code, "successor": plan.successor.code, "members": plan.members_below}
                )
            else:
                result.append(
                    _(
                        "%(source)s → %(successor)s: %(units)s unit(s) (%(codes)s), %(members)s member(s) of the "
                        "unit itself and %(below)s below it, %(candidates)s candidate(s), %(dossiers)s open "
                        "dossier(s), %(courses)s course(s), %(accounts)s account(s), quotas %(quotas)s."
                    )
                    % {
                        "source": plan.source.code,
                        "successor": plan.successor.code,
                        "units": len(plan.units),
                        "codes": ", ".join(unit.code for unit in plan.units[:10])
                        + (", …" if len(plan.units) > 10 else ""),
                        "members": plan.members,
                        "below": plan.members_below,
                        "candidates": plan.candidates,
                        "dossiers": plan.dossiers,
                        "courses": plan.courses,
                        "accounts": plan.accounts,
                        "quotas": ", ".join(f"{year}: +{quota}" for year, quota in plan.quotas) or "—",
                    }
                )
        return result


# ---------------------------------------------------------------- checks


def _out_of_scope(actor, item: ItemInput) -> bool:
    if actor is None:
        return False
    if not can_restructure_unit(actor, item.source):
        return True
    return item.successor is not None and not can_edit_unit(actor, item.successor)


def _on_roll_in(unit_ids) -> "Membership.objects":
    return Membership.objects.filter(unit_id__in=list(unit_ids), status__in=ON_ROLL)


def _is_applied(act: ActInput, item: ItemInput) -> bool:
    source, successor = item.source, item.successor
    if item.mode == Mode.MERGE:
        return (
            source.valid_to == act.date - datetime.timedelta(days=1)
            and successor is not None
            and source.successor_id == successor.pk
        )
    if item.mode == Mode.MOVE:
        return successor is not None and source.parent_id == successor.pk
    return (not item.new_name or item.new_name.strip() == source.name) and (
        not item.new_type or item.new_type == source.unit_type
    )


def restructure_preview(*, actor, act: ActInput) -> Preview:
    """What the act would move, and the problems that block it. Writes nothing."""
    preview = Preview(act=act)
    problems = preview.problems
    today = timezone.localdate()
    date = act.date

    def problem(code, message, index=None, field_name=""):
        problems.append(Problem(code, message, index, field_name))

    if date > today:
        problem("future", _("The date %(date)s is in the future: record the act on or after its date.")
                % {"date": _day(date)}, None, "date")  # fmt: skip
    if act.accounts not in AccountsPolicy.values:
        problem("accounts", _("Say whether the sources' accounts move to the successor or are deactivated."))
    if not act.items:
        problem("empty", _("The act names no unit."))
        return preview
    items = act.items
    for item in items:  # fresh from the database
        item.source = Unit.objects.get(pk=item.source.pk)
        item.successor = Unit.objects.get(pk=item.successor.pk) if item.successor is not None else None
    seen: dict[int, int] = {}
    merge_sources = {item.source.pk for item in items if item.mode == Mode.MERGE}
    own_item = {item.source.pk for item in items}
    moved_roots = [item for item in items if item.mode == Mode.MOVE]
    for index, item in enumerate(items):
        source, successor = item.source, item.successor
        if _out_of_scope(actor, item):  # the same words for every unit the actor may not restructure
            problem("out_of_scope", _("This unit is not one you may restructure: check the code, or ask the "
                                      "committee above."), index, "source")  # fmt: skip
            continue
        if source.pk in seen:
            problem("duplicate_source", _("%(code)s is already named on another line of the act.")
                    % {"code": source.code}, index, "source")  # fmt: skip
            continue
        seen[source.pk] = index
        if item.mode not in Mode.values:
            problem("mode", _("Choose merge (hợp nhất) or move (chuyển)."), index, "mode")
            continue
        if item.mode == Mode.MOVE and successor is not None and successor.pk in merge_sources:
            # checked before "already applied": a unit already under a parent that this act merges would be left
            # under a closed unit
            problem("successor_closes", _("The successor %(code)s is itself merged by this act: name the unit "
                                          "that stays.") % {"code": successor.code}, index, "successor")  # fmt: skip
            continue
        if _is_applied(act, item) and item.mode != Mode.RENAME:
            preview.plans.append(Plan(index, item.mode, source, successor, already_applied=True))
            continue
        if item.mode == Mode.RENAME:
            if item.new_type and item.new_type not in UnitType.values:
                problem("unit_type", _("Choose a unit type from the list."), index, "new_type")
                continue
            plan = Plan(index, item.mode, source, source)
            plan.already_applied = _is_applied(act, item)
            preview.plans.append(plan)
            continue
        if successor is None:
            problem("no_successor", _("Name the successor unit."), index, "successor")
            continue
        if successor.pk == source.pk:
            problem("same_unit", _("A unit cannot succeed itself."), index, "successor")
            continue
        if source.valid_to is not None and source.valid_to < date:
            problem("source_closed", _("%(code)s was closed on %(closed)s, before the act's date.")
                    % {"code": source.code, "closed": _day(source.valid_to)}, index, "source")  # fmt: skip
            continue
        if successor.valid_to is not None:
            problem("successor_closed", _("The successor %(code)s is closed: choose a unit that stays active.")
                    % {"code": successor.code}, index, "successor")  # fmt: skip
            continue
        if successor.pk in merge_sources:
            problem("successor_closes", _("The successor %(code)s is itself merged by this act: name the unit "
                                          "that stays.") % {"code": successor.code}, index, "successor")  # fmt: skip
            continue
        if unit_rules.is_in_subtree(successor.path, source.path):
            # A successor below the source is fine only when a move item of the act takes it out first.
            taken_out = any(
                other.source.pk != source.pk
                and unit_rules.is_in_subtree(successor.path, other.source.path)
                and unit_rules.is_in_subtree(other.source.path, source.path)
                and not unit_rules.is_in_subtree(other.successor.path, source.path)
                for other in moved_roots
                if other.successor is not None
            )
            if item.mode == Mode.MOVE or not taken_out:
                problem("successor_inside", _("The successor %(successor)s lies inside %(source)s.")
                        % {"successor": successor.code, "source": source.code}, index, "successor")  # fmt: skip
                continue
        if item.mode == Mode.MERGE and date <= source.valid_from:
            problem("before_start", _("%(code)s starts on %(start)s: a merger dates from the day after at the "
                                      "earliest.") % {"code": source.code, "start": _day(source.valid_from)},
                    index, "date")  # fmt: skip
            continue
        plan = Plan(index, item.mode, source, successor)
        if item.mode == Mode.MOVE:
            plan.units = [source]
        else:
            plan.units = list(
                Unit.objects.filter(parent=source)
                .exclude(pk__in=own_item)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date))
                .order_by("path")
            )
        below = Unit.objects.none()
        for unit in plan.units:
            below |= Unit.objects.subtree(unit)
        below_ids = list(below.values_list("pk", flat=True)) if plan.units else []
        plan.members_below = sum(_on_roll_in(chunk).count() for chunk in _chunks(below_ids)) if below_ids else 0
        later = (
            UnitPlacement.objects.filter(unit_id__in=below_ids, valid_from__gt=date).exists() if below_ids else False
        )
        if later:
            message = _("A unit that moves with %(code)s was moved after %(date)s: record the acts in date order.")
            problem("later_move", message % {"code": source.code, "date": _day(date)}, index, "date")
        if item.mode == Mode.MERGE:
            members = _on_roll_in([source.pk])
            plan.members = members.count()
            plan.probationary = members.filter(status=roll_rules.PROBATIONARY).count()
            last = RollEvent.objects.filter(membership__in=members).aggregate(last=Max("date"))["last"]
            if last is not None and last >= date:
                problem("later_event", _("A member of %(code)s has an event of the roll on %(last)s, on or after "
                                         "the act's date %(date)s: record the act on a later date, or correct "
                                         "that event first.")
                        % {"code": source.code, "last": _day(last), "date": _day(date)}, index, "date")  # fmt: skip
        # Candidates and open dossiers: the source's own and those of the units that move with it.
        held = [*([source.pk] if item.mode == Mode.MERGE else []), *below_ids]
        open_dossiers = Dossier.objects.exclude(stage__in=[str(stage) for stage in TERMINAL])
        for chunk in _chunks(held):
            plan.candidates += Candidate.objects.filter(unit_id__in=chunk, left_on__isnull=True).count()
            plan.dossiers += open_dossiers.filter(unit_id__in=chunk).count()
        if item.mode == Mode.MERGE:
            plan.courses = Course.objects.filter(organiser=source, ends_on__gte=date).count()
            plan.accounts = source.users.count()
            plan.quotas = _quota_moves(source, date)
        preview.plans.append(plan)
    # A cell that receives members must end with at least 3 full members.
    incoming = Counter()
    for plan in preview.plans:
        if plan.mode == Mode.MERGE and not plan.already_applied and plan.members:
            incoming[plan.successor.pk] += _on_roll_in([plan.source.pk]).filter(status=roll_rules.FULL_MEMBER).count()
    for plan in preview.plans:
        successor = plan.successor
        if successor is None or successor.pk not in incoming or successor.unit_type not in CELL_TYPES:
            continue
        own = _on_roll_in([successor.pk]).filter(status=roll_rules.FULL_MEMBER).count()
        if own + incoming[successor.pk] < MIN_FULL_MEMBERS:
            problem("too_few_members", _("The cell %(code)s would have %(count)s full member(s): a cell needs at "
                                         "least 3.") % {"code": successor.code, "count": own + incoming[successor.pk]},
                    plan.index, "successor")  # fmt: skip
            incoming.pop(successor.pk)
    return preview


def _quota_moves(source: Unit, date: datetime.date) -> list[tuple[int, int]]:
    """What the source's quotas add to the successor's: the remainder of the date's year (the quota less what the
    source's cells admitted before the date) and the following years' whole quotas."""
    result = []
    for quota in Quota.objects.filter(unit=source, year__gte=date.year).order_by("year"):
        value = quota.quota
        if quota.year == date.year:
            admitted = AdmissionRecord.objects.filter(
                unit__in=Unit.objects.subtree(source), decision_date__gte=datetime.date(date.year, 1, 1),
                decision_date__lt=date,
            ).count()  # fmt: skip
            value = max(0, value - admitted)
        if value:
            result.append((quota.year, value))
    return result


# ---------------------------------------------------------------- apply


class ActRefused(ValidationError):
    def __init__(self, preview: Preview):
        super().__init__([ValidationError(p.message, code=p.code) for p in preview.problems])
        self.preview = preview


def _rows_of(model, **lookup) -> list[int]:
    return list(model.objects.filter(**lookup).values_list("pk", flat=True))


def _units_snapshot(unit_ids) -> list[list]:
    rows = []
    for chunk in _chunks(sorted(set(unit_ids))):
        rows.extend(
            list(row)
            for row in Unit.objects.filter(pk__in=chunk).values_list(
                "pk",
                "parent_id",
                "path",
                "depth",
                "name",
                "unit_type",
                "valid_from",
                "valid_to",
                "successor_id",
                "member_count",
            )
        )
    return [[*row[:6], row[6].isoformat(), row[7].isoformat() if row[7] else None, *row[8:]] for row in rows]


def _placements_snapshot(unit_ids) -> list[list]:
    rows = []
    for chunk in _chunks(sorted(set(unit_ids))):
        rows.extend(
            UnitPlacement.objects.filter(unit_id__in=chunk).values_list(
                "pk", "unit_id", "parent_id", "path", "valid_from", "valid_to", "is_first"
            )
        )
    return [[pk, unit, parent, path, start.isoformat(), end.isoformat() if end else None, first]
            for pk, unit, parent, path, start, end, first in rows]  # fmt: skip


def _records_of(unit_ids, date: datetime.date) -> list[AdmissionRecord]:
    result = []
    for chunk in _chunks(sorted(set(unit_ids))):
        result.extend(AdmissionRecord.objects.filter(unit_id__in=chunk, decision_date__gte=date))
    return result


def _reparent(unit: Unit, parent: Unit, date: datetime.date) -> None:
    """Move `unit` with its subtree under `parent` on `date`: the placements before it stay as they were."""
    old_path, new_path = unit.path, _new_child_path(parent)
    from django.db.models import Value
    from django.db.models.functions import Concat, Substr

    shift = unit_rules.depth_of(new_path) - unit_rules.depth_of(old_path)
    Unit.objects.filter(subtree_q(old_path)).exclude(pk=unit.pk).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)), depth=F("depth") + shift
    )
    Unit.objects.filter(pk=unit.pk).update(parent=parent, path=new_path, depth=unit_rules.depth_of(new_path))
    moved = list(Unit.objects.filter(subtree_q(new_path)).values_list("pk", "parent_id", "path"))
    ids = [pk for pk, _parent, _path in moved]
    for chunk in _chunks(ids):
        open_placements = UnitPlacement.objects.filter(unit_id__in=chunk, valid_to__isnull=True)
        replaced_first = set(
            open_placements.filter(valid_from__gte=date, is_first=True).values_list("unit_id", flat=True)
        )
        open_placements.filter(valid_from__gte=date).delete()
        open_placements.update(valid_to=date - datetime.timedelta(days=1))
        chunk_set = set(chunk)
        UnitPlacement.objects.bulk_create(
            (
                UnitPlacement(
                    unit_id=pk, parent_id=parent_id, path=path, valid_from=date, is_first=pk in replaced_first
                )
                for pk, parent_id, path in moved
                if pk in chunk_set
            ),
            batch_size=CHUNK,
        )


@transaction.atomic
def restructure_apply(*, actor, act: ActInput) -> RestructureAct:
    """Check the act (restructure_preview) and, when nothing blocks it, apply it in this one transaction. Refused
    with ActRefused (every problem) when something blocks it, nothing written. An act whose every item is already
    applied writes nothing and returns the act that applied it (or None)."""
    # Locked in a fixed order: two acts over the same units run one after the other.
    ids = sorted({item.source.pk for item in act.items} | {item.successor.pk for item in act.items if item.successor})
    list(Unit.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    preview = restructure_preview(actor=actor, act=act)
    if not preview.ok:
        raise ActRefused(preview)
    if preview.already_applied:
        return None
    date = act.date
    record = RestructureAct.objects.create(
        date=date,
        decision_number=act.decision_number.strip()[:64],
        decision_date=act.decision_date,
        issuing_unit=act.issuing_unit,
        note=act.note.strip()[:500],
        accounts=act.accounts,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    for index, item in enumerate(act.items):
        RestructureItem.objects.create(act=record, position=index, source=item.source, successor=item.successor,
                                       mode=item.mode, new_name=item.new_name.strip()[:255],
                                       new_type=item.new_type, note=item.note.strip()[:500])  # fmt: skip
    plans = [plan for plan in preview.plans if not plan.already_applied]
    moving_roots = [unit for plan in plans for unit in plan.units]
    subtree_ids = set()
    for unit in moving_roots:
        subtree_ids.update(Unit.objects.subtree(unit).values_list("pk", flat=True))
    touched = subtree_ids | {plan.source.pk for plan in plans} | {plan.successor.pk for plan in plans}
    undo: dict = {"units": _units_snapshot(touched), "placements": _placements_snapshot(touched)}
    # The admissions counted in the moved units from the date on: their rollups are recounted under the new tree.
    records = _records_of(subtree_ids, date)
    deltas = contributions(records, sign=-1, history=TreeHistory())
    # Successors created for the act exist from its date (exchange.md), not before it.
    for plan in plans:
        successor = plan.successor
        if plan.mode == Mode.RENAME or successor.valid_from < date:
            continue
        Unit.objects.filter(pk=successor.pk).update(valid_from=date)
        UnitPlacement.objects.filter(unit=successor).filter(Q(valid_from__gte=date) | Q(is_first=True)).update(
            valid_from=date, is_first=False
        )
    # Move items first (a split sends some children elsewhere), then merges, then renames.
    order = {Mode.MOVE: 0, Mode.MERGE: 1, Mode.RENAME: 2}
    moved_rows = defaultdict(list)  # model label → [[pk, old unit]]
    member_ids, event_ids, quota_changes, quota_created, users_moved, users_off = [], [], [], [], [], []
    for plan in sorted(plans, key=lambda p: (order[p.mode], p.index)):
        item = act.items[plan.index]
        source, successor = plan.source, plan.successor
        if plan.mode == Mode.RENAME:
            Unit.objects.filter(pk=source.pk).update(
                name=item.new_name.strip() or source.name, unit_type=item.new_type or source.unit_type
            )
            continue
        for unit in plan.units:
            unit.refresh_from_db()
            successor.refresh_from_db()
            _reparent(unit, successor, date)
        if plan.mode == Mode.MOVE:
            continue
        # Members active in the source itself: an internal move of the roll's history on the date.
        moving = list(_on_roll_in([source.pk]).values_list("pk", flat=True))
        note = _("Restructuring: %(source)s merged into %(successor)s") % {
            "source": source.code, "successor": successor.code
        }  # fmt: skip
        created = RollEvent.objects.bulk_create(
            (
                RollEvent(
                    membership_id=pk,
                    kind=roll_rules.INTERNAL,
                    date=date,
                    unit=successor,
                    origin=source,
                    document_number=act.decision_number.strip()[:64],
                    document_date=act.decision_date,
                    document_unit=act.issuing_unit,
                    note=note[:500],
                    recorded_by=actor if getattr(actor, "pk", None) else None,
                )
                for pk in moving
            ),
            batch_size=CHUNK,
        )
        member_ids.extend(moving)
        event_ids.extend(event.pk for event in created if event.pk)
        if moving and not all(event.pk for event in created):  # backends without RETURNING on bulk inserts
            event_ids.extend(
                RollEvent.objects.filter(
                    membership_id__in=moving, kind=roll_rules.INTERNAL, date=date, origin=source
                ).values_list("pk", flat=True)
            )
        # Persons, pool entries, open dossiers, courses not yet ended, letters awaiting receipt.
        terminal = [str(stage) for stage in TERMINAL]
        lots = [
            ("person", Person.objects.filter(unit=source), "unit"),
            ("candidate", Candidate.objects.filter(unit=source, left_on__isnull=True), "unit"),
            ("dossier", Dossier.objects.filter(unit=source).exclude(stage__in=terminal), "unit"),
            ("course", Course.objects.filter(organiser=source, ends_on__gte=date), "organiser"),
            ("transfer", Transfer.objects.filter(destination=source, state=TransferState.ISSUED), "destination"),
        ]
        for label, rows, column in lots:
            pks = list(rows.values_list("pk", flat=True))
            for chunk in _chunks(pks):
                rows.model.objects.filter(pk__in=chunk).update(**{column: successor})
            moved_rows[label].extend([pk, source.pk] for pk in pks)
        # Quotas: the remainder of the year's and the following years' added to the successor's.
        for year, value in plan.quotas:
            target = Quota.objects.select_for_update().filter(unit=successor, year=year).first()
            if target is None:
                target = Quota.objects.create(unit=successor, year=year, quota=value, set_by=actor if getattr(
                    actor, "pk", None) else None)  # fmt: skip
                quota_created.append(target.pk)
                before = None
            else:
                quota_changes.append([target.pk, target.quota, target.version])
                before = {"quota": target.quota}
                target.quota += value
                target.version += 1
                target.save(update_fields=["quota", "version", "updated_at"])
            event_record(actor=actor, action="quota.set", target=target, unit=successor, before=before,
                         after={"quota": target.quota, "year": year,
                                "reason": _("Restructuring: the quota of %(source)s (%(value)s) added.")
                                % {"source": source.code, "value": value}})  # fmt: skip
        # Accounts of the source.
        users = list(source.users.values_list("pk", "is_active"))
        if act.accounts == AccountsPolicy.MOVE:
            source.users.update(unit=successor)
            users_moved.extend([pk, source.pk] for pk, _active in users)
        else:
            from ptdv.accounts.signals import credentials_revoke

            for user in source.users.filter(is_active=True):
                user.is_active = False
                user.save(update_fields=["is_active"])
                credentials_revoke(actor=actor, user=user)
            users_off.extend(pk for pk, active in users if active)
        # The source closes the day before, pointing at its successor; its declared count goes with its members.
        last_day = date - datetime.timedelta(days=1)
        Unit.objects.filter(pk=successor.pk).update(member_count=F("member_count") + source.member_count)
        Unit.objects.filter(pk=source.pk).update(valid_to=last_day, successor=successor)
        UnitPlacement.objects.filter(unit=source, valid_to__isnull=True).update(valid_to=last_day)
    if member_ids:
        history_rebuild(member_ids)
    deltas.update(contributions(_records_of(subtree_ids, date), history=TreeHistory()))
    _rollups_add(deltas)
    undo.update({"members": member_ids, "events": event_ids, "rows": dict(moved_rows), "quotas": quota_changes,
                 "quotas_created": quota_created, "users_moved": users_moved, "users_off": users_off,
                 "records_units": sorted(subtree_ids)})  # fmt: skip
    record.summary = {"plans": [plan.as_dict() for plan in plans], "totals": preview.totals()}
    record.undo = undo
    event = event_record(actor=actor, action="restructure.apply", target=record, unit=act.items[0].successor
                         or act.items[0].source, after={"date": date.isoformat(),
                                                        "decision_number": record.decision_number,
                                                        **record.summary})  # fmt: skip
    record.last_event_id = event.pk
    record.save(update_fields=["summary", "undo", "last_event_id"])
    return record


# ---------------------------------------------------------------- undo


def _concerned_units(act: RestructureAct) -> set[int]:
    ids = {row[0] for row in act.undo.get("units", [])}
    for item in act.items.all():
        for unit in (item.source, item.successor):
            if unit is not None:
                ids.update(Unit.objects.subtree(unit).values_list("pk", flat=True))
    return ids


def undo_blockers(act: RestructureAct) -> list[str]:
    """Why the act cannot be undone (empty: it can)."""
    if act.undone_at is not None:
        return [_("This act has already been undone.")]
    concerned = _concerned_units(act)
    later = Event.objects.filter(pk__gt=act.last_event_id or 0)
    for chunk in _chunks(sorted(concerned)):
        if later.filter(unit_id__in=chunk).exists():
            return [_("Something has been recorded in the units concerned since the act: it can no longer be "
                      "undone. Record a new act instead.")]  # fmt: skip
    members = act.undo.get("members", [])
    for chunk in _chunks(members):
        if RollEvent.objects.filter(membership_id__in=chunk, pk__gt=max(act.undo.get("events") or [0])).exists():
            return [_("A moved member's roll has changed since the act: it can no longer be undone.")]
    return []


@transaction.atomic
def restructure_undo(*, actor, act: RestructureAct) -> RestructureAct:
    """Put back everything the act changed, while nothing has been recorded since in the units concerned."""
    act = RestructureAct.objects.select_for_update().get(pk=act.pk)
    if actor is not None:
        for item in act.items.select_related("source", "successor"):
            if not can_restructure_unit(actor, item.source) or (
                item.successor is not None and not can_edit_unit(actor, item.successor)
            ):
                raise PermissionDenied(_("This act concerns units you may not restructure."))
    blockers = undo_blockers(act)
    if blockers:
        raise ValidationError(blockers, code="undo_blocked")
    undo, date = act.undo, act.date
    subtree_ids = undo.get("records_units", [])
    deltas = contributions(_records_of(subtree_ids, date), sign=-1, history=TreeHistory())
    # Units and their placements as they were.
    units = {row[0]: row for row in undo["units"]}
    objects = []
    for pk, row in units.items():
        objects.append(Unit(pk=pk, parent_id=row[1], path=f"~{pk}", depth=row[3]))
    Unit.objects.bulk_update(objects, ["path"], batch_size=CHUNK)  # out of the way first: paths are unique
    objects = [
        Unit(pk=pk, parent_id=row[1], path=row[2], depth=row[3], name=row[4], unit_type=row[5],
             valid_from=datetime.date.fromisoformat(row[6]),
             valid_to=datetime.date.fromisoformat(row[7]) if row[7] else None, successor_id=row[8],
             member_count=row[9])
        for pk, row in units.items()
    ]  # fmt: skip
    Unit.objects.bulk_update(objects, ["parent", "path", "depth", "name", "unit_type", "valid_from", "valid_to",
                                       "successor", "member_count"], batch_size=CHUNK)  # fmt: skip
    for chunk in _chunks(sorted(units)):
        UnitPlacement.objects.filter(unit_id__in=chunk).delete()
    UnitPlacement.objects.bulk_create(
        (
            UnitPlacement(pk=pk, unit_id=unit, parent_id=parent, path=path,
                          valid_from=datetime.date.fromisoformat(start),
                          valid_to=datetime.date.fromisoformat(end) if end else None, is_first=first)
            for pk, unit, parent, path, start, end, first in undo["placements"]
        ),
        batch_size=CHUNK,
    )  # fmt: skip
    # The roll, the moved rows, quotas and accounts.
    for chunk in _chunks(undo.get("events", [])):
        RollEvent.objects.filter(pk__in=chunk).delete()
    if undo.get("members"):
        history_rebuild(undo["members"])
    models = {"person": (Person, "unit_id"), "candidate": (Candidate, "unit_id"), "dossier": (Dossier, "unit_id"),
              "course": (Course, "organiser_id"), "transfer": (Transfer, "destination_id")}  # fmt: skip
    for label, pairs in undo.get("rows", {}).items():
        model, column = models[label]
        by_source = defaultdict(list)
        for pk, source in pairs:
            by_source[source].append(pk)
        for source, pks in by_source.items():
            for chunk in _chunks(pks):
                model.objects.filter(pk__in=chunk).update(**{column: source})
    for pk, quota, version in undo.get("quotas", []):
        Quota.objects.filter(pk=pk).update(quota=quota, version=version + 2)
    Quota.objects.filter(pk__in=undo.get("quotas_created", [])).delete()
    from ptdv.accounts.models import User

    for pk, source in undo.get("users_moved", []):
        User.objects.filter(pk=pk).update(unit_id=source)
    User.objects.filter(pk__in=undo.get("users_off", [])).update(is_active=True)
    deltas.update(contributions(_records_of(subtree_ids, date), history=TreeHistory()))
    _rollups_add(deltas)
    act.undone_at, act.undone_by = timezone.now(), actor if getattr(actor, "pk", None) else None
    act.save(update_fields=["undone_at", "undone_by"])
    event_record(actor=actor, action="restructure.undo", target=act, unit=None,
                 after={"date": date.isoformat(), "decision_number": act.decision_number})  # fmt: skip
    return act


def quota_total(units) -> int:
    return Quota.objects.filter(unit__in=units).aggregate(total=Sum("quota"))["total"] or 0
