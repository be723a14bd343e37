from django.core.management.base import BaseCommand

from ptdv.reports.services import describe_rebuild, rollups_rebuild


class Command(BaseCommand):
    help = "Rebuild the admission records and the monthly rollups the reports read, from the roll."

    def handle(self, *args, **options):
        records, rows = rollups_rebuild()
        self.stdout.write(describe_rebuild(records, rows))
