"""Admission dossiers: read, open, and record each step through admission.services, exactly as the pages do.

Writes to an existing dossier need If-Match with the dossier's ETag (its version): missing → 428, stale → 412,
so a client that has not seen the latest change cannot overwrite it. Refusals are 422 with every unmet condition."""

import datetime
from typing import Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, ModelSchema, Query, Router, Schema, Status

from ptdv.admission import services
from ptdv.admission.access import access_dossier, dossiers_visible_to
from ptdv.admission.models import Dossier, IntroducerKind
from ptdv.admission.selectors import introducer_choices
from ptdv.people.access import access_candidate
from ptdv.units.access import access_unit
from ptdv.units.models import subtree_q

from ..errors import ApiError, ErrorOut
from ..pagination import Page, keyset_page
from ..schemas import Id, In, Limit, PathId

router = Router(tags=["dossiers"])
ERRORS = {403: ErrorOut, 404: ErrorOut, 412: ErrorOut, 422: ErrorOut, 428: ErrorOut}


class IntroductionOut(Schema):
    kind: str
    introducer_id: int | None
    months_together: int | None
    document: str
    dated: datetime.date


class FailedVoteOut(Schema):
    recognition: bool
    body: str
    vote_on: datetime.date
    denominator: int
    votes_for: int


class DossierOut(ModelSchema):
    person_name: str
    stage_label: str
    introductions: list[IntroductionOut]
    failed_votes: list[FailedVoteOut]

    class Meta:
        model = Dossier
        fields = "__all__"

    @staticmethod
    def resolve_person_name(obj):
        return obj.person.full_name

    @staticmethod
    def resolve_stage_label(obj):
        return str(obj.get_stage_display())

    @staticmethod
    def resolve_introductions(obj):
        return list(obj.introductions.all())

    @staticmethod
    def resolve_failed_votes(obj):
        return list(obj.failed_votes.all())


class DossierFilters(In):
    stage: str = ""
    unit: Id | None = None
    cursor: str | None = None
    limit: Limit = 50


class OpenIn(In):
    candidate_id: Id
    opened_on: datetime.date


class ApplicationIn(In):
    application_on: datetime.date
    cv_on: datetime.date


class IntroducerIn(In):
    kind: Literal["member", "youth_union", "trade_union"] = "member"
    dated: datetime.date
    introducer_id: Id | None = None
    months_together: int | None = Field(None, ge=0, le=1200)
    document: str = Field("", max_length=64)


class IntroductionIn(In):
    introducers: list[IntroducerIn] = Field(..., min_length=1, max_length=3)


class SummaryIn(In):
    on: datetime.date
    summary: str = Field(..., max_length=10_000)


class CellVoteIn(In):
    vote_on: datetime.date
    denominator: int = Field(..., ge=0, le=10_000)
    votes_for: int = Field(..., ge=0, le=10_000)
    resolution: str = Field(..., max_length=32)
    ballot: Literal["secret", "raised_card"]
    denominator_note: str = Field("", max_length=255)


class CommitteeVoteIn(In):
    vote_on: datetime.date
    committee_size: int = Field(..., ge=0, le=1000)
    votes_for: int = Field(..., ge=0, le=1000)
    resolution: str = Field(..., max_length=32)


class DecisionIn(In):
    decision_on: datetime.date
    number: str = Field(..., max_length=32)
    signer: str = Field("", max_length=120)


class CeremonyIn(In):
    ceremony_on: datetime.date


class CeremonyApprovalIn(In):
    document: str = Field(..., max_length=120)
    number: str = Field(..., max_length=32)
    approved_on: datetime.date
    allowed_until: datetime.date


class ProbationIn(In):
    helper_id: Id
    self_review_on: datetime.date | None = None
    helper_assessment_on: datetime.date | None = None
    comments_on: datetime.date | None = None


class RecognitionVoteIn(In):
    vote_on: datetime.date
    denominator: int = Field(..., ge=0, le=10_000)
    votes_for: int = Field(..., ge=0, le=10_000)
    resolution: str = Field(..., max_length=32)


class RecognitionIn(In):
    decision_on: datetime.date
    number: str = Field(..., max_length=32)
    signer: str = Field("", max_length=120)


class CloseIn(In):
    outcome: Literal["withdrawn", "rejected", "struck_off"]
    closed_on: datetime.date
    reason: str = Field(..., max_length=10_000)


class FailedVoteIn(In):
    body: Literal["cell", "committee"] = "cell"
    vote_on: datetime.date
    denominator: int = Field(..., ge=0, le=10_000)
    votes_for: int = Field(..., ge=0, le=10_000)


