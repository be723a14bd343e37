"""Query parameters read safely (issue #14, item 9): a bad value is the user's 400 with a one-line reason, never a
server error. `RequestGuardMiddleware` refuses a NUL character anywhere in the query, the form data or a JSON body
(PostgreSQL refuses NUL in text: it would be a 500 wherever such a value reaches a query)."""

from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

FIRST_YEAR, LAST_YEAR = 1900, 2100


class BadParameter(BadRequest):
    """A parameter the page cannot use; its message is shown to the user (handler400)."""


def year_param(request, name: str = "year") -> int:
    """The year asked for in the query, this year when none is given; outside FIRST_YEAR–LAST_YEAR: BadParameter."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return timezone.localdate().year
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4 and FIRST_YEAR <= int(raw) <= LAST_YEAR):
        raise BadParameter(
            _("The year must be a number from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return int(raw)


def _has_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    for data in (request.GET,):
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    if request.method in ("POST", "PUT", "PATCH"):
        content_type = request.content_type or ""
        if content_type == "application/json":
            body = request.body
            return b"\\u0000" in body or b"\x00" in body
        if content_type == "application/x-www-form-urlencoded":
            for key, values in request.POST.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    return True
    return False


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            message = _("The request holds a NUL character, which no field accepts. Remove it and try again.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": [{"loc": [], "code": "invalid", "message": message}]}, status=422)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
