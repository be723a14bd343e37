"""The versioned JSON API, /api/v1/: a thin layer over the same selectors and services as the pages."""

from django.contrib.auth.decorators import login_not_required
from ninja import NinjaAPI, Swagger

from . import errors
from .auth import PageSession, TokenAuth, TokenRateThrottle
from .routers import dossiers, followup, members, people, reminders, reports, training, units

# The answers every operation may give besides its own (ptdv/api/errors.py gives them all one shape, ErrorOut).
COMMON_ERRORS = {
    "401": "Thiếu mã truy cập, mã sai hoặc đã bị thu hồi (unauthenticated).",
    "429": "Quá nhiều yêu cầu: chờ số giây ở tiêu đề Retry-After (rate_limited).",
}
NOT_FOUND = "Không có, hoặc ngoài các đơn vị của tài khoản (not_found)."
INVALID = "Dữ liệu vào không hợp lệ, hoặc bước bị từ chối: mọi điều kiện chưa đạt, có mã (code) và lời giải thích."


def names_an_object(path: str, operation: dict) -> bool:
    """An operation answers 404 when its path or a query parameter names an object (a unit filter included)."""
    names = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
    return "{" in path or bool(names & {"unit"}) or any(name.endswith("_id") for name in names)


class PtdvApi(NinjaAPI):
    """NinjaAPI whose schema declares the error answers every operation can give, so clients (and schemathesis)
    know them: 401 and 429 everywhere, 404 where the path or a filter names an object, 422 where there is input."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                extra = dict(COMMON_ERRORS)
                if names_an_object(path, operation):
                    extra["404"] = NOT_FOUND
                if operation.get("parameters") or operation.get("requestBody"):
                    extra["422"] = INVALID
                responses = operation["responses"]
                for status, description in extra.items():
                    if status not in responses and int(status) not in responses:
                        responses[status] = {"description": description, "content": error}
        return schema


api = PtdvApi(
    title="PTĐV API",
    version="1",
    description=(
        "API của PTĐV: đơn vị, quần chúng và nguồn, lớp học và giấy chứng nhận, hồ sơ kết nạp, đảng viên, "
        "chỉ tiêu, báo cáo và việc cần làm. "
        "Xác thực bằng mã truy cập cá nhân (Authorization: Bearer …) tạo ở trang Tài khoản."
    ),
    urls_namespace="api-v1",
    auth=[TokenAuth(), PageSession()],
    throttle=[TokenRateThrottle()],
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
)
errors.install(api)
api.add_router("/units", units.router)
api.add_router("/", people.router)
api.add_router("/courses", training.router)
api.add_router("/dossiers", dossiers.router)
api.add_router("/", members.router)
api.add_router("/reports", reports.router)
api.add_router("/due", reminders.router)
api.add_router("/followup", followup.router)


def urls():
    """The API's URL patterns; token calls do not go through the pages' login redirect (the API answers 401)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = login_not_required(pattern.callback)
    return patterns, app_name, namespace
