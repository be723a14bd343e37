from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ptdv.core import search
from ptdv.units.access import units_visible_to

from . import selectors
from .forms import RollFilterForm
from .models import MembershipStatus


def _search_redirect(request, form):
    """The filters as a GET again, with the search box's words kept under a key (core/search.py)."""
    params = {
        name: value
        for name in ("unit_code", "status", "admitted_year")
        if (value := (request.POST.get(name) or "").strip().replace("\x00", ""))
    }
    query = search.clean_query(form.cleaned_data["q"])
    if query:
        params["s"] = search.search_stash(request, query)
    return redirect(f"{reverse('membership:list')}?{urlencode(params)}" if params else reverse("membership:list"))


def _filter_data(request):
    """The filters of a GET, the search's words taken from its key (or a name typed as ?q=, never a number)."""
    data = request.GET.copy()
    data.pop("page", None)
    if data.get("s"):
        query = search.search_lookup(request, data.pop("s")[-1])
        if query is None:
            messages.info(request, _("That search has expired: search again."))
        data["q"] = query or ""
    elif search.has_identifier(data.get("q", "")):
        messages.warning(
            request,
            _("Numbers are not searched from the address bar, so they stay out of logs: type them in the search box."),
        )
        data["q"] = ""
    return data or None


@require_http_methods(["GET", "POST"])
def member_list(request):
    """The roll of the user's units: who is a member where, since when, with the counts by status. The filter form
    is POSTed (its box takes citizen IDs and card numbers) and redirects to a GET without them."""
    if request.method == "POST":
        form = RollFilterForm(request.POST)
        if form.is_valid():
            return _search_redirect(request, form)
    else:
        form = RollFilterForm(_filter_data(request))
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
            "filter_method": "post",
        },
        status=422 if request.method == "POST" else 200,  # a valid POST has redirected
    )
