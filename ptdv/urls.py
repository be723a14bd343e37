from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from ptdv.api.api import urls as api_urls
from ptdv.core import views as core_views


def _admin_has_permission(request):
    """Django's admin site is for superusers and the administrators of a top unit only (User.may_use_admin_site);
    the other administrators manage their accounts on the pages (/accounts/users/)."""
    user = request.user
    return user.is_authenticated and user.may_use_admin_site


admin.site.has_permission = _admin_has_permission
admin.site.site_header = "PTĐV"
admin.site.site_title = "PTĐV"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("units/", include("ptdv.units.urls")),
    path("people/", include("ptdv.people.urls")),
    path("courses/", include("ptdv.training.urls")),
    path("dossiers/", include("ptdv.admission.urls")),
    path("calendar/", include("ptdv.calendar.urls")),
    path("quotas/", include("ptdv.quotas.urls")),
    path("import/", include("ptdv.exchange.urls")),
    path("reports/", include("ptdv.reports.urls")),
    path("documents/", include("ptdv.documents.urls")),
    path("tasks/", include("ptdv.reminders.urls")),
    path("members/", include("ptdv.membership.urls")),
    path("restructuring/", include("ptdv.restructuring.urls")),
    path("followup/", include("ptdv.followup.urls")),
    path("accounts/", include("ptdv.accounts.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api_urls()),
    path("accounts/tokens/", include("ptdv.api.urls")),
]

handler400 = "ptdv.core.views.error_400"
handler403 = "ptdv.core.views.error_403"
handler404 = "ptdv.core.views.error_404"
handler500 = "ptdv.core.views.error_500"
