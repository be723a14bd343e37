"""The `units` format (exchange.md): the organisations' tree."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ptdv.units.models import Unit
from ptdv.units.services import unit_create, unit_update

from ..scope import (
    parent_not_yours,
    unit_code_unusable,
)
from .base import Importer

# ---------------------------------------------------------------- units


class UnitImporter(Importer):
    """Units through ptdv.units.services, so that paths and the tree's history stay right; a parent may come later
    in the file than its children."""

    kind = "units"
    needs_transaction_for_dry_run = True
    COLUMNS = {"code": "code", "name": "name", "unit_type": "unit_type", "sector": "sector", "parent": "parent_code"}

    def run(self, rows, *, write: bool) -> None:
        records = []
        seen: dict[str, int] = {}
        self.prepare()
        for number, values in rows:
            record = self.parse(number, values)
            if record is None:
                continue
            record["code"] = " ".join(record["code"].split()).upper()
            record["parent_code"] = " ".join(record["parent_code"].split()).upper()
            if record["code"] in seen:
                self.problem(number, "code", _("The unit code %(code)s is already on row %(other)s.")
                             % {"code": record["code"], "other": seen[record["code"]]})  # fmt: skip
                continue
            seen[record["code"]] = number
            records.append(record)
        self.load_units([r["code"] for r in records] + [r["parent_code"] for r in records])
        by_code = {r["code"]: r for r in records}
        for record in self._in_parent_order(records, by_code):
            self._apply(record)

    def _in_parent_order(self, records, by_code):
        """Parents before children; a loop of parents in the file is a problem of each of its rows."""
        ordered, state = [], {}

        def visit(record, trail):
            code = record["code"]
            if state.get(code) == "done":
                return True
            if code in trail:
                return False
            parent = by_code.get(record["parent_code"])
            if parent is not None and not visit(parent, trail | {code}):
                if state.get(code) != "done":
                    state[code] = "done"
                    self.problem(record["_row"], "parent_code", _("The units of the file are each other's parents "
                                 "(%(code)s): check the parent codes.") % {"code": record["parent_code"]})  # fmt: skip
                return False
            state[code] = "done"
            ordered.append(record)
            return True

        for record in records:
            visit(record, frozenset())
        return ordered

    def _apply(self, record) -> None:
        row = record["_row"]
        existing = self.units.get(record["code"])
        if existing is not None and not self.scope.holds_unit(existing):  # before any comparison: no oracle
            self.problem(row, "code", unit_code_unusable(record["code"]))
            return
        parent = None
        if record["parent_code"]:
            parent = self.units.get(record["parent_code"])
            # A parent outside the actor's units only as the unit's present parent (their own unit's row, exported
            # with its parent's code): never to create or move a unit there, nor to learn whether the code exists.
            kept = existing is not None and parent is not None and parent.pk == existing.parent_id
            if parent is None or not (self.scope.holds_unit(parent) or kept):
                if self.actor is None:
                    self.problem(row, "parent_code", _("There is no unit with the code %(code)s, in the file or in "
                                 "the system.") % {"code": record["parent_code"]})  # fmt: skip
                else:
                    self.problem(row, "parent_code", parent_not_yours(record["parent_code"]))
                return
        label = f"{record['code']} — {record['name']}"
        try:
            if existing is None:
                if parent is None and self.actor is not None:
                    self.problem(row, "parent_code", _("Enter the code of the parent unit."))
                    return
                unit = unit_create(
                    actor=self.actor,
                    parent=parent,
                    code=record["code"],
                    name=record["name"],
                    unit_type=record["unit_type"],
                    sector=record["sector"],
                    may_admit=record["may_admit"],
                )
                self.units[record["code"]] = unit
                self.result.count("created", row, label)
                return
            # Fresh and locked (a move earlier in the file may have changed it; another user may be moving it), and
            # its scope checked again just before the write.
            existing = Unit.objects.select_for_update().get(pk=existing.pk)
            if not self.scope.holds_unit(existing):
                self.problem(row, "code", unit_code_unusable(record["code"]))
                return
            same = (
                existing.name == record["name"]
                and existing.unit_type == record["unit_type"]
                and existing.sector == record["sector"]
                and existing.may_admit == record["may_admit"]
                and existing.parent_id == (parent.pk if parent else None)
            )
            if same:
                self.result.count("unchanged", row, label)
                return
            unit = unit_update(
                actor=self.actor,
                unit=existing,
                code=existing.code,
                name=record["name"],
                unit_type=record["unit_type"],
                sector=record["sector"],
                may_admit=record["may_admit"],
                valid_from=existing.valid_from,
                parent=parent,
                member_count=existing.member_count,
            )
            self.units[record["code"]] = unit
            self.result.count("updated", row, label)
        except ValidationError as error:
            self.service_problems(row, error, self.COLUMNS)
