import sys

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .db import database_busy
from .middleware import busy_response

# Each role's home is its work (issue #19 item 4), in this order for an account with several roles: the cell
# secretary's and the committee's queue (steps to record, decisions to take, candidates and dossiers due), the
# organisation department's dashboard; anyone else, the organisations.
HOMES = [
    (("cell_secretary", "committee"), "reminders:queue"),
    (("staff",), "reports:dashboard"),
]


def home_url_name(user) -> str:
    for roles, url_name in HOMES:
        if user.has_role(*roles):
            return url_name
    return "units:tree"


@require_GET
def home(request):
    return redirect(home_url_name(request.user))


@login_not_required
def error_404(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def error_403(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def error_400(request, exception=None):
    from .params import BadParameter

    message = str(exception) if isinstance(exception, BadParameter) else ""  # only our own, user-facing reasons
    return render(request, "400.html", {"message": message}, status=400)


@login_not_required
def error_500(request):
    if database_busy(sys.exception()):  # raised outside a view (the session saved after it): busy, not broken
        return busy_response(request)
    return render(request, "500.html", status=500)


@login_not_required
def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
