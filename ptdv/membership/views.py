from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ptdv.units.access import units_visible_to

from . import selectors
from .forms import RollFilterForm
from .models import MembershipStatus


@require_GET
def member_list(request):
    """The roll of the user's units: who is a member where, since when, with the counts by status."""
    form = RollFilterForm(request.GET or None)
    filters = selectors.RollFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        unit = data["unit_code"]
        if unit is not None and not units_visible_to(request.user).filter(pk=unit.pk).exists():
            # The same words as for a code that does not exist: a unit outside the user's scope is not shown.
            form.add_error("unit_code", _("No unit has the code %(code)s: check the code.") % {"code": unit.code})
        else:
            filters = selectors.RollFilters(
                unit=unit,
                status=data["status"] or selectors.CURRENT,
                query=data["q"],
                admitted_year=data["admitted_year"],
            )
    members = selectors.roll(user=request.user, filters=filters)
    counts = selectors.roll_counts(members)
    paginator = Paginator(members, 50)
    paginator.count = sum(counts.values())  # already counted by status: no second count of the whole roll
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "membership/list.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            "total": sum(counts.values()),
            "query": query.urlencode(),
            "statuses": MembershipStatus,
        },
    )
