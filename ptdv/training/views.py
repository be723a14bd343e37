from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ptdv.core.forms import add_service_errors
from ptdv.people.access import can_edit_in_unit, persons_visible_to
from ptdv.units.access import can_edit_unit

from . import selectors, services
from .access import access_course, can_issue_certificates, can_manage_course
from .forms import ClassResultFormSet, CourseForm, EnrolForm, EnrolInCourseForm, PeriodForm, ResultForm
from .models import CourseKind, Enrolment


def _status(form) -> int:
    return 422 if form.is_bound and form.errors else 200


@require_GET
def course_list(request):
    if request.user.unit is None:
        raise PermissionDenied
    kind = request.GET.get("kind", "")
    if kind not in CourseKind.values:
        kind = ""
    period_form = PeriodForm(request.GET or None)
    date_from, date_to = period_form.period()
    return render(
        request,
        "training/course_list.html",
        {
            "courses": selectors.course_list(user=request.user, kind=kind)[:200],
            "kind": kind,
            "kinds": CourseKind.choices,
            "period_form": period_form,
            "date_from": date_from,
            "date_to": date_to,
            "statistics": selectors.course_statistics(unit=request.user.unit, date_from=date_from, date_to=date_to),
            "can_create": can_edit_unit(request.user, request.user.unit),
        },
    )


@require_http_methods(["GET", "POST"])
def course_create(request):
    if not can_edit_unit(request.user, request.user.unit):
        raise PermissionDenied
    form = CourseForm(request.POST or None, user=request.user, initial={"organiser_code": request.user.unit.code})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            course = services.course_create(
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                organiser=data["organiser_code"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                place=data["place"],
            )
        except ValidationError as error:
            add_service_errors(form, error, {"organiser": "organiser_code"})
        else:
            messages.success(request, _("The course was recorded."))
            return redirect("training:detail", pk=course.pk)
    return render(request, "training/course_form.html", {"form": form}, status=_status(form))


@require_http_methods(["GET", "POST"])
def course_detail(request, pk):
    """The course, its participants the user may see, and enrolment from the pool."""
    course = access_course(request.user, pk)
    candidates = selectors.enrolment_candidates(user=request.user, course=course)
    may_enrol = can_edit_in_unit(request.user, request.user.unit)
    form = EnrolForm(request.POST or None, candidates=candidates)
    if request.method == "POST":
        if not may_enrol:
            raise PermissionDenied
        if form.is_valid():
            persons = [c.person for c in form.cleaned_data["candidates"]]
            try:
                services.course_enrol(actor=request.user, course=course, persons=persons)
            except ValidationError as error:
                add_service_errors(form, error, {"persons": "candidates"})
            else:
                messages.success(request, _("%(count)s participant(s) enrolled.") % {"count": len(persons)})
                return redirect("training:detail", pk=course.pk)
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "participants": selectors.course_participants(user=request.user, course=course),
            "form": form if may_enrol else None,
            "has_candidates": candidates.exists(),
            "can_manage": can_manage_course(request.user, course),
            "can_issue": can_issue_certificates(request.user, course),
        },
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
def enrolment_result(request, pk):
    try:
        enrolment = Enrolment.objects.select_related("course__organiser", "person").get(
            pk=int(pk), person__in=persons_visible_to(request.user).values("pk")
        )
    except (Enrolment.DoesNotExist, ValueError):
        raise Http404 from None
    if not can_manage_course(request.user, enrolment.course):
        raise PermissionDenied
    initial = {
        "result": enrolment.result,
        "certificate_number": enrolment.certificate_number,
        "certificate_date": enrolment.certificate_date or enrolment.course.ends_on,
    }
    form = ResultForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enrolment_record_result(
                actor=request.user,
                enrolment=enrolment,
                result=data["result"],
                certificate_number=data["certificate_number"],
                certificate_date=data["certificate_date"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The result was recorded."))
            return redirect("training:detail", pk=enrolment.course_id)
    return render(
        request, "training/enrolment_result.html", {"form": form, "enrolment": enrolment}, status=_status(form)
    )


@require_http_methods(["GET", "POST"])
def course_results(request, pk):
    """The results and certificate numbers of a whole class on one page, all or nothing, errors by row."""
    course = access_course(request.user, pk)
    if not can_manage_course(request.user, course):
        raise PermissionDenied
    participants = list(selectors.course_participants(user=request.user, course=course))
    by_id = {e.pk: e for e in participants}
    initial = [
        {
            "enrolment": e.pk,
            "result": e.result,
            "certificate_number": e.certificate_number,
            "certificate_date": e.certificate_date or (course.ends_on if e.result != "failed" else None),
        }
        for e in participants
    ]
    formset = ClassResultFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        rows, unknown = [], False
        for form in formset:
            enrolment = by_id.get(form.cleaned_data.get("enrolment"))
            if enrolment is None:
                unknown = True
                break
            data = form.cleaned_data
            rows.append(
                services.ResultRow(
                    enrolment=enrolment,
                    result=data["result"],
                    certificate_number=data["certificate_number"],
                    certificate_date=data["certificate_date"],
                )
            )
        if unknown:
            raise Http404
        try:
            count = services.enrolment_record_results(actor=request.user, course=course, rows=rows)
        except services.RowErrors as error:
            for index, row_error in error.rows.items():
                add_service_errors(formset.forms[index], row_error)
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("%(count)s result(s) recorded.") % {"count": count})
            return redirect("training:detail", pk=course.pk)
    rows = [(form, by_id.get(form.initial.get("enrolment"))) for form in formset]
    invalid = (formset.is_bound and not formset.is_valid()) or any(form.errors for form in formset)
    return render(
        request,
        "training/course_results.html",
        {"course": course, "formset": formset, "rows": rows},
        status=422 if invalid else 200,
    )


@require_http_methods(["GET", "POST"])
def enrol_person(request, pk):
    """Enrol one person (from their page) in a course of their unit or a unit above it."""
    from ptdv.people.access import access_person

    person = access_person(request.user, pk, for_edit=True)
    form = EnrolInCourseForm(
        request.POST or None, courses=selectors.courses_for_person(user=request.user, person=person)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.course_enrol(actor=request.user, course=form.cleaned_data["course"], persons=[person])
        except ValidationError as error:
            add_service_errors(form, error, {"persons": "course"})
        else:
            messages.success(request, _("%(name)s was enrolled.") % {"name": person.full_name})
            return redirect("people:detail", pk=person.pk)
    return render(request, "training/enrol_person.html", {"form": form, "person": person}, status=_status(form))
