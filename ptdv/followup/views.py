"""The follow-up pages: a unit's residence cells (letters, exemptions, comments), a cell's rating form, the
screening list. Thin: each reads through access_unit and the selectors, writes through one service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ptdv.core.files import attachment
from ptdv.membership.models import Membership
from ptdv.membership.movements import may_record
from ptdv.units.access import access_unit, can_edit_unit
from ptdv.units.models import Unit, subtree_q

from . import selectors, services
from .forms import BAND_CHOICES, CommentForm, ExemptForm, IntroduceForm, PeriodChoiceForm, ProposalForm
from .letter import letter_docx
from .models import Period, ProposalState, ResidenceLiaison, StrikeOffProposal

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _unit(request) -> Unit:
    code = (request.GET.get("unit") or request.POST.get("unit") or "").strip()
    if code:
        found = Unit.objects.filter(code__iexact=code).values_list("pk", flat=True).first()
        return access_unit(request.user, found or 0)
    return access_unit(request.user, request.user.unit_id or 0)


def _member(unit: Unit, pk) -> Membership:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    membership = (
        Membership.objects.filter(subtree_q(unit.path, "unit__path"), pk=pk).select_related("unit", "person").first()
    )
    if membership is None:
        raise Http404
    return membership


def _errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@require_http_methods(["GET", "POST"])
def residence(request):
    """The members of agencies, enterprises and schools under a unit and their residence cells: the letter in force
    (with its Word form), exemptions, new members' deadlines, last year's comments; the forms to record them."""
    unit = _unit(request)
    forms = {"introduce": IntroduceForm(), "exempt": ExemptForm(), "comment": CommentForm()}
    status, failed_member = 200, None
    if request.method == "POST":
        if not may_record(request.user, unit):
            raise PermissionDenied
        action = request.POST.get("action", "")
        form_class = {"introduce": IntroduceForm, "exempt": ExemptForm, "comment": CommentForm}.get(action)
        if form_class is None:
            raise Http404
        membership = _member(unit, request.POST.get("member"))
        form = form_class(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "introduce":
                    services.residence_introduce(
                        actor=request.user, membership=membership, letter_date=data["letter_date"],
                        residence_unit=data["residence_code"], residence_place=data["residence_place"],
                        letter_number=data["letter_number"],
                    )  # fmt: skip
                elif action == "exempt":
                    services.residence_exempt(actor=request.user, membership=membership, **data)
                else:
                    services.residence_comment_record(actor=request.user, membership=membership, **data)
                messages.success(request, _("Saved for %(name)s.") % {"name": membership.person.full_name})
                return redirect(f"{request.path}?unit={unit.code}#m{membership.pk}")
            except ValidationError as error:
                _errors(form, error)
        forms[action], status, failed_member = form, 422, membership.pk
    rows = selectors.residence_rows(unit=unit)
    return render(
        request,
        "followup/residence.html",
        {
            "unit": unit,
            "rows": rows,
            "forms": forms,
            "failed_member": failed_member,
            "can_record": may_record(request.user, unit),
            "last_year": timezone.localdate().year - 1,
        },
        status=status,
    )


@require_GET
def residence_letter(request, pk):
    liaison = ResidenceLiaison.objects.select_related("membership__person", "work_unit__parent").filter(pk=pk).first()
    if liaison is None:
        raise Http404
    access_unit(request.user, liaison.membership.unit_id)
    response = HttpResponse(letter_docx(liaison), content_type=DOCX)
    response["Content-Disposition"] = attachment(f"giay-gioi-thieu-noi-cu-tru-{liaison.pk}.docx")
    return response


def _period(request, quarterly: bool) -> tuple[PeriodChoiceForm, int | None, str]:
    today = timezone.localdate()
    default_year = today.year if today.month == 12 else today.year - 1
    data = {"year": request.GET.get("year") or request.POST.get("year") or default_year,
            "period": request.GET.get("period") or request.POST.get("period") or Period.YEAR}  # fmt: skip
    form = PeriodChoiceForm(data)
    if not form.is_valid():
        return form, None, Period.YEAR
    period = form.cleaned_data["period"] or Period.YEAR
    if period != Period.YEAR and not quarterly:
        period = Period.YEAR
    return form, form.cleaned_data["year"], period


@require_http_methods(["GET", "POST"])
def ratings(request):
    """A cell's rating of all its members in one form (after its year-end meeting, or a quarter's)."""
    unit = _unit(request)
    quarterly = services.quarterly_for(unit)
    period_form, year, period = _period(request, quarterly)
    status, problems, result = 200, [], None
    if request.method == "POST" and request.POST.get("action") == "quarterly":
        try:
            services.quarterly_set(actor=request.user, unit=unit, quarterly=request.POST.get("quarterly") == "1")
        except ValidationError:
            raise PermissionDenied from None
        return redirect(f"{request.path}?unit={unit.code}")
    if request.method == "POST":
        if not may_record(request.user, unit):
            raise PermissionDenied
        if year is None:
            status = 422
        else:
            bands = {}
            for key, value in request.POST.items():
                if key.startswith("band_"):
                    try:
                        member = int(key.removeprefix("band_"))
                    except ValueError:
                        continue
                    bands[member] = (value.strip(), request.POST.get(f"note_{member}", "")[:500])
            try:
                result = services.cell_ratings_record(
                    actor=request.user, cell=unit, year=year, period=period, bands=bands
                )
                messages.success(
                    request,
                    _("Ratings saved: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
                    % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
                )
                for warning in result.warnings:
                    messages.warning(request, warning)
                return redirect(f"{request.path}?unit={unit.code}&year={year}&period={period}")
            except ValidationError as error:
                problems, status = error.messages, 422
    rows = selectors.cell_rating_rows(cell=unit, year=year, period=period) if year else []
    warning = services.cap_warning(unit=unit, year=year, period=period) if year else None
    return render(
        request,
        "followup/ratings.html",
        {
            "unit": unit,
            "rows": rows,
            "period_form": period_form,
            "year": year,
            "period": period,
            "quarterly": quarterly,
            "periods": Period.choices if quarterly else [c for c in Period.choices if c[0] == Period.YEAR],
            "band_choices": BAND_CHOICES,
            "problems": problems,
            "cap_warning": warning,
            "can_record": may_record(request.user, unit),
            "can_choose_quarterly": can_edit_unit(request.user, unit),
            "min_months": services.followup_settings().min_months,
            "posted": request.POST if status == 422 else None,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def screening(request):
    """The screening list (sàng lọc) a committee reviews: members rated "not completed" the configured years
    running, and members whom a cell proposes to strike off — with the links to the roll's exit actions."""
    unit = _unit(request)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year - (0 if today.month == 12 else 1))
    except ValueError:
        year = today.year - 1
    year = min(max(year, 1930), today.year)
    form, status = ProposalForm(initial={"proposed_on": today}), 200
    if request.method == "POST":
        if not may_record(request.user, unit):
            raise PermissionDenied
        if request.POST.get("action") == "withdraw":
            proposal = StrikeOffProposal.objects.filter(
                subtree_q(unit.path, "membership__unit__path"), pk=request.POST.get("proposal") or 0,
                state=ProposalState.PENDING,
            ).select_related("membership__unit").first()  # fmt: skip
            if proposal is None:
                raise Http404
            services.strike_off_withdraw(actor=request.user, proposal=proposal)
            return redirect(f"{request.path}?unit={unit.code}")
        form = ProposalForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            membership = (
                Membership.objects.filter(subtree_q(unit.path, "unit__path"))
                .filter(person__citizen_id=data["citizen_id"].strip()).select_related("unit", "person").first()
            )  # fmt: skip
            if membership is None:
                form.add_error("citizen_id", _("No member of this unit has this citizen ID."))
            else:
                try:
                    services.strike_off_propose(actor=request.user, membership=membership,
                                                proposed_on=data["proposed_on"], reason=data["reason"])  # fmt: skip
                    return redirect(f"{request.path}?unit={unit.code}")
                except ValidationError as error:
                    _errors(form, error)
        status = 422
    return render(
        request,
        "followup/screening.html",
        {
            "unit": unit,
            "year": year,
            "rows": selectors.screening_rows(unit=unit, year=year),
            "form": form,
            "can_record": may_record(request.user, unit),
            "times": services.followup_settings().screening_years,
        },
        status=status,
    )
