from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from ptdv.membership import counts
from ptdv.reports.services import describe_rebuild, rollups_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the admission records and the monthly rollups the reports read, and the roll's counts at the end "
        "of each year (the roll on a date, Biểu 1), from the roll."
    )

    def handle(self, *args, **options):
        records, rows = rollups_rebuild()
        self.stdout.write(describe_rebuild(records, rows))
        with transaction.atomic():
            roll_rows = counts.rebuild()
        self.stdout.write(_("Recounted the roll at the end of each year: %(rows)s rows.") % {"rows": roll_rows})
