import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ptdv.core.files import attachment
from ptdv.core.formatting import format_number
from ptdv.people.choices import OCCUPATION_LABELS
from ptdv.units.access import access_unit, can_edit_unit
from ptdv.units.models import Unit

from . import exports, rules, selectors
from .forms import PeriodForm

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _unit(request, code: str | None) -> Unit:
    """The unit asked for (by code), or the user's own; 404 outside the user's subtree."""
    if code:
        found = Unit.objects.filter(code__iexact=code.strip()).values_list("pk", flat=True).first()
        return access_unit(request.user, found or 0)
    return access_unit(request.user, request.user.unit_id or 0)


def _occupation_chart(report: dict) -> dict:
    rows = [(code, row["count"]) for code, row in report["by_occupation"].items() if row["count"]]
    return {"labels": [str(OCCUPATION_LABELS[code]) for code, _count in rows], "values": [c for _code, c in rows]}


@require_GET
def dashboard(request):
    """The user's unit this year: quota progress, admissions by month against last year, occupations, lagging."""
    unit = _unit(request, request.GET.get("unit"))
    today = timezone.localdate()
    try:
        report = selectors.admissions_report(unit=unit, date_from=datetime.date(today.year, 1, 1), date_to=today)
    except selectors.UnitNotInTree:
        raise Http404 from None
    chart = {
        "months": [f"{month:02d}" for month in range(1, 13)],
        "this_year": selectors.monthly_admissions(unit=unit, year=today.year, today=today),
        "last_year": selectors.monthly_admissions(unit=unit, year=today.year - 1, today=today),
        "year": today.year,
        "occupations": _occupation_chart(report),
    }
    return render(
        request,
        "reports/dashboard.html",
        {
            "unit": unit,
            "today": today,
            "report": report,
            "chart": chart,
            "composition": selectors.roll_composition(unit=unit, today=today),
            "sentences": exports.summary_sentences(report),
            "pipeline_sentence": exports.pipeline_sentence(report),
        },
    )


def _read(request):
    """(form, unit, report) from the query string; report None when the form has errors or the unit did not stand
    in the tree at the end of the period."""
    form = PeriodForm(request.GET or None)
    unit = _unit(request, request.GET.get("unit"))
    if not form.is_bound:
        form = PeriodForm({"unit": unit.code, "period": "year", "year": timezone.localdate().year})
    if not form.is_valid():
        return form, unit, None, None
    date_from, date_to = form.cleaned_data["bounds"]
    try:
        report = selectors.admissions_report(unit=unit, date_from=date_from, date_to=date_to)
    except selectors.UnitNotInTree:
        form.add_error(None, _not_in_tree_message(unit, date_to))
        return form, unit, None, None
    long_period = form.cleaned_data["period"] == "term" or (date_to - date_from).days > 366
    summary = selectors.term_summary(unit=unit, date_from=date_from, date_to=date_to) if long_period else None
    return form, unit, report, summary


def _not_in_tree_message(unit, day):
    return _("%(unit)s did not exist in the organisation tree on %(date)s: choose another period.") % {
        "unit": unit.name,
        "date": day.strftime("%d/%m/%Y"),
    }


def _dates(*values: str) -> list[datetime.date]:
    return [datetime.date.fromisoformat(value) for value in values]


def _shown_rows(report: dict) -> list[tuple]:
    """The figures with counts as the page writes them (an average age with one decimal)."""
    shown = []
    for section, label, count, share in exports.report_rows(report):
        places = None if count is None or isinstance(count, int) else 1
        text = "—" if count is None else format_number(count, places)
        shown.append((section, label, text, share))
    return shown


@require_GET
def report_page(request):
    """The full admissions report of statistics.md for a unit and period, with its downloads."""
    form, unit, report, summary = _read(request)
    query = request.GET.urlencode() or f"unit={unit.code}&period=year&year={timezone.localdate().year}"
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "unit": unit,
            "report": report,
            "summary": summary,
            "composition": selectors.roll_composition(unit=unit) if report else None,
            "period": _dates(report["from"], report["to"]) if report else None,
            "previous": _dates(report["previous"]["from"], report["previous"]["to"])
            if report and report["previous"]
            else None,
            "rows": _shown_rows(report) if report else [],
            "sentences": exports.summary_sentences(report) if report else [],
            "pipeline_sentence": exports.pipeline_sentence(report) if report else "",
            "query": query,
            "stage_labels": exports.STAGE_LABELS,
            "default_rate": rules.percent(1, 1),
            "can_issue": report is not None and can_edit_unit(request.user, unit),
        },
        status=200 if report is not None else 422 if form.is_bound and form.errors else 200,
    )


