from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ptdv.core import search
from ptdv.core.forms import add_check_errors, add_service_errors
from ptdv.core.registry import exporter
from ptdv.units.access import access_unit, units_visible_to

from . import selectors, services
from .access import access_candidate, access_person, can_edit_in_unit, candidates_visible_to
from .choices import Occupation
from .forms import (
    ExceptionForm,
    HelperEndForm,
    HelperForm,
    LeaveForm,
    NoteForm,
    PersonForm,
    PoolEnterForm,
    PoolFilterForm,
)
from .models import HelperAssignment, Person
from .rules import obstacle_message
from .services import PERSON_FIELDS


def _status(form) -> int:
    return 422 if form.is_bound and form.errors else 200


@require_http_methods(["GET", "POST"])
def person_list(request):
    """Find a person by name, citizen ID or phone. The search box is POSTed and kept under a key (core/search.py):
    no identifier ever goes into a URL."""
    if request.method == "POST":
        query = search.clean_query(request.POST.get("q", ""))
        if not query:
            return redirect("people:list")
        return redirect(f"{reverse('people:list')}?s={search.search_stash(request, query)}")
    query = _url_query(request)
    results = selectors.person_search(user=request.user, query=query) if query else []
    return render(
        request,
        "people/person_list.html",
        {"query": query, "results": results, "can_add": can_edit_in_unit(request.user, request.user.unit)},
    )


def _url_query(request) -> str:
    """The search of a GET: the words kept under `?s=`, or a name typed as `?q=` (never a number)."""
    if request.GET.get("s"):
        query = search.search_lookup(request, request.GET["s"])
        if query is None:
            messages.info(request, _("That search has expired: search again."))
        return query or ""
    query = search.clean_query(request.GET.get("q", ""))
    if search.has_identifier(query):
        messages.warning(
            request,
            _("Numbers are not searched from the address bar, so they stay out of logs: type them in the search box."),
        )
        return ""
    return query


@require_http_methods(["GET", "POST"])
def person_create(request):
    if request.user.unit is None or not can_edit_in_unit(request.user, request.user.unit):
        raise PermissionDenied
    form = PersonForm(
        request.POST or None,
        with_unit=True,
        units=units_visible_to(request.user),
        initial={"unit_code": request.user.unit.code},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_create(
                actor=request.user, unit=data["unit_code"], **{k: data[k] for k in PERSON_FIELDS}
            )
        except ValidationError as error:
            add_service_errors(form, error, {"unit": "unit_code"})
        else:
            messages.success(request, _("%(name)s was recorded.") % {"name": person.full_name})
            return redirect("people:detail", pk=person.pk)
    elif request.method == "POST":
        add_check_errors(form, lambda data: services.person_check(actor=request.user, data=data))
    return render(request, "people/person_form.html", {"form": form, "person": None}, status=_status(form))


@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = access_person(request.user, pk, for_edit=True)
    initial = {name: getattr(person, name) for name in PERSON_FIELDS}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("people:detail", pk=person.pk)
    elif request.method == "POST":
        add_check_errors(form, lambda data: services.person_check(actor=request.user, data=data, exclude_pk=person.pk))
    return render(request, "people/person_form.html", {"form": form, "person": person}, status=_status(form))


@require_GET
def person_detail(request, pk):
    person = access_person(request.user, pk)
    entries = selectors.person_pool_entries(person=person)
    today = timezone.localdate()
    for entry in entries:
        entry.obstacles = (
            [(o.severity, obstacle_message(o)) for o in selectors.candidate_obstacles(entry, today)]
            if entry.is_active
            else []
        )
    enrolments = person.enrolments.select_related("course", "course__organiser").order_by("-course__starts_on")
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "entries": entries,
            "active_entry": next((e for e in entries if e.is_active), None),
            "enrolments": enrolments,
            "membership": getattr(person, "membership", None),
            "dossiers": person.dossiers.order_by("-opened_on"),
            "can_edit": can_edit_in_unit(request.user, person.unit),
            "age_years": (today.year - person.birth_date.year)
            - ((today.month, today.day) < (person.birth_date.month, person.birth_date.day)),
        },
    )


