"""The member's page (their whole history and the actions on it) and the transfers page of a unit."""

import contextlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ptdv.units.access import access_unit

from . import cards, movements, selectors
from .forms import CardForm, MoveDecisionForm, MovementForm, ReceiveForm, TemporaryForm, TransferForm
from .models import Membership, Transfer, TransferKind, TransferState


def _membership(request, pk) -> Membership:
    membership = selectors.memberships_visible_to(request.user).filter(pk=pk).select_related("person", "unit").first()
    if membership is None:
        raise Http404
    return membership


def _context(request, membership, **forms):
    can_record = movements.may_record(request.user, membership.unit) and request.user.is_authenticated
    return {
        "membership": membership,
        "person": membership.person,
        "events": selectors.member_history_with_cards(membership),
        "transfers": membership.transfers.select_related("origin", "destination", "cell", "issued_by"),
        "can_record": can_record,
        "movement_form": forms.get("movement_form") or MovementForm(initial={"date": timezone.localdate()}),
        "transfer_form": forms.get("transfer_form") or TransferForm(initial={"letter_date": timezone.localdate()}),
        "move_form": forms.get("move_form") or MoveDecisionForm(),
        "card_form": forms.get("card_form") or CardForm(initial={"date": timezone.localdate()}),
        "temporary_form": forms.get("temporary_form") or TemporaryForm(initial={"date": timezone.localdate()}),
        "active_temporary": membership.transfers.filter(
            kind=TransferKind.TEMPORARY, state=TransferState.ACTIVE
        ).first(),
    }


def member_detail(request, pk):
    membership = _membership(request, pk)
    return render(request, "membership/detail.html", _context(request, membership))


def _refused(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@require_POST
def member_movement(request, pk):
    membership = _membership(request, pk)
    if not movements.may_record(request.user, membership.unit):
        raise PermissionDenied
    action = request.POST.get("action", "movement")
    if action == "transfer":
        form = TransferForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                movements.transfer_issue(
                    actor=request.user, membership=membership, origin=membership.unit,
                    letter_date=data["letter_date"], letter_number=data["letter_number"],
                    destination=data["destination_code"], other_place=data["other_place"], reason=data["reason"],
                )  # fmt: skip
                return redirect("membership:detail", membership.pk)
            except ValidationError as error:
                _refused(form, error)
        return render(request, "membership/detail.html", _context(request, membership, transfer_form=form), status=422)
    if action == "temporary":
        form = TemporaryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                movements.transfer_temporary(
                    actor=request.user, membership=membership, host=data["host_code"], on=data["date"],
                    until=data["until"], other_place=data["other_place"], letter_number=data["letter_number"],
                )  # fmt: skip
                return redirect("membership:detail", membership.pk)
            except ValidationError as error:
                _refused(form, error)
        return render(request, "membership/detail.html", _context(request, membership, temporary_form=form), status=422)
    if action == "move_decided":
        form = MoveDecisionForm(request.POST)
        if form.is_valid():
            try:
                movements.member_move_decided(actor=request.user, membership=membership,
                                              on=form.cleaned_data["move_decided_on"],
                                              document_number=form.cleaned_data["move_decision"])  # fmt: skip
                return redirect("membership:detail", membership.pk)
            except ValidationError as error:
                _refused(form, error)
        return render(request, "membership/detail.html", _context(request, membership, move_form=form), status=422)
    if action == "card":
        form = CardForm(request.POST)
        if form.is_valid():
            try:
                cards.card_event_record(actor=request.user, membership=membership, on=form.cleaned_data.pop("date"),
                                        **form.cleaned_data)  # fmt: skip
                return redirect("membership:detail", membership.pk)
            except ValidationError as error:
                _refused(form, error)
        return render(request, "membership/detail.html", _context(request, membership, card_form=form), status=422)
    if action == "temporary_back":
        transfer = membership.transfers.filter(kind=TransferKind.TEMPORARY, state=TransferState.ACTIVE).first()
        if transfer is not None:
            with contextlib.suppress(ValidationError):  # already ended: the page shows the history as it is
                movements.transfer_temporary_end(actor=request.user, transfer=transfer, on=timezone.localdate())
        return redirect("membership:detail", membership.pk)
    form = MovementForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        document = {key: data[key] for key in ("document_number", "document_date", "note")}
        try:
            movements.movement_record(
                actor=request.user, membership=membership, kind=data["kind"], on=data["date"],
                unit=data["unit_code"], **document,
            )  # fmt: skip
            return redirect("membership:detail", membership.pk)
        except ValidationError as error:
            _refused(form, error)
    return render(request, "membership/detail.html", _context(request, membership, movement_form=form), status=422)


@require_http_methods(["GET", "POST"])
def transfers(request):
    """A unit's transfers: outgoing letters, incoming ones awaiting receipt (with the receipt form), temporary guests
    and members away."""
    code = request.GET.get("unit") or request.POST.get("unit")
    unit = access_unit(request.user, _unit_pk(code) if code else request.user.unit_id or 0)
    from ptdv.units.models import subtree_q

    form = None
    status = 200
    if request.method == "POST":
        transfer = Transfer.objects.filter(subtree_q(unit.path, "destination__path"),
                                           pk=request.POST.get("transfer") or 0).first()  # fmt: skip
        if transfer is None:
            raise Http404
        form = ReceiveForm(request.POST)
        if form.is_valid():
            try:
                movements.transfer_receive(actor=request.user, transfer=transfer, cell=form.cleaned_data["cell_code"],
                                           on=form.cleaned_data["date"])  # fmt: skip
                return redirect(f"{request.path}?unit={unit.code}")
            except ValidationError as error:
                _refused(form, error)
        status = 422
    today = timezone.localdate()
    base = Transfer.objects.select_related("membership__person", "origin", "destination", "cell")
    return render(
        request,
        "membership/transfers.html",
        {
            "unit": unit,
            "outgoing": base.filter(subtree_q(unit.path, "origin__path"), kind=TransferKind.OFFICIAL)[:200],
            "incoming": base.filter(subtree_q(unit.path, "destination__path"), state=TransferState.ISSUED),
            "guests": selectors.roll_members_on(unit=unit, day=today, guests=True),
            "away": selectors.roll_members_on(unit=unit, day=today).exclude(away__isnull=True, away_outside=False),
            "receive_form": form or ReceiveForm(initial={"date": today}),
            "today": today,
        },
        status=status,
    )


def _unit_pk(code: str) -> int:
    from ptdv.units.models import Unit

    return Unit.objects.filter(code__iexact=code.strip()).values_list("pk", flat=True).first() or 0


__all__ = ["_", "member_detail", "member_movement", "transfers"]