@require_GET
def report_export(request, fmt: str):
    form, unit, report, _summary = _read(request)
    if report is None:
        return report_page(request)
    if fmt == "json":
        return JsonResponse(report, json_dumps_params={"ensure_ascii": False})
    builders = {"xlsx": exports.report_xlsx, "docx": exports.report_docx, "pdf": exports.report_pdf}
    if fmt not in builders:
        raise Http404
    try:
        if fmt == "docx":
            content = exports.report_docx(report, heading=exports.report_heading(unit))
        else:
            content = builders[fmt](report)
    except OSError:  # WeasyPrint without the system's Pango library
        return render(
            request,
            "core/message.html",
            {
                "title": _("PDF is not available"),
                "message": _(
                    "This server cannot draw PDF files: the Pango library is missing (apt-get install "
                    "libpango-1.0-0 libpangoft2-1.0-0). Download the Word report instead."
                ),
            },
            status=503,
        )
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = f"bao-cao-ket-nap-{unit.code}-{report['from']}-{report['to']}.{fmt}"
    response["Content-Disposition"] = attachment(name)
    return response


def _read_movements(request):
    from .movements import movements_report

    form = PeriodForm(request.GET or None)
    unit = _unit(request, request.GET.get("unit"))
    if not form.is_bound:
        form = PeriodForm({"unit": unit.code, "period": "year", "year": timezone.localdate().year})
    if not form.is_valid():
        return form, unit, None
    date_from, date_to = form.cleaned_data["bounds"]
    try:
        report = movements_report(unit=unit, date_from=date_from, date_to=date_to)
    except selectors.UnitNotInTree:
        form.add_error(None, _not_in_tree_message(unit, date_to))
        return form, unit, None
    return form, unit, report


@require_GET
def movements_page(request):
    """Biểu 1: gains and losses of members of a unit's subtree in a period (roll.md), with its downloads."""
    from . import movement_exports

    form, unit, report = _read_movements(request)
    query = request.GET.urlencode() or f"unit={unit.code}&period=year&year={timezone.localdate().year}"
    rows = []
    if report:
        for section, label, now, before, share in movement_exports.movement_rows(report):
            rows.append((section, label, format_number(now), "—" if before is None else format_number(before), share))
    return render(
        request,
        "reports/movements.html",
        {
            "form": form,
            "unit": unit,
            "report": report,
            "rows": rows,
            "sentences": movement_exports.movement_sentences(report) if report else [],
            "query": query,
        },
        status=200 if report is not None else 422 if form.is_bound and form.errors else 200,
    )


@require_GET
def movements_export(request, fmt: str):
    from . import movement_exports

    form, unit, report = _read_movements(request)
    if report is None:
        return movements_page(request)
    if fmt == "json":
        return JsonResponse(report, json_dumps_params={"ensure_ascii": False})
    builders = {
        "xlsx": movement_exports.movements_xlsx,
        "docx": movement_exports.movements_docx,
        "pdf": movement_exports.movements_pdf,
    }
    if fmt not in builders:
        raise Http404
    try:
        content = builders[fmt](report)
    except OSError:
        return render(
            request,
            "core/message.html",
            {"title": _("PDF is not available"), "message": _("Download the Word report instead.")},
            status=503,
        )
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = f"bieu-1-{unit.code}-{report['from']}-{report['to']}.{fmt}"
    response["Content-Disposition"] = attachment(name)
    return response


@require_POST
def report_issue(request):
    """Issue the Word report: take its number in the unit's register of documents ("12-BC/ĐUK"), like the other
    documents, and download it numbered. By those who may change the unit (its staff, committee, administrators)."""
    from ptdv.documents.models import DocumentKind
    from ptdv.documents.services import register_issue

    _form, unit, report, _summary = _read(request)
    if report is None:
        return report_page(request)
    if not can_edit_unit(request.user, unit):
        raise PermissionDenied
    issued_on = exports.report_date()
    document = register_issue(
        actor=request.user, unit=unit, kind=DocumentKind.REPORT, issued_on=issued_on, form="report"
    )
    content = exports.report_docx(
        report, issued_on=issued_on, heading=exports.report_heading(unit, number=document.code)
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES["docx"])
    number = document.code.replace("/", "-")
    response["Content-Disposition"] = attachment(f"bao-cao-{number}-{report['from']}-{report['to']}.docx")
    return response