class ReferralDecisionIn(In):
    outcome: Literal["recognise", "strike_off"]
    decided_on: datetime.date
    number: str = Field(..., max_length=32)
    signer: str = Field("", max_length=120)
    reason: str = Field("", max_length=10_000)


class CorrectionIn(In):
    reason: str = Field(..., max_length=10_000)
    values: dict[str, str | int | None] = Field(
        default_factory=dict,
        description="The step's own input names and their corrected values (dates as yyyy-mm-dd)",
    )
    introducers: list[IntroducerIn] | None = Field(None, min_length=1, max_length=3)


class ReturnIn(In):
    returned_on: datetime.date
    reason: str = Field(..., max_length=10_000)


class ParticularsIn(In):
    over_60_consent: str = Field("", max_length=255)
    readmission: bool = False
    left_on: datetime.date | None = None
    left_reason: str = Field("", max_length=32)
    convicted: bool = False
    conviction_cleared_on: datetime.date | None = None
    readmission_consent: str = Field("", max_length=255)
    readmitted_before: bool = False
    education_exception: bool | None = Field(
        None, description="Below lower-secondary education, admitted by exception (omit: unchanged)"
    )
    education_exception_reason: str = Field("", max_length=2000)


def etag(dossier: Dossier) -> str:
    return f'"{dossier.version}"'


def _detail(dossier_id: int) -> Dossier:
    return (
        Dossier.objects.select_related("person", "unit")
        .prefetch_related("introductions", "failed_votes")
        .get(pk=dossier_id)
    )


def expected_version(request, dossier: Dossier) -> int:
    """The version the client last saw, from If-Match; 428 without it, 412 when it is not the current one."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise ApiError(
            428,
            "if_match_required",
            _("Send If-Match with the dossier's ETag (read the dossier first), so no newer change is overwritten."),
        )
    if header == "*":
        return dossier.version
    tags = [tag.strip().removeprefix("W/").strip('"') for tag in header.split(",")]
    if str(dossier.version) not in tags:
        raise ApiError(
            412,
            "stale",
            _(
                "Someone else changed this dossier while you were editing it; nothing you sent was saved. "
                "Open the dossier again to see the change, then record the step again."
            ),
        )
    return dossier.version


def _write(request, response: HttpResponse, dossier_id: PathId, record) -> Dossier:
    dossier = access_dossier(request.auth, dossier_id)
    version = expected_version(request, dossier)
    result = record(dossier, version)
    response["ETag"] = etag(result)
    return _detail(result.pk)


def _step(request, response: HttpResponse, dossier_id: PathId, service, data: In) -> Dossier:
    """Record a step whose input fields are the service's own keyword arguments."""
    return _write(
        request,
        response,
        dossier_id,
        lambda d, v: service(actor=request.auth, dossier=d, expected_version=v, **data.model_dump()),
    )


@router.get("", response=Page[DossierOut])
def dossier_list(request, filters: Query[DossierFilters]):
    dossiers = (
        dossiers_visible_to(request.auth)
        .select_related("person", "unit")
        .prefetch_related("introductions", "failed_votes")
    )
    if filters.unit is not None:
        dossiers = dossiers.filter(subtree_q(access_unit(request.auth, filters.unit).path, "unit__path"))
    if filters.stage:
        dossiers = dossiers.filter(stage=filters.stage)
    return keyset_page(dossiers, order=("opened_on", "pk"), cursor=filters.cursor, limit=filters.limit)


@router.get("/{int:dossier_id}", response={200: DossierOut, 404: ErrorOut})
def dossier_detail(request, response: HttpResponse, dossier_id: PathId):
    dossier = access_dossier(request.auth, dossier_id)
    response["ETag"] = etag(dossier)
    return _detail(dossier.pk)


@router.post("", response={201: DossierOut, **ERRORS}, summary="Open a dossier for a candidate of the pool")
def dossier_open(request, response: HttpResponse, data: OpenIn):
    candidate = access_candidate(request.auth, data.candidate_id)
    dossier = services.dossier_open(actor=request.auth, candidate=candidate, opened_on=data.opened_on)
    response["ETag"] = etag(dossier)
    return Status(201, _detail(dossier.pk))


@router.post("/{int:dossier_id}/application", response={200: DossierOut, **ERRORS})
def record_application(request, response: HttpResponse, dossier_id: PathId, data: ApplicationIn):
    return _step(request, response, dossier_id, services.dossier_record_application, data)


def _introducers(request, dossier: Dossier, items: list[IntroducerIn]) -> list[services.IntroducerInput]:
    choices = introducer_choices(dossier=dossier)
    result = []
    for item in items:
        person = None
        if item.kind == IntroducerKind.MEMBER:
            person = choices.filter(pk=item.introducer_id).first() if item.introducer_id else None
            if person is None:
                raise ApiError(
                    422, "introducer_not_full_member", _("Choose the introducing member (not the applicant).")
                )
        result.append(
            services.IntroducerInput(
                kind=item.kind,
                dated=item.dated,
                introducer=person,
                months_together=item.months_together,
                document=item.document,
            )
        )
    return result


@router.post("/{int:dossier_id}/introduction", response={200: DossierOut, **ERRORS})
def record_introduction(request, response: HttpResponse, dossier_id: PathId, data: IntroductionIn):
    return _write(
        request,
        response,
        dossier_id,
        lambda d, v: services.dossier_record_introduction(
            actor=request.auth, dossier=d, introducers=_introducers(request, d, data.introducers), expected_version=v
        ),
    )


@router.post(
    "/{int:dossier_id}/papers-redone",
    response={200: DossierOut, **ERRORS},
    summary="The introduction papers redone (12-month freshness rule), keeping verification and comments",
)
def record_papers_redone(request, response: HttpResponse, dossier_id: PathId, data: IntroductionIn):
    return _write(
        request,
        response,
        dossier_id,
        lambda d, v: services.dossier_redo_papers(
            actor=request.auth, dossier=d, introducers=_introducers(request, d, data.introducers), expected_version=v
        ),
    )


@router.post("/{int:dossier_id}/verification", response={200: DossierOut, **ERRORS})
def record_verification(request, response: HttpResponse, dossier_id: PathId, data: SummaryIn):
    return _write(
        request,
        response,
        dossier_id,
        lambda d, v: services.dossier_record_verification(
            actor=request.auth, dossier=d, concluded_on=data.on, summary=data.summary, expected_version=v
        ),
    )


@router.post("/{int:dossier_id}/comments", response={200: DossierOut, **ERRORS})
def record_comments(request, response: HttpResponse, dossier_id: PathId, data: SummaryIn):
    return _write(
        request,
        response,
        dossier_id,
        lambda d, v: services.dossier_record_comments(
            actor=request.auth, dossier=d, summarised_on=data.on, summary=data.summary, expected_version=v
        ),
    )


@router.post("/{int:dossier_id}/cell-vote", response={200: DossierOut, **ERRORS})
def record_cell_vote(request, response: HttpResponse, dossier_id: PathId, data: CellVoteIn):
    return _step(request, response, dossier_id, services.dossier_record_cell_vote, data)


@router.post("/{int:dossier_id}/committee-vote", response={200: DossierOut, **ERRORS})
def record_committee_vote(request, response: HttpResponse, dossier_id: PathId, data: CommitteeVoteIn):
    return _step(request, response, dossier_id, services.dossier_record_committee_vote, data)


@router.post("/{int:dossier_id}/decision", response={200: DossierOut, **ERRORS})
def record_decision(request, response: HttpResponse, dossier_id: PathId, data: DecisionIn):
    return _step(request, response, dossier_id, services.dossier_record_decision, data)


@router.post("/{int:dossier_id}/ceremony", response={200: DossierOut, **ERRORS})
def record_ceremony(request, response: HttpResponse, dossier_id: PathId, data: CeremonyIn):
    return _step(request, response, dossier_id, services.dossier_record_ceremony, data)


@router.post(
    "/{int:dossier_id}/ceremony-approval",
    response={200: DossierOut, **ERRORS},
    summary="The committee above approves a ceremony later than 30 working days after the decision",
)
def record_ceremony_approval(request, response: HttpResponse, dossier_id: PathId, data: CeremonyApprovalIn):
    return _step(request, response, dossier_id, services.dossier_record_ceremony_approval, data)


def _helper(dossier: Dossier, helper_id: int):
    helper = introducer_choices(dossier=dossier).filter(pk=helper_id).first()
    if helper is None:
        raise ApiError(422, "helper_not_full_member", _("Choose a full member of the grassroots organisation."))
    return helper


@router.post("/{int:dossier_id}/probation", response={200: DossierOut, **ERRORS})
def record_probation(request, response: HttpResponse, dossier_id: PathId, data: ProbationIn):
    return _write(
        request,
        response,
        dossier_id,
        lambda d, v: services.dossier_record_probation(
            actor=request.auth,
            dossier=d,
            helper=_helper(d, data.helper_id),
            self_review_on=data.self_review_on,
            helper_assessment_on=data.helper_assessment_on,
            comments_on=data.comments_on,
            expected_version=v,
        ),
    )


