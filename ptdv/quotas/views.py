from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ptdv.core.forms import add_service_errors
from ptdv.units.access import access_unit, can_edit_unit

from . import selectors, services
from .forms import QuotaForm, TermQuotaForm


@require_http_methods(["GET", "POST"])
def quota_page(request):
    """A unit's quota and admissions for a year, and its children's, where the unit sets its children's quotas."""
    code = request.GET.get("unit")
    unit = request.user.unit
    if code:
        from ptdv.units.models import Unit

        found = Unit.objects.filter(code__iexact=code).first()
        unit = access_unit(request.user, found.pk if found else 0)
    else:
        unit = access_unit(request.user, unit.pk if unit else 0)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    can_set = can_edit_unit(request.user, unit)
    form = QuotaForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = access_unit(request.user, data["unit_code"].pk)
        try:
            services.quota_set(
                actor=request.user, unit=target, year=data["year"], quota=data["quota"], reason=data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The quota was saved."))
            return redirect(f"{request.path}?unit={unit.code}&year={data['year']}")
    own, rows, children_sum = selectors.quota_table(unit=unit, year=year)
    return render(
        request,
        "quotas/quotas.html",
        {
            "unit": unit,
            "year": year,
            "own": own,
            "rows": rows,
            "children_sum": children_sum,
            "mismatch": children_sum is not None and own.quota is not None and children_sum != own.quota,
            "form": form if can_set else None,
            "history": selectors.quota_history(unit=unit),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def term_page(request):
    """A unit's quota for a term (nhiệm kỳ) and its children's, with the admissions of the term so far."""
    from ptdv.units.models import Unit

    from .models import Term

    code = request.GET.get("unit")
    found = Unit.objects.filter(code__iexact=code).first() if code else request.user.unit
    unit = access_unit(request.user, found.pk if found else 0)
    terms = list(Term.objects.order_by("-starts_on"))
    today = timezone.localdate()
    term = next((t for t in terms if str(t.pk) == request.GET.get("term")), None) or next(
        (t for t in terms if t.starts_on <= today <= t.ends_on), terms[0] if terms else None
    )
    if term is None:
        raise Http404
    can_set = can_edit_unit(request.user, unit)
    form = TermQuotaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = access_unit(request.user, data["unit_code"].pk)
        try:
            services.term_quota_set(
                actor=request.user, unit=target, term=term, quota=data["quota"], reason=data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The quota was saved."))
            return redirect(f"{request.path}?unit={unit.code}&term={term.pk}")
    own, rows, children_sum = selectors.term_quota_table(unit=unit, term=term)
    return render(
        request,
        "quotas/terms.html",
        {
            "unit": unit,
            "term": term,
            "terms": terms,
            "own": own,
            "rows": rows,
            "children_sum": children_sum,
            "mismatch": children_sum is not None and own.quota is not None and children_sum != own.quota,
            "form": form if can_set else None,
            "history": selectors.quota_history(unit=unit),
        },
        status=422 if form.is_bound and form.errors else 200,
    )
