"""Background tasks (django.tasks; the django-tasks-db backend with `ptdv db_worker`, see README)."""

from django.tasks import task

from .jobs import job_run


@task()
def check_import(job_id: int) -> None:
    job_run(job_id, dry_run=True, background=True)


@task()
def commit_import(job_id: int) -> None:
    job_run(job_id, dry_run=False, background=True)
