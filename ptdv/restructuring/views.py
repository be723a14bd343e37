"""Pages of the restructuring acts, for staff and administrators: the list, a new act with its preview, an act with
its undo, and the admissions of a past period in today's structure. Every unit an act names must be in the user's
scope (sources strictly below their own unit); a code outside it gets the same words as an unknown one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ptdv.units.access import EDIT_ROLES, units_editable_by, units_visible_to
from ptdv.units.models import UnitType

from . import selectors
from .forms import ActForm, StructureReportForm
from .models import Mode, RestructureAct
from .services import (
    ActInput,
    ActRefused,
    ItemInput,
    restructure_apply,
    restructure_preview,
    restructure_undo,
    undo_blockers,
)


def _may_restructure(user) -> bool:
    return user.has_role(*EDIT_ROLES)


def act_list(request):
    acts = selectors.acts_visible_to(request.user).prefetch_related("items__source", "items__successor")[:200]
    return render(request, "restructuring/list.html", {"acts": acts, "may_act": _may_restructure(request.user)})


def _parse_lines(text: str, units) -> tuple[list[ItemInput], list[str]]:
    """The act's lines (see ActForm.lines) as items, and every problem, one per line."""
    items, problems = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if "=" in line:
            code, _sep, rest = line.partition("=")
            name, _bar, unit_type = rest.partition("|")
            mode, codes = Mode.RENAME, [code]
        elif ">>" in line:
            mode, codes = Mode.MOVE, line.split(">>", 1)
        elif ">" in line:
            mode, codes = Mode.MERGE, line.split(">", 1)
        else:
            problems.append(_("Line %(line)s: write “SOURCE > SUCCESSOR”, “SOURCE >> SUCCESSOR” or “CODE = name”.")
                            % {"line": number})  # fmt: skip
            continue
        found = []
        for code in codes:
            code = " ".join(code.split()).upper()
            unit = units.filter(code__iexact=code).first()
            if unit is None:  # unknown, or outside the user's units: the same words
                problems.append(_("Line %(line)s: none of the units you manage has the code %(code)s.")
                                % {"line": number, "code": code})  # fmt: skip
            found.append(unit)
        if None in found:
            continue
        if mode == Mode.RENAME:
            unit_type = unit_type.strip()
            if unit_type and unit_type not in UnitType.values:
                problems.append(_("Line %(line)s: %(type)s is not a unit type code.") % {"line": number,
                                                                                        "type": unit_type})  # fmt: skip
                continue
            items.append(ItemInput(source=found[0], successor=None, mode=mode, new_name=name.strip(),
                                   new_type=unit_type, row=number))  # fmt: skip
        else:
            items.append(ItemInput(source=found[0], successor=found[1], mode=mode, row=number))
    return items, problems


@require_http_methods(["GET", "POST"])
def act_new(request):
    if not _may_restructure(request.user):
        raise PermissionDenied
    form = ActForm(request.POST or None)
    form.fields["issuing_unit"].units = units_visible_to(request.user)
    preview, problems = None, []
    if request.method == "POST" and form.is_valid():
        items, problems = _parse_lines(form.cleaned_data["lines"], units_editable_by(request.user))
        if not problems:
            data = form.cleaned_data
            act = ActInput(date=data["date"], items=items, decision_number=data["decision_number"],
                           decision_date=data["decision_date"], issuing_unit=data["issuing_unit"],
                           note=data["note"], accounts=data["accounts"])  # fmt: skip
            if request.POST.get("apply") == "1":
                try:
                    record = restructure_apply(actor=request.user, act=act)
                except ActRefused as refused:
                    preview = refused.preview
                else:
                    if record is None:
                        messages.info(request, _("This act has already been applied: nothing was changed."))
                        return redirect("restructuring:list")
                    messages.success(request, _("The act was applied."))
                    return redirect("restructuring:detail", pk=record.pk)
            else:
                preview = restructure_preview(actor=request.user, act=act)
    return render(request, "restructuring/new.html", {"form": form, "preview": preview, "problems": problems})


def _access_act(request, pk) -> RestructureAct:
    try:
        act = selectors.acts_visible_to(request.user).get(pk=int(pk))
    except (RestructureAct.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    return act


def act_detail(request, pk):
    act = _access_act(request, pk)
    blockers = undo_blockers(act) if _may_restructure(request.user) else []
    return render(request, "restructuring/detail.html", {
        "act": act, "items": act.items.select_related("source", "successor"), "blockers": blockers,
        "may_act": _may_restructure(request.user), "plans": act.summary.get("plans", []),
    })  # fmt: skip


@require_POST
def act_undo(request, pk):
    act = _access_act(request, pk)
    if not _may_restructure(request.user):
        raise PermissionDenied
    try:
        restructure_undo(actor=request.user, act=act)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The act was undone: everything is back where it was."))
    return redirect("restructuring:detail", pk=act.pk)


def structure_report(request):
    """Admissions of a period counted in today's structure: each under the unit that now holds its cell."""
    form = StructureReportForm(request.GET or None)
    form.fields["unit_code"].units = units_visible_to(request.user)
    report = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        if data["date_from"] > data["date_to"]:
            form.add_error("date_to", _("The end of the period is before its start."))
        else:
            report = selectors.admissions_in_todays_structure(unit=data["unit_code"], date_from=data["date_from"],
                                                              date_to=data["date_to"])  # fmt: skip
    return render(request, "restructuring/structure.html", {"form": form, "report": report})
