from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ptdv.audit.selectors import events_for_target
from ptdv.core.forms import add_service_errors

from . import selectors, services
from .access import access_unit, can_edit_unit, can_restructure_unit
from .forms import UnitCloseForm, UnitForm


def _form_errors_from(form, error: ValidationError) -> None:
    add_service_errors(form, error, {"parent": "parent_code", "successor": "successor_code"})


@require_GET
def unit_tree(request):
    if request.user.unit is None:
        raise PermissionDenied
    root = request.user.unit
    include_closed = request.GET.get("closed") == "1"
    counts = selectors.unit_tree_counts(user=request.user, unit=root, include_closed=include_closed)
    return render(
        request,
        "units/tree.html",
        {
            "root": root,
            "root_counts": counts.total,
            "children": counts.children,
            "include_closed": include_closed,
            "query": request.GET.get("q", ""),
            "results": selectors.unit_search(user=request.user, query=request.GET.get("q", "")),
        },
    )


@require_GET
def unit_children(request, pk):
    """The children of a node, as list items (htmx expands a node of the tree with this)."""
    unit = access_unit(request.user, pk)
    include_closed = request.GET.get("closed") == "1"
    return TemplateResponse(
        request,
        "units/tree.html#node-list",
        {
            "children": selectors.unit_children_with_counts(
                user=request.user, unit=unit, include_closed=include_closed
            ),
            "include_closed": include_closed,
        },
    )


@require_GET
def unit_detail(request, pk):
    unit = access_unit(request.user, pk)
    ancestors = [a for a in unit.ancestors() if a.depth >= request.user.unit.depth]
    competent = selectors.unit_competent_committee(unit=unit)
    counts = selectors.unit_tree_counts(user=request.user, unit=unit, include_closed=True)
    return render(
        request,
        "units/detail.html",
        {
            "unit": unit,
            "ancestors": ancestors,
            "counts": counts.total,
            "own_counts": counts.own,
            "children": counts.children,
            "competent": competent,
            "can_edit": can_edit_unit(request.user, unit),
            "can_restructure": can_restructure_unit(request.user, unit) and unit.valid_to is None,
            "events": events_for_target(target=unit, limit=20),
        },
    )


@require_http_methods(["GET", "POST"])
def unit_create(request, parent_pk):
    parent = access_unit(request.user, parent_pk, for_edit=True)
    form = UnitForm(
        request.POST or None,
        user=request.user,
        show_parent=False,
        initial={"valid_from": timezone.localdate(), "sector": parent.sector},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.unit_create(
                actor=request.user,
                parent=parent,
                code=data["code"],
                name=data["name"],
                unit_type=data["unit_type"],
                sector=data["sector"],
                may_admit=data["may_admit"],
                valid_from=data["valid_from"],
                member_count=data["member_count"],
            )
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, _("Unit %(name)s was created.") % {"name": unit.name})
            return redirect("units:detail", pk=unit.pk)
    return render(request, "units/form.html", {"form": form, "parent": parent, "unit": None}, status=_status(form))


@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    unit = access_unit(request.user, pk, for_edit=True)
    show_parent = can_restructure_unit(request.user, unit)
    initial = {
        "code": unit.code,
        "name": unit.name,
        "unit_type": unit.unit_type,
        "sector": unit.sector,
        "may_admit": unit.may_admit,
        "parent_code": unit.parent.code if unit.parent else "",
        "valid_from": unit.valid_from,
        "member_count": unit.member_count,
        "document_abbreviation": unit.document_abbreviation,
    }
    show_declared = not selectors.unit_roll_loaded(unit=unit)
    form = UnitForm(
        request.POST or None, user=request.user, initial=initial, show_parent=show_parent, show_declared=show_declared
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.unit_update(
                actor=request.user,
                unit=unit,
                code=data["code"],
                name=data["name"],
                unit_type=data["unit_type"],
                sector=data["sector"],
                may_admit=data["may_admit"],
                valid_from=data["valid_from"],
                parent=data["parent_code"] if show_parent else unit.parent,
                member_count=data["member_count"] if show_declared else unit.member_count,
                document_abbreviation=data["document_abbreviation"],
            )
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("units:detail", pk=unit.pk)
    return render(request, "units/form.html", {"form": form, "parent": unit.parent, "unit": unit}, status=_status(form))


@require_http_methods(["GET", "POST"])
def unit_close(request, pk):
    unit = access_unit(request.user, pk, for_edit=True)
    if not can_restructure_unit(request.user, unit):
        raise PermissionDenied
    form = UnitCloseForm(request.POST or None, user=request.user, initial={"valid_to": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_close(
                actor=request.user,
                unit=unit,
                valid_to=form.cleaned_data["valid_to"],
                successor=form.cleaned_data["successor_code"],
            )
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, _("Unit %(name)s was closed.") % {"name": unit.name})
            return redirect("units:detail", pk=unit.pk)
    return render(request, "units/close.html", {"form": form, "unit": unit}, status=_status(form))


def _status(form) -> int:
    return 422 if form.is_bound and form.errors else 200
