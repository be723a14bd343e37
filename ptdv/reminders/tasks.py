"""The daily digest as a background task (django.tasks; the django-tasks-db backend runs it in `ptdv db_worker`).

`send_digests` sends the day's digests, then schedules its own next run at PTDV_REMINDER_HOUR the next day (when
the backend can defer tasks), unless a run is already waiting. `ptdv reminders_schedule` starts the chain (make run
does); sending is idempotent per user, item and day, so an extra run sends nothing twice."""

import datetime

from django.conf import settings
from django.tasks import task
from django.utils import timezone


def next_run_at(now: datetime.datetime) -> datetime.datetime:
    """The next PTDV_REMINDER_HOUR o'clock (local time) strictly after `now`."""
    local = timezone.localtime(now)
    run = local.replace(hour=settings.PTDV_REMINDER_HOUR, minute=0, second=0, microsecond=0)
    if run <= local:
        run += datetime.timedelta(days=1)
    return run


def schedule_next(now: datetime.datetime | None = None) -> bool:
    """Enqueue the next run unless one is already waiting; False when the backend cannot defer (immediate)."""
    if not send_digests.get_backend().supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=send_digests.module_path, status="READY").exists():
        return True
    send_digests.using(run_after=next_run_at(now or timezone.now())).enqueue()
    return True


@task()
def send_digests(day: str | None = None) -> dict:
    from .services import digests_send

    result = digests_send(day=datetime.date.fromisoformat(day) if day else None)
    schedule_next()
    return {"users": result.users, "items": result.items}
