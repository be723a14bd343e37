from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ptdv.core.forms import add_service_errors
from ptdv.core.params import year_param
from ptdv.units.access import access_unit, can_edit_unit

from . import selectors, services
from .forms import QuotaForm, TermQuotaForm


def _unit(request):
    """The unit asked for by code, or the user's own; 404 outside the user's subtree."""
    from ptdv.units.models import Unit

    code = request.GET.get("unit")
    found = Unit.objects.filter(code__iexact=code).first() if code else request.user.unit
    return access_unit(request.user, found.pk if found else 0)


def _edited(request, model, **lookup) -> dict:
    """The form's initial values for `?edit=CODE` (a row's "Edit" link): that unit, its quota and the version the
    page shows, so that saving over a newer change is refused."""
    from ptdv.units.models import Unit

    code = request.GET.get("edit")
    found = Unit.objects.filter(code__iexact=code).first() if code else None
    if found is None:
        return {}
    target = access_unit(request.user, found.pk)
    record = model.objects.filter(unit=target, **lookup).first()
    if record is None:
        return {"unit_code": target.code, "version": 0}
    return {"unit_code": target.code, "quota": record.quota, "version": record.version}


def _quota_page(request, *, unit, form, save, table, template: str, context: dict, back: str):
    """Show a quota table, and set a sub-unit's quota from the form where the user manages the unit."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = access_unit(request.user, data["unit_code"].pk)
        try:
            save(target, data)
        except services.StaleQuota as error:
            add_service_errors(form, error)
            form.data = form.data.copy()
            form.data["version"] = error.current_version  # saving again (after checking) is then possible
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The quota was saved."))
            return redirect(f"{request.path}?{back}")
    own, rows, children_sum = table
    return render(
        request,
        template,
        {
            **context,
            "unit": unit,
            "own": own,
            "rows": rows,
            "children_sum": children_sum,
            "mismatch": children_sum is not None and own.quota is not None and children_sum != own.quota,
            "form": form if can_edit_unit(request.user, unit) else None,
            "history": selectors.quota_history(unit=unit),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def quota_page(request):
    """A unit's quota and admissions for a year, and its children's, where the unit sets its children's quotas."""
    unit = _unit(request)
    year = year_param(request)
    from .models import Quota

    form = QuotaForm(
        request.POST or None, initial={"year": year, **_edited(request, Quota, year=year)}, user=request.user
    )
    year_saved = form.data.get("year", year) if form.is_bound else year

    def save(target, data):
        services.quota_set(
            actor=request.user,
            unit=target,
            year=data["year"],
            quota=data["quota"],
            reason=data["reason"],
            expected_version=data["version"],
        )

    return _quota_page(
        request,
        unit=unit,
        form=form,
        save=save,
        table=selectors.quota_table(unit=unit, year=year),
        template="quotas/quotas.html",
        context={"year": year, "year_text": str(year)},
        back=f"unit={unit.code}&year={year_saved}",
    )


@require_http_methods(["GET", "POST"])
def term_page(request):
    """A unit's quota for a term (nhiệm kỳ) and its children's, with the admissions of the term so far."""
    from .models import Term, TermQuota

    unit = _unit(request)
    terms = list(Term.objects.order_by("-starts_on"))
    today = timezone.localdate()
    term = next((t for t in terms if str(t.pk) == request.GET.get("term")), None) or next(
        (t for t in terms if t.starts_on <= today <= t.ends_on), terms[0] if terms else None
    )
    if term is None:
        raise Http404

    def save(target, data):
        services.term_quota_set(
            actor=request.user,
            unit=target,
            term=term,
            quota=data["quota"],
            reason=data["reason"],
            expected_version=data["version"],
        )

    return _quota_page(
        request,
        unit=unit,
        form=TermQuotaForm(request.POST or None, initial=_edited(request, TermQuota, term=term), user=request.user),
        save=save,
        table=selectors.term_quota_table(unit=unit, term=term),
        template="quotas/terms.html",
        context={"term": term, "terms": terms, "term_text": str(term.pk)},
        back=f"unit={unit.code}&term={term.pk}",
    )
