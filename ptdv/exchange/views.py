from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ptdv.admission.access import dossiers_visible_to
from ptdv.core.db import short_busy_wait
from ptdv.membership.models import Membership
from ptdv.people.access import candidates_visible_to
from ptdv.quotas.models import Quota
from ptdv.units.access import units_visible_to
from ptdv.units.models import subtree_q

from . import export
from .access import access_job, require_import
from .formats import FORMATS
from .forms import UploadForm
from .jobs import job_commit, job_progress, job_reap, job_start, job_waiting
from .models import ImportJob, ImportKind, ImportStatus


def _kind(kind: str) -> str:
    if kind not in FORMATS:
        raise Http404
    return kind


@require_GET
def index(request):
    require_import(request.user)
    jobs = list(ImportJob.objects.filter(created_by=request.user)[:20])
    for job in jobs:
        with short_busy_wait():  # ending a job is worth a try, not a long wait (SQLite, during an import)
            if (job.running or job.status == ImportStatus.CHECKED) and job_reap(job):
                job.refresh_from_db()
    return render(request, "exchange/index.html", {"kinds": ImportKind.choices, "jobs": jobs})


def upload(request, kind):
    require_import(request.user)
    kind = _kind(kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_start(actor=request.user, kind=kind, upload=form.cleaned_data["file"])
        return redirect("exchange:job", job.pk)
    return render(request, "exchange/upload.html", {"kind": kind, "kind_label": ImportKind(kind).label, "form": form})


@require_GET
def job_detail(request, pk):
    job = access_job(request.user, pk)
    with short_busy_wait():
        if job_reap(job):  # it had stopped moving (or waited too long): the page says what happened
            job.refresh_from_db()
    job.rows_done, job.rows_total = job_progress(job)
    context = {
        "job": job,
        "kind_label": ImportKind(job.kind).label,
        "result": job.result or {},
        "unit": getattr(request.user.unit, "name", ""),
        "waiting": job.running and job_waiting(job),
        "keep_hours": settings.PTDV_IMPORT_KEEP_HOURS,
    }
    if request.htmx and request.GET.get("partial"):
        if job.running:
            return render(request, "exchange/job.html#progress", context)
        response = render(request, "exchange/job.html#progress", context)
        response["HX-Refresh"] = "true"  # the job ended: show its result
        return response
    return render(request, "exchange/job.html", context)


@require_POST
def job_commit_view(request, pk):
    job = access_job(request.user, pk)
    job_commit(job=job)
    return redirect("exchange:job", job.pk)


@require_GET
def template(request, kind):
    require_import(request.user)
    return export.template_response(_kind(kind))


@require_GET
def export_list(request, kind):
    """Every list in its exchange.md format, scoped to what the user may see."""
    user = request.user
    if kind == "units":
        return export.export_units(units_visible_to(user))
    if kind == "people":
        return export.export_pool(
            candidates_visible_to(user).filter(left_on__isnull=True).select_related("person", "unit")
        )
    if kind == "members":
        if user.unit_id is None:
            return export.export_members(Membership.objects.none())
        return export.export_members(Membership.objects.filter(subtree_q(user.unit.path, "unit__path")))
    if kind == "movements":
        from ptdv.membership.models import RollEvent

        if user.unit_id is None:
            return export.export_movements(RollEvent.objects.none())
        return export.export_movements(RollEvent.objects.filter(subtree_q(user.unit.path, "membership__unit__path")))
    if kind == "quotas":
        return export.export_quotas(Quota.objects.filter(unit__in=units_visible_to(user)))
    if kind == "dossiers":
        return export.export_dossiers(dossiers_visible_to(user))
    raise Http404