@require_http_methods(["GET", "POST"])
def pool_enter(request, pk):
    person = access_person(request.user, pk, for_edit=True)
    form = PoolEnterForm(
        request.POST or None,
        units=units_visible_to(request.user),
        initial={"unit_code": person.unit.code, "entered_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.candidate_enter(
                actor=request.user,
                person=person,
                unit=data["unit_code"],
                entered_on=data["entered_on"],
                source=data["source"],
                education_exception=data["education_exception"],
            )
        except ValidationError as error:
            add_service_errors(form, error, {"unit": "unit_code"})
        else:
            messages.success(request, _("%(name)s is now in the candidate pool.") % {"name": person.full_name})
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/pool_enter.html", {"form": form, "person": person}, status=_status(form))


def _candidate_step(request, candidate, form_class, action, *, form_kwargs=None, initial=None):
    """A small form about one candidate: show it, run the service, go back to the person's page."""
    form = form_class(request.POST or None, initial=initial or {}, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("people:detail", pk=candidate.person_id)
    context = {"form": form, "candidate": candidate, "person": candidate.person, "title": form_class.title}
    return render(request, "people/candidate_step.html", context, status=_status(form))


@require_http_methods(["GET", "POST"])
def candidate_helper_add(request, pk):
    candidate = access_candidate(request.user, pk, for_edit=True)
    return _candidate_step(
        request,
        candidate,
        HelperForm,
        lambda d: services.helper_assign(
            actor=request.user, candidate=candidate, helper=d["helper"], assigned_on=d["assigned_on"]
        ),
        form_kwargs={"helpers": selectors.helper_choices(candidate=candidate)},
        initial={"assigned_on": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
def candidate_note_add(request, pk):
    candidate = access_candidate(request.user, pk, for_edit=True)
    return _candidate_step(
        request,
        candidate,
        NoteForm,
        lambda d: services.candidate_note_add(
            actor=request.user, candidate=candidate, written_on=d["written_on"], text=d["text"]
        ),
        initial={"written_on": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
def candidate_leave(request, pk):
    candidate = access_candidate(request.user, pk, for_edit=True)
    return _candidate_step(
        request,
        candidate,
        LeaveForm,
        lambda d: services.candidate_leave(
            actor=request.user,
            candidate=candidate,
            left_on=d["left_on"],
            reason=d["leave_reason"],
            note=d["leave_note"],
        ),
        initial={"left_on": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
def candidate_exception(request, pk):
    candidate = access_candidate(request.user, pk, for_edit=True)
    return _candidate_step(
        request,
        candidate,
        ExceptionForm,
        lambda d: services.candidate_set_education_exception(
            actor=request.user, candidate=candidate, reason=d["education_exception"]
        ),
        initial={"education_exception": candidate.education_exception},
    )


@require_POST
def helper_end(request, pk):
    """End a helper's assignment (to change helpers); the history keeps it."""
    try:
        assignment = HelperAssignment.objects.get(pk=int(pk))
    except (HelperAssignment.DoesNotExist, ValueError):
        raise Http404 from None
    candidate = access_candidate(request.user, assignment.candidate_id, for_edit=True)
    form = HelperEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the end date as dd/mm/yyyy."))
    else:
        try:
            services.helper_end(actor=request.user, assignment=assignment, ended_on=form.cleaned_data["ended_on"])
        except ValidationError as error:
            for problem in error.messages:
                messages.error(request, problem)
        else:
            messages.success(request, _("The helper's assignment has ended."))
    return redirect("people:detail", pk=candidate.person_id)


@require_GET
def pool_list(request):
    today = timezone.localdate()
    helpers = Person.objects.filter(
        pk__in=HelperAssignment.objects.filter(
            ended_on__isnull=True, candidate__in=candidates_visible_to(request.user).values("pk")
        ).values("helper_id")
    ).order_by("sort_name", "pk")
    form = PoolFilterForm(request.GET or None, helpers=helpers, units=units_visible_to(request.user))
    filters = selectors.PoolFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        unit = data["unit_code"]
        if unit is not None:
            unit = access_unit(request.user, unit.pk)  # 404 for a unit outside the user's scope
        filters = selectors.PoolFilters(
            unit=unit,
            occupation=data["occupation"],
            youth_union={"yes": True, "no": False}.get(data["youth_union"]),
            min_age=data["min_age"],
            max_age=data["max_age"],
            course=data["course"],
            helper=data["helper"],
            min_months_in_pool=data["min_months"],
        )
    candidates = selectors.pool_candidates(user=request.user, filters=filters, on=today)
    if request.GET.get("format") == "xlsx":
        return exporter("pool")(candidates)  # the `people` format, written by exchange (ptdv.core.registry)
    counts = selectors.pool_counts(candidates)
    page = Paginator(candidates, 50).get_page(request.GET.get("page"))
    for candidate in page.object_list:
        candidate.obstacles = [
            (o.severity, obstacle_message(o)) for o in selectors.candidate_obstacles(candidate, today)
        ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/pool_list.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            "occupation_labels": dict(Occupation.choices),
            "query": query.urlencode(),
        },
    )
