"""The `restructure` import of exchange.md: one restructuring act per file, through ptdv.restructuring's preview and
apply. Each row is one source: `merge` (the default) closes it into the successor, `move` re-parents it under the
successor. The dry run lists what would go where and writes nothing; an act already applied changes nothing and
says so."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ptdv.restructuring.models import Mode
from ptdv.restructuring.services import ActInput, ActRefused, ItemInput, restructure_apply, restructure_preview
from ptdv.units.access import can_edit_unit, can_restructure_unit

from ..scope import unit_not_yours
from .base import Importer

FIELD_COLUMNS = {"source": "source_code", "successor": "successor_code", "date": "date", "mode": "mode",
                 "new_type": "mode", "": ""}  # fmt: skip


class RestructureImporter(Importer):
    kind = "restructure"
    needs_transaction_for_dry_run = True

    def _unit(self, record: dict, key: str, *, restructure: bool):
        code = record[key].upper()
        unit = self.units.get(code)
        if self.actor is None:
            if unit is None:
                self.problem(record["_row"], key, _("There is no unit with the code %(code)s.") % {"code": record[key]})
            return unit
        allowed = unit is not None and (
            can_restructure_unit(self.actor, unit) if restructure else can_edit_unit(self.actor, unit)
        )
        if not allowed:  # an unknown code and another organisation's unit get the same words
            self.problem(record["_row"], key, unit_not_yours(record[key]))
            return None
        return unit

    def run(self, rows, *, write: bool) -> None:
        self.prepare()
        records, seen = [], {}
        for number, values in rows:
            record = self.parse(number, values)
            if record is None:
                continue
            record["source_code"] = record["source_code"].upper()
            record["successor_code"] = record["successor_code"].upper()
            if record["source_code"] in seen:
                self.problem(number, "source_code", _("The unit %(code)s is already on row %(other)s.")
                             % {"code": record["source_code"], "other": seen[record["source_code"]]})  # fmt: skip
                continue
            seen[record["source_code"]] = number
            records.append(record)
        if not records:
            return
        date = records[0]["date"]
        for record in records[1:]:
            if record["date"] != date:
                self.problem(record["_row"], "date", _("One act per file: every row has the same date (%(date)s on "
                                                       "row %(row)s).")
                             % {"date": date.strftime("%d/%m/%Y"), "row": records[0]["_row"]})  # fmt: skip
        self.load_units([r["source_code"] for r in records] + [r["successor_code"] for r in records])
        items, rows_of = [], []
        for record in records:
            source = self._unit(record, "source_code", restructure=True)
            successor = self._unit(record, "successor_code", restructure=False)
            if source is None or successor is None:
                continue
            items.append(ItemInput(source=source, successor=successor, mode=record["mode"] or Mode.MERGE,
                                   note=record["note"], row=record["_row"]))  # fmt: skip
            rows_of.append(record["_row"])
        if self.result.problems:
            return
        decision = next((r["decision_number"] for r in records if r["decision_number"]), "")
        act = ActInput(date=date, items=items, decision_number=decision, note=records[0]["note"])
        preview = restructure_preview(actor=self.actor, act=act)
        self._report(preview, rows_of)
        if not self.result.ok or not write:
            return
        try:
            restructure_apply(actor=self.actor, act=act)
        except ActRefused as refused:  # changed meanwhile
            self._report(refused.preview, rows_of, count=False)
        except ValidationError as error:
            self.service_problems(rows_of[0], error, {})

    def _report(self, preview, rows_of, *, count: bool = True) -> None:
        for problem in preview.problems:
            row = rows_of[problem.item] if problem.item is not None else rows_of[0]
            self.problem(row, FIELD_COLUMNS.get(problem.field, ""), problem.message)
        if not count or preview.problems:
            return
        lines = preview.lines()
        for plan, line in zip(preview.plans, lines, strict=True):
            self.result.count("unchanged" if plan.already_applied else "updated", rows_of[plan.index], line)
        if preview.already_applied:
            self.result.warnings.append(_("This act has already been applied: nothing was changed."))
