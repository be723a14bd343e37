"""One error shape for every refusal: {"detail": [{"loc": [...], "code": "...", "message": "..."}]}, messages in the
request's language (Vietnamese by default), the same reasons as the pages."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from ptdv.admission.services import StaleDossier


class ErrorItem(Schema):
    loc: list[str | int] = []
    code: str
    message: str


class ErrorOut(Schema):
    detail: list[ErrorItem]


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def body(code: str, message: str, loc=()) -> dict:
    return {"detail": [{"loc": list(loc), "code": code, "message": str(message)}]}


def service_errors(exc: DjangoValidationError) -> list[dict]:
    """A service's ValidationError as a list of unmet conditions, each with its code and its message."""
    items = []
    groups = exc.error_dict.items() if hasattr(exc, "error_dict") else [("__all__", exc.error_list)]
    for field, errors in groups:
        loc = [] if field == "__all__" else ["body", field]
        items.extend(
            {"loc": loc, "code": error.code or "unmet_condition", "message": str(message)}
            for error in errors
            for message in error
        )
    return items


def install(api) -> None:
    def respond(request, status, payload, headers=None):
        response = api.create_response(request, payload, status=status)
        for key, value in (headers or {}).items():
            response[key] = value
        return response

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return respond(request, exc.status, body(exc.code, exc.message))

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request, exc):
        items = [
            {"loc": list(e.get("loc", [])), "code": str(e.get("type", "invalid")), "message": str(e.get("msg", ""))}
            for e in exc.errors
        ]
        return respond(request, 422, {"detail": items})

    @api.exception_handler(DjangoValidationError)
    def refused(request, exc):
        if isinstance(exc, StaleDossier):
            return respond(request, 412, {"detail": [{**i, "code": "stale"} for i in service_errors(exc)]})
        return respond(request, 422, {"detail": service_errors(exc)})

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, body("not_found", _("Not found.")))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, body("forbidden", _("Your account may not do this.")))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        message = _("Send a valid API token (Authorization: Bearer …) or sign in.")
        return respond(request, 401, body("unauthenticated", message), {"WWW-Authenticate": "Bearer"})

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        wait = max(1, round(exc.wait or 1))
        message = _("Too many requests: wait %(seconds)s seconds.") % {"seconds": wait}
        return respond(request, 429, body("rate_limited", message), {"Retry-After": str(wait)})
