from django.core.management.base import BaseCommand

from ptdv.reminders.tasks import next_run_at, schedule_next


class Command(BaseCommand):
    help = "Schedule the daily reminder digest (run by `ptdv db_worker`), unless a run is already waiting."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Send today's digests now instead.")

    def handle(self, *args, now=False, **options):
        from django.utils import timezone

        if now:
            from ptdv.reminders.services import digests_send

            result = digests_send()
            self.stdout.write(f"digests: {result.users} users, {result.items} reminders")
            return
        if schedule_next():
            self.stdout.write(f"next digest at {next_run_at(timezone.now()):%Y-%m-%d %H:%M}")
        else:
            self.stdout.write("the task backend cannot defer tasks: run `ptdv reminders_schedule --now` daily")
