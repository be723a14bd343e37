"""ptdv import units|people|members|movements|restructure|quotas FILE.xlsx [--dry-run] (exchange.md, "Command line").

Exits 0 and prints what was created, updated and left unchanged; on any invalid input exits 1, prints every
problem (one line each: dòng R, cột "C": …) and writes nothing."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ptdv.exchange.formats import FORMATS
from ptdv.exchange.services import import_file


class Command(BaseCommand):
    help = (
        "Import a spreadsheet (.xlsx) of units, people, members, movements, a restructuring act or quotas; all or "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(FORMATS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check the file and write nothing")

    def handle(self, *args, kind, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            self.stderr.write(_("The file %(name)s does not exist.") % {"name": file})
            sys.exit(1)
        with path.open("rb") as stream:
            result = import_file(actor=None, kind=kind, file=stream, dry_run=dry_run, file_name=path.name)
        for warning in result.warnings:
            self.stderr.write(_("Warning: %(message)s") % {"message": warning})
        if not result.ok:
            for line in result.error_lines():
                self.stderr.write(line)
            self.stderr.write(
                _("Nothing was written: %(count)s problem(s) to fix.") % {"count": len(result.error_lines())}
            )
            sys.exit(1)
        if kind == "restructure":  # what goes where, one line per row
            for action in ("updated", "unchanged"):
                for line in result.samples[action]:
                    self.stdout.write(line)
        if dry_run:
            summary = _("Dry run, nothing written: would create %(created)s, update %(updated)s, leave %(unchanged)s "
                        "unchanged.")  # fmt: skip
        else:
            summary = _("Created %(created)s, updated %(updated)s, unchanged %(unchanged)s.")
        self.stdout.write(
            summary % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )
