"""The follow-up of new members (ptdv/followup): residence cells, ratings, the screening list and the outcome
figures — the same selectors and services as the pages, scoped to the token's units."""

import datetime
from typing import Annotated, Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from ptdv.followup import selectors, services
from ptdv.followup.models import Band, ExemptionReason, Period
from ptdv.followup.outcomes import outcome_figures
from ptdv.membership.models import Membership
from ptdv.units.access import access_unit
from ptdv.units.models import Unit, subtree_q

from ..errors import ApiError, ErrorOut
from ..schemas import Id, In, PathId
from .reports import unit_period_report

router = Router(tags=["followup"])
ERRORS = {404: ErrorOut, 422: ErrorOut}
Year = Annotated[int, Field(ge=1930, le=2200)]


def _member(request, member_id: int) -> Membership:
    user = request.auth
    if getattr(user, "unit", None) is None:
        raise Http404
    membership = (
        Membership.objects.filter(subtree_q(user.unit.path, "unit__path"), pk=member_id)
        .select_related("unit", "person").first()
    )  # fmt: skip
    if membership is None:
        raise Http404
    return membership


class UnitQuery(In):
    unit: Id


class ResidenceOut(Schema):
    member_id: int
    full_name: str
    cell_id: int
    residence_unit_id: int | None
    residence_place: str
    letter_date: datetime.date | None
    letter_number: str
    exemption: str
    introduction_due: datetime.date | None
    introduction_state: str  # on_time, late, not_yet, overdue, exempt; "" for members admitted earlier


@router.get("/residence", response=list[ResidenceOut], summary="Members introduced to a residence cell, per unit")
def residence_list(request, query: Query[UnitQuery]):
    unit = access_unit(request.auth, query.unit)
    return [
        {
            "member_id": row.membership.pk,
            "full_name": row.membership.person.full_name,
            "cell_id": row.membership.unit_id,
            "residence_unit_id": row.liaison.residence_unit_id if row.liaison else None,
            "residence_place": row.liaison.residence_place if row.liaison else "",
            "letter_date": row.liaison.letter_date if row.liaison else None,
            "letter_number": row.liaison.letter_number if row.liaison else "",
            "exemption": row.exemption.reason if row.exemption else "",
            "introduction_due": row.deadline.due if row.deadline else None,
            "introduction_state": row.state,
        }
        for row in selectors.residence_rows(unit=unit)
    ]


class LetterIn(In):
    letter_date: datetime.date
    letter_number: str = Field("", max_length=64)
    residence_unit: Id | None = None
    residence_place: str = Field("", max_length=255)


@router.post("/residence/{int:member_id}/letters", response={201: dict[str, Any], **ERRORS},
             summary="Record the letter introducing a member to their residence cell")  # fmt: skip
def residence_letter(request, member_id: PathId, data: LetterIn):
    membership = _member(request, member_id)
    residence = None
    if data.residence_unit is not None:
        residence = Unit.objects.filter(pk=data.residence_unit).first()
        if residence is None:
            raise ApiError(422, "residence", _("No unit has this id."))
    liaison = services.residence_introduce(
        actor=request.auth, membership=membership, letter_date=data.letter_date, residence_unit=residence,
        residence_place=data.residence_place, letter_number=data.letter_number,
    )  # fmt: skip
    return Status(201, {"id": liaison.pk, "member_id": membership.pk, "letter_date": liaison.letter_date})


class ExemptionIn(In):
    reason: ExemptionReason
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    note: str = Field("", max_length=255)


@router.post("/residence/{int:member_id}/exemptions", response={201: dict[str, Any], **ERRORS},
             summary="Exempt a member from the residence introduction, with the reason")  # fmt: skip
def residence_exemption(request, member_id: PathId, data: ExemptionIn):
    membership = _member(request, member_id)
    exemption = services.residence_exempt(
        actor=request.auth, membership=membership, reason=data.reason, valid_from=data.valid_from,
        valid_to=data.valid_to, note=data.note,
    )  # fmt: skip
    return Status(201, {"id": exemption.pk, "member_id": membership.pk})


class CommentIn(In):
    year: Year
    received: bool
    received_on: datetime.date | None = None
    summary: str = Field("", max_length=500)


@router.post("/residence/{int:member_id}/comments", response={200: dict[str, Any], **ERRORS},
             summary="The residence cell's comments on a year: received, or not received")  # fmt: skip
def residence_comment(request, member_id: PathId, data: CommentIn):
    membership = _member(request, member_id)
    comment = services.residence_comment_record(
        actor=request.auth, membership=membership, year=data.year, received=data.received,
        received_on=data.received_on, summary=data.summary,
    )  # fmt: skip
    return {"member_id": membership.pk, "year": comment.year, "received": comment.received}


class RatingQuery(In):
    unit: Id
    year: Year
    period: Period = Period.YEAR


class RatingOut(Schema):
    member_id: int
    full_name: str
    band: str  # excellent, good, completed, not_completed; "" when not rated
    note: str
    rated: bool  # false: admitted less than the setting's months before the period's end — reviewed, not rated


@router.get("/ratings", response=list[RatingOut], summary="A unit's own members and their rating for a period")
def rating_list(request, query: Query[RatingQuery]):
    unit = access_unit(request.auth, query.unit)
    return [
        {"member_id": r.membership.pk, "full_name": r.membership.person.full_name,
         "band": r.rating.band if r.rating else "", "note": r.rating.note if r.rating else "", "rated": r.rated}
        for r in selectors.cell_rating_rows(cell=unit, year=query.year, period=query.period)
    ]  # fmt: skip


class RatingIn(In):
    year: Year
    period: Period = Period.YEAR
    band: Band
    note: str = Field("", max_length=500)


@router.put("/ratings/{int:member_id}", response={200: dict[str, Any], **ERRORS},
            summary="Set a member's rating for a year or a quarter (warnings: the 20% cap)")  # fmt: skip
def rating_put(request, member_id: PathId, data: RatingIn):
    membership = _member(request, member_id)
    result = services.rating_set(actor=request.auth, membership=membership, year=data.year, period=data.period,
                                 band=data.band, note=data.note)  # fmt: skip
    return {"member_id": membership.pk, "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged, "warnings": result.warnings}  # fmt: skip


class ScreeningQuery(In):
    unit: Id
    year: Year | None = None


class ScreeningOut(Schema):
    member_id: int
    full_name: str
    cell_id: int
    not_completed_years: list[int]
    proposed_on: datetime.date | None


@router.get("/screening", response=list[ScreeningOut], summary="The screening list of a unit (sàng lọc)")
def screening_list(request, query: Query[ScreeningQuery]):
    unit = access_unit(request.auth, query.unit)
    year = query.year or timezone.localdate().year - 1
    return [
        {"member_id": r.membership.pk, "full_name": r.membership.person.full_name, "cell_id": r.membership.unit_id,
         "not_completed_years": r.not_completed_years, "proposed_on": r.proposal.proposed_on if r.proposal else None}
        for r in selectors.screening_rows(unit=unit, year=year)
    ]  # fmt: skip


class OutcomeQuery(In):
    unit: Id
    date_from: datetime.date
    date_to: datetime.date


OUTCOMES = "The outcome figures of the members admitted in a period (residence, ratings, probation)"


@router.get("/outcomes", response={200: dict[str, Any], **ERRORS}, summary=OUTCOMES)
def outcomes(request, query: Query[OutcomeQuery]):
    return unit_period_report(request, query, outcome_figures)