@router.post("/{int:dossier_id}/recognition-cell-vote", response={200: DossierOut, **ERRORS})
def record_recognition_cell_vote(request, response: HttpResponse, dossier_id: PathId, data: RecognitionVoteIn):
    return _step(request, response, dossier_id, services.dossier_record_recognition_cell_vote, data)


@router.post("/{int:dossier_id}/recognition-committee-vote", response={200: DossierOut, **ERRORS})
def record_recognition_committee_vote(request, response: HttpResponse, dossier_id: PathId, data: CommitteeVoteIn):
    return _step(request, response, dossier_id, services.dossier_record_recognition_committee_vote, data)


@router.post("/{int:dossier_id}/recognition", response={200: DossierOut, **ERRORS})
def record_recognition(request, response: HttpResponse, dossier_id: PathId, data: RecognitionIn):
    return _step(request, response, dossier_id, services.dossier_record_recognition, data)


@router.post("/{int:dossier_id}/close", response={200: DossierOut, **ERRORS}, summary="Withdraw, reject or strike off")
def dossier_close(request, response: HttpResponse, dossier_id: PathId, data: CloseIn):
    return _step(request, response, dossier_id, services.dossier_close, data)


@router.post(
    "/{int:dossier_id}/failed-vote",
    response={200: DossierOut, **ERRORS},
    summary="A vote of the cell or the committee that did not reach 2/3 (admission or recognition): the stage stays",
)
def record_failed_vote(request, response: HttpResponse, dossier_id: PathId, data: FailedVoteIn):
    return _step(request, response, dossier_id, services.dossier_record_failed_vote, data)


@router.post(
    "/{int:dossier_id}/referral-decision",
    response={200: DossierOut, **ERRORS},
    summary="After three failed recognition votes: the committee above recognises or strikes off",
)
def record_referral_decision(request, response: HttpResponse, dossier_id: PathId, data: ReferralDecisionIn):
    return _step(request, response, dossier_id, services.dossier_record_referral_decision, data)


def _correction_values(stage: str, values: dict) -> dict:
    """The API's values typed as the dossier's fields: dates from yyyy-mm-dd, counts as integers."""
    fields = services.CORRECTABLE.get(services.Stage(stage), {})
    typed = {}
    for name, value in values.items():
        field = fields.get(name)
        if field is None:
            typed[name] = value  # refused by the service with not_correctable
            continue
        kind = Dossier._meta.get_field(field).get_internal_type()
        try:
            if kind == "DateField":
                typed[name] = datetime.date.fromisoformat(str(value))
            elif "Integer" in kind:
                typed[name] = int(value)
            else:
                typed[name] = "" if value is None else str(value)
        except ValueError:
            raise ApiError(422, "invalid", _("Check the value of %(name)s.") % {"name": name}) from None
    return typed


@router.put(
    "/{int:dossier_id}/steps/{stage}",
    response={200: DossierOut, **ERRORS},
    summary="Correct the dossier's last step (the unit that recorded it, with a reason; the old values are kept)",
)
def correct_step(request, response: HttpResponse, dossier_id: PathId, stage: str, data: CorrectionIn):
    if stage not in {s.value for s in services.CORRECTABLE}:
        raise ApiError(404, "not_found", _("Not found."))
    return _write(
        request,
        response,
        dossier_id,
        lambda d, v: services.dossier_correct_step(
            actor=request.auth,
            dossier=d,
            stage=stage,
            values=_correction_values(stage, data.values),
            reason=data.reason,
            introducers=_introducers(request, d, data.introducers) if data.introducers else None,
            expected_version=v,
        ),
    )


@router.post(
    "/{int:dossier_id}/return",
    response={200: DossierOut, **ERRORS},
    summary="Send the dossier back one step to be corrected",
)
def return_for_correction(request, response: HttpResponse, dossier_id: PathId, data: ReturnIn):
    return _step(request, response, dossier_id, services.dossier_return_for_correction, data)


@router.post(
    "/{int:dossier_id}/particulars",
    response={200: DossierOut, **ERRORS},
    summary="Consent for an applicant over 60; a former member's re-admission particulars",
)
def set_particulars(request, response: HttpResponse, dossier_id: PathId, data: ParticularsIn):
    return _step(request, response, dossier_id, services.dossier_set_particulars, data)
