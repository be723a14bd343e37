from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .registry import UNREAD, navigation_count

# The areas of the system, in the order of the work (design.md); the key is the area's URL namespace.
NAVIGATION = [
    ("reminders", _("To do"), "reminders:queue"),
    ("units", _("Organisations"), "units:tree"),
    ("people", _("Candidates"), "people:pool"),
    ("training", _("Courses"), "training:list"),
    ("admission", _("Dossiers"), "admission:board"),
    ("membership", _("Members"), "membership:list"),
    ("quotas", _("Quotas"), "quotas:page"),
    ("reports", _("Reports"), "reports:dashboard"),
    ("documents", _("Documents"), "documents:register"),
    ("exchange", _("Data import"), "exchange:index"),
]
# Entries only some roles see (the others would meet a 403).
NAVIGATION_ROLES = {"exchange": ("staff", "admin")}


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = []
    match = request.resolver_match
    current = match.namespace if match else ""
    for key, label, url_name in NAVIGATION:
        if key in NAVIGATION_ROLES and not request.user.has_role(*NAVIGATION_ROLES[key]):
            continue
        items.append({"key": key, "label": label, "url": reverse(url_name), "active": key == current})
    # The counts come from the apps (ptdv.core.registry, filled in their AppConfig.ready): core imports none of them.
    for item in items:
        count = navigation_count(item["key"], user=request.user)
        if count is not None:
            item["count"] = count
    return {"nav_items": items, "nav_unread": navigation_count(UNREAD, user=request.user) or 0}
