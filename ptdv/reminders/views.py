"""Việc cần làm (the work queue), stalled work, the inbox and the digest's frequency, the calendar and its feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ptdv.core.files import attachment
from ptdv.core.forms import add_service_errors
from ptdv.units.access import access_unit

from . import feeds, selectors, services
from .forms import FrequencyForm
from .models import CalendarToken, Notification

# Rows of the queue on one page: a province's queue holds thousands of items (issue 21: 546 KB when all were shown);
# the most urgent come first, the counts above the table are the whole queue's.
QUEUE_PAGE_SIZE = 100


@require_GET
def queue(request):
    from django.core.paginator import Paginator

    entries = selectors.user_queue(user=request.user)
    page = Paginator(entries, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"entry": e, "escalated": selectors.entry_for_user(e, request.user) == "escalated"} for e in page.object_list
    ]
    counts = {
        "overdue": sum(e.item.state == "overdue" for e in entries),
        "due_today": sum(e.item.state == "due_today" for e in entries),
        "upcoming": sum(e.item.state == "upcoming" for e in entries),
    }
    return render(
        request,
        "reminders/queue.html",
        {
            "rows": rows,
            "page": page,
            "query": "",
            "counts": counts,
            "today": timezone.localdate(),
            "may_see_stalled": request.user.has_role(*selectors.STALLED_ROLES),
        },
    )


@require_GET
def stalled(request):
    if not request.user.has_role(*selectors.STALLED_ROLES):
        raise PermissionDenied
    return render(request, "reminders/stalled.html", {"work": selectors.stalled_work(user=request.user)})


def _inbox_context(user, form=None) -> dict:
    return {
        "notifications": Notification.objects.filter(user=user)[:60],
        "form": form or FrequencyForm(initial={"frequency": services.frequency_of(user)}),
    }


@require_GET
def inbox(request):
    return render(request, "reminders/inbox.html", _inbox_context(request.user))


@require_POST
def inbox_read(request):
    services.notifications_mark_read(actor=request.user, user=request.user)
    return redirect("reminders:inbox")


@require_POST
def frequency(request):
    form = FrequencyForm(request.POST)
    if form.is_valid():
        try:
            services.reminder_frequency_set(
                actor=request.user, user=request.user, frequency=form.cleaned_data["frequency"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your reminder setting was saved."))
            return redirect("reminders:inbox")
    return render(request, "reminders/inbox.html", _inbox_context(request.user, form), status=422)


def _calendar_context(request, new_link: str = "") -> dict:
    unit = None
    if request.GET.get("unit"):
        unit = access_unit(request.user, request.GET["unit"])  # 404 outside the user's units
    return {
        "entries": selectors.calendar_entries(user=request.user, unit=unit),
        "unit": unit,
        "tokens": CalendarToken.objects.filter(user=request.user)[:10],
        "new_link": new_link,
    }


@require_GET
def calendar(request):
    return render(request, "reminders/calendar.html", _calendar_context(request))


@require_POST
def feed_create(request):
    _token, raw = services.calendar_token_create(actor=request.user, user=request.user)
    # Rendered, not redirected: the link is shown on this one response and stored nowhere in clear.
    response = render(request, "reminders/calendar.html", _calendar_context(request, services.feed_url(request, raw)))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def feed_revoke(request, pk: int):
    token = CalendarToken.objects.filter(user=request.user, pk=pk).first()
    if token is None:
        raise Http404
    services.calendar_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The calendar link was revoked: it no longer works."))
    return redirect("reminders:calendar")


@login_not_required
@require_GET
def feed(request, token: str):
    """The user's calendar as iCalendar, opened by the private token in the URL; 404 for a wrong or revoked one."""
    user = services.calendar_token_user(token)
    if user is None or user.unit_id is None:
        raise Http404
    response = HttpResponse(feeds.calendar_ics(user=user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = attachment("ptdv.ics", inline=True)
    response["Cache-Control"] = "private, max-age=900"
    return response
