"""A busy database answers "try again shortly" (503 with Retry-After), never a server error.

On SQLite one connection writes at a time: while a long import holds the write lock, another request's write waits
for the busy timeout (20 s) and then fails with "database is locked". Such a request — a page, an API call, a login —
gets a clear page (or the API's JSON error) saying the system is busy; nothing it sent was saved (its transaction
was never begun or was rolled back). Errors raised outside the view (the session saved after it) reach
`ptdv.core.views.error_500`, which answers the same."""

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .db import database_busy

RETRY_AFTER_SECONDS = 30


def busy_response(request):
    if request.path.startswith("/api/"):
        message = _("The system is busy (a large import is being written). Nothing was saved: try again in a moment.")
        response = JsonResponse({"detail": [{"loc": [], "code": "busy", "message": message}]}, status=503)
    else:
        # a page of its own, without the request's context processors: it reads nothing from the busy database
        response = HttpResponse(render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class BusyDatabaseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_busy(exception):
            return busy_response(request)
        return None
