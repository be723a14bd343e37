"""The `ratings` import (exchange.md): one member's rating for a year or a quarter per row — citizen ID, year,
period, band, note. Written through the follow-up's service checks (the 6-month rule, the period) with one audit
event per rating changed; the 20% cap is a warning of the import, as on the cell's page."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ptdv.followup import services as followup
from ptdv.membership.models import Membership

from ..scope import person_unusable
from .base import Importer


class RatingImporter(Importer):
    kind = "ratings"
    needs_transaction_for_dry_run = True

    def run(self, rows, *, write: bool) -> None:
        records, seen = [], {}
        self.prepare()
        for number, values in rows:
            record = self.parse(number, values)
            if record is None:
                continue
            record["period"] = record["period"] or "year"
            key = (record["citizen_id"], record["year"], record["period"])
            if key in seen:
                self.problem(number, "year", _("This member's rating for this period is already on row %(other)s.")
                             % {"other": seen[key]})  # fmt: skip
                continue
            seen[key] = number
            records.append(record)
        members = {}
        ids = sorted({r["citizen_id"] for r in records})
        for start in range(0, len(ids), 2000):
            for membership in Membership.objects.filter(
                person__citizen_id__in=ids[start : start + 2000]
            ).select_related("unit", "person"):
                members[membership.person.citizen_id] = membership
        config = followup.followup_settings()
        touched = {}
        for record in records:
            row = record["_row"]
            membership = members.get(record["citizen_id"])
            # Another organisation's member and an unknown ID get the same neutral words (scope.py).
            if membership is None or not self.scope.holds_unit(membership.unit):
                self.problem(row, "citizen_id", person_unusable())
                continue
            if membership.status not in followup.ON_ROLL:
                self.problem(row, "citizen_id", _("This member is no longer on the roll."))
                continue
            try:
                followup._check_rating(membership, record["year"], record["period"], record["band"], config)
            except ValidationError as error:
                column = {"too_new": "year", "year": "year", "period": "period"}.get(error.code, "band")
                self.problem(row, column, " ".join(error.messages))
                continue
            label = f"{membership.person.full_name} {record['year']} {record['period']}: {record['band']}"
            if self.result.problems:  # nothing is written once a problem is found; the rest is only checked
                continue
            outcome = followup._write_rating(
                self.actor, membership, membership.unit, record["year"], record["period"], record["band"],
                record["note"] or "",
            )  # fmt: skip
            self.result.count(outcome, row, label)
            touched[(membership.unit_id, record["year"], record["period"])] = membership.unit
        warnings = set()
        for (_unit_id, year, period), unit in touched.items():
            warning = followup.cap_warning(unit=unit, year=year, period=period)
            if warning:
                warnings.add(warning)
        self.result.warnings.extend(sorted(warnings))
