"""`ptdv db_worker`: django-tasks-db's worker (same options), which also ends import jobs that stopped moving and
deletes abandoned uploads (`ptdv.exchange.jobs.jobs_reap`) when it starts and every minute after, in a thread of
its own. It replaces django-tasks-db's command because ptdv.exchange comes first in INSTALLED_APPS."""

import logging
import os
import threading

from django.db import connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from ptdv.exchange.jobs import jobs_reap

logger = logging.getLogger(__name__)

REAP_EVERY_SECONDS = 60


def reap() -> None:
    try:
        jobs_reap()
    except Exception as error:  # never stop the worker; tried again at the next round
        logger.error("Reaping import jobs failed: %s", type(error).__name__)
    finally:
        connection.close()  # the reaper thread's own connection


def _reap_now_and_every_minute() -> None:
    reap()
    while not threading.Event().wait(REAP_EVERY_SECONDS):
        reap()


class Command(DatabaseWorkerCommand):
    help = DatabaseWorkerCommand.help + "; also ends stalled imports and deletes abandoned uploads"

    def handle(self, *args, **options):
        reloading = options.get("reload") and not options.get("batch")
        if not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":  # the process that runs the tasks
            if options.get("batch"):  # once, before the queue is worked through (its own connection, like below)
                once = threading.Thread(target=reap, name="import-reaper")
                once.start()
                once.join()
            else:
                threading.Thread(target=_reap_now_and_every_minute, daemon=True, name="import-reaper").start()
        return super().handle(*args, **options)
