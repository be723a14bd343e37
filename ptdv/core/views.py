from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .context_processors import NAVIGATION

AREAS = {key: label for key, label, url_name, *_ in NAVIGATION if url_name == "area"}


@require_GET
def home(request):
    return redirect("units:tree")


@require_GET
def area(request, area):
    """An area of the navigation whose pages are not built yet."""
    if area not in AREAS:
        raise Http404
    return render(request, "core/area.html", {"area_label": AREAS[area]})


@login_not_required
def error_404(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def error_403(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def error_400(request, exception=None):
    return render(request, "400.html", status=400)


@login_not_required
def error_500(request):
    return render(request, "500.html", status=500)


@login_not_required
def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
