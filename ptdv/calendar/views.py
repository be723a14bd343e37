import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ptdv.core.forms import add_service_errors
from ptdv.core.params import year_param

from . import selectors, services
from .access import can_change_calendar
from .forms import SpecialDayForm
from .rules import public_holiday_name


@require_http_methods(["GET", "POST"])
def calendar_page(request):
    """The year's public holidays and the days off and make-up working days staff have entered."""
    year = year_param(request)
    can_change = can_change_calendar(request.user)
    form = SpecialDayForm(request.POST or None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.special_day_set(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The working calendar was updated."))
                return redirect(f"{request.path}?year={form.cleaned_data['day'].year}")
    holidays = []
    day = datetime.date(year, 1, 1)
    while day.year == year:
        name = public_holiday_name(day)
        if name:
            holidays.append((day, name))
        day += datetime.timedelta(days=1)
    return render(
        request,
        "calendar/calendar.html",
        {
            "year": year,
            "holidays": holidays,
            "special_days": selectors.special_days(year=year),
            "form": form if can_change else None,
            "today": timezone.localdate(),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@require_POST
def special_day_remove(request, day):
    if not can_change_calendar(request.user):
        raise PermissionDenied
    try:
        parsed = datetime.date.fromisoformat(day)
    except ValueError:
        messages.error(request, _("That day is not in the working calendar."))
        return redirect("calendar:page")
    try:
        services.special_day_remove(actor=request.user, day=parsed, correction=request.POST.get("correction", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"/calendar/?year={parsed.year}")
    messages.success(request, _("The working calendar was updated."))
    return redirect(f"/calendar/?year={parsed.year}")
