"""The `quotas` format (exchange.md): a unit's admission quota for a year."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ptdv.quotas.models import Quota
from ptdv.quotas.services import quota_set
from ptdv.units.models import Unit

from ..scope import (
    unit_not_yours,
)
from .base import Importer

# ---------------------------------------------------------------- quotas


class QuotaImporter(Importer):
    kind = "quotas"
    needs_transaction_for_dry_run = True

    def run(self, rows, *, write: bool) -> None:
        records = []
        seen: dict[tuple, int] = {}
        self.prepare()
        for number, values in rows:
            record = self.parse(number, values)
            if record is None:
                continue
            record["unit_code"] = record["unit_code"].upper()
            key = (record["unit_code"], record["year"])
            if key in seen:
                self.problem(number, "year", _("The quota of %(code)s for %(year)s is already on row %(other)s.")
                             % {"code": key[0], "year": key[1], "other": seen[key]})  # fmt: skip
                continue
            seen[key] = number
            records.append(record)
        self.load_units(r["unit_code"] for r in records)
        # A quota is set by the unit above (quotas.services): the actor sees and may set the quotas of the units
        # of their subtree only. Any other unit's code, like an unknown one, is refused before its quota is read,
        # so that neither the preview's counts nor its messages tell another unit's quota or name.
        ours = {code: unit for code, unit in self.units.items() if unit is not None and self.scope.holds_unit(unit)}
        # Read again and locked just before the quotas are written: a unit moved meanwhile is refused.
        locked = {u.pk: u for u in Unit.objects.select_for_update(of=("self",)).select_related("parent").filter(
            pk__in=[u.pk for u in ours.values()]).order_by("pk")}  # fmt: skip
        existing = {(q.unit_id, q.year): q.quota for q in Quota.objects.filter(unit__in=list(locked))}
        for record in records:
            row = record["_row"]
            if not 2000 <= record["year"] <= 2100:
                self.problem(row, "year", _("Check the year %(year)s.") % {"year": record["year"]})
                continue
            if record["quota"] < 0:
                self.problem(row, "quota", _("The quota is a whole number, 0 or more."))
                continue
            unit = ours.get(record["unit_code"])
            unit = locked.get(unit.pk) if unit is not None else None
            if unit is None or not self.scope.holds_unit(unit):
                if self.actor is None:
                    self.problem(row, "unit_code", _("There is no unit with the code %(code)s.")
                                 % {"code": record["unit_code"]})  # fmt: skip
                else:
                    self.problem(row, "unit_code", unit_not_yours(record["unit_code"]))
                continue
            label = f"{unit.code} {record['year']}: {record['quota']}"
            before = existing.get((unit.pk, record["year"]))
            if before == record["quota"]:
                self.result.count("unchanged", row, label)
                continue
            try:
                quota_set(
                    actor=self.actor,
                    unit=unit,
                    year=record["year"],
                    quota=record["quota"],
                    reason=_("Imported from a spreadsheet."),
                )
            except ValidationError as error:
                self.service_problems(row, error, {"__all__": "unit_code"})
                continue
            self.result.count("created" if before is None else "updated", row, label)
