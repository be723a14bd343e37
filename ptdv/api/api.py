"""The versioned JSON API, /api/v1/: a thin layer over the same selectors and services as the pages."""

from django.contrib.auth.decorators import login_not_required
from ninja import NinjaAPI, Swagger

from . import errors
from .auth import PageSession, TokenAuth, TokenRateThrottle
from .routers import dossiers, members, people, reports, training, units

api = NinjaAPI(
    title="PTĐV API",
    version="1",
    description=(
        "API của PTĐV: đơn vị, quần chúng và nguồn, lớp học và giấy chứng nhận, hồ sơ kết nạp, đảng viên, "
        "chỉ tiêu và báo cáo. Xác thực bằng mã truy cập cá nhân (Authorization: Bearer …) tạo ở trang Tài khoản."
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


def urls():
    """The API's URL patterns; token calls do not go through the pages' login redirect (the API answers 401)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = login_not_required(pattern.callback)
    return patterns, app_name, namespace
