import contextlib
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ptdv.audit.selectors import events_for_target
from ptdv.core.forms import add_service_errors
from ptdv.people.access import access_candidate

from . import forms, rules, selectors, services, steps
from .access import CELL, COMPETENT, GRASSROOTS, access_dossier, acting_unit, can_act
from .models import Dossier, DossierStage, IntroducerKind

Stage = rules.Stage


def _status(form) -> int:
    return 422 if form.is_bound and form.errors else 200


def _introducers(data) -> list[services.IntroducerInput]:
    result = []
    for n in (1, 2):
        result.append(
            services.IntroducerInput(
                kind=data[f"kind_{n}"],
                dated=data[f"dated_{n}"],
                introducer=data[f"member_{n}"] if data[f"kind_{n}"] == IntroducerKind.MEMBER else None,
                months_together=data[f"months_{n}"],
                document=data[f"document_{n}"],
            )
        )
    return result


# stage → (form class, service call taking (actor, dossier, cleaned data, version), initial values)
STEPS = {
    Stage.APPLICATION: (
        forms.ApplicationForm,
        lambda a, d, c, v: services.dossier_record_application(
            actor=a, dossier=d, application_on=c["application_on"], cv_on=c["cv_on"], expected_version=v
        ),
    ),
    Stage.INTRODUCTION: (
        forms.IntroductionForm,
        lambda a, d, c, v: services.dossier_record_introduction(
            actor=a, dossier=d, introducers=_introducers(c), expected_version=v
        ),
    ),
    Stage.VERIFICATION: (
        forms.VerificationForm,
        lambda a, d, c, v: services.dossier_record_verification(
            actor=a, dossier=d, concluded_on=c["concluded_on"], summary=c["summary"], expected_version=v
        ),
    ),
    Stage.COMMENTS: (
        forms.CommentsForm,
        lambda a, d, c, v: services.dossier_record_comments(
            actor=a, dossier=d, summarised_on=c["summarised_on"], summary=c["summary"], expected_version=v
        ),
    ),
    Stage.CELL_VOTE: (
        forms.CellVoteForm,
        lambda a, d, c, v: services.dossier_record_cell_vote(
            actor=a,
            dossier=d,
            vote_on=c["vote_on"],
            denominator=c["denominator"],
            votes_for=c["votes_for"],
            resolution=c["resolution"],
            ballot=c["ballot"],
            denominator_note=c["denominator_note"],
            expected_version=v,
        ),
    ),
    Stage.COMMITTEE_VOTE: (
        forms.CommitteeVoteForm,
        lambda a, d, c, v: services.dossier_record_committee_vote(
            actor=a,
            dossier=d,
            vote_on=c["vote_on"],
            committee_size=c["committee_size"],
            votes_for=c["votes_for"],
            resolution=c["resolution"],
            expected_version=v,
        ),
    ),
    Stage.DECISION: (
        forms.DecisionForm,
        lambda a, d, c, v: services.dossier_record_decision(
            actor=a,
            dossier=d,
            decision_on=c["decision_on"],
            number=c["number"],
            signer=c["signer"],
            expected_version=v,
        ),
    ),
    Stage.CEREMONY: (
        forms.CeremonyForm,
        lambda a, d, c, v: services.dossier_record_ceremony(
            actor=a, dossier=d, ceremony_on=c["ceremony_on"], expected_version=v
        ),
    ),
    Stage.RECOGNITION_CELL_VOTE: (
        forms.RecognitionCellVoteForm,
        lambda a, d, c, v: services.dossier_record_recognition_cell_vote(
            actor=a,
            dossier=d,
            vote_on=c["vote_on"],
            denominator=c["denominator"],
            votes_for=c["votes_for"],
            resolution=c["resolution"],
            expected_version=v,
        ),
    ),
    Stage.RECOGNITION_COMMITTEE_VOTE: (
        forms.RecognitionCommitteeVoteForm,
        lambda a, d, c, v: services.dossier_record_recognition_committee_vote(
            actor=a,
            dossier=d,
            vote_on=c["vote_on"],
            committee_size=c["committee_size"],
            votes_for=c["votes_for"],
            resolution=c["resolution"],
            expected_version=v,
        ),
    ),
    Stage.FULL_MEMBER: (
        forms.RecognitionForm,
        lambda a, d, c, v: services.dossier_record_recognition(
            actor=a, dossier=d, decision_on=c["decision_on"], number=c["number"], signer=c["signer"], expected_version=v
        ),
    ),
}


# steps whose resolution or decision may take its number from the register: (number field, date field)
NUMBERED_STEPS = steps.table("numbered")


def _with_register_number(user, dossier: Dossier, stage: Stage, action):
    """“Lấy số tự động”: the number comes from the issuing unit's register, in the step's transaction (a refused
    step gives the number back). Otherwise the number typed in is used as it is."""

    def run(data):
        if stage not in NUMBERED_STEPS or not data.get("auto_number"):
            return action(data)
        number_field, date_field = NUMBERED_STEPS[stage]
        with transaction.atomic():
            number = steps.step_number_issue(
                actor=user, dossier=dossier, stage=stage, issued_on=data[date_field], signer=data.get("signer", "")
            )
            return action({**data, number_field: number})

    return run


def _step_initial(dossier: Dossier, stage: Stage) -> dict:
    today = timezone.localdate()
    initial = {"version": dossier.version}
    date_field = steps.STEP[stage].form_dates
    initial.update(dict.fromkeys(date_field, today))
    if stage in (Stage.CELL_VOTE, Stage.RECOGNITION_CELL_VOTE):  # the cell's full members on the roll
        roll = services.cell_full_members_on(dossier.unit, today)
        initial["denominator"] = roll or None
    if stage == Stage.INTRODUCTION:  # the months together are the introducers' to state: no default to pass the rule
        initial.update({"kind_1": IntroducerKind.MEMBER, "kind_2": IntroducerKind.MEMBER})
    if stage in (Stage.DECISION, Stage.FULL_MEMBER):  # who signed the deciding committee's latest decision
        initial["signer"] = selectors.last_signer(unit=selectors.deciding_unit(dossier))
    return initial


def _dossier_form(
    request, dossier, form_class, action, *, initial=None, form_kwargs=None, success=None, extra_context=None
):
    """Show a form about one dossier, run its service, go back to the dossier; the service's reasons on the form."""
    form = form_class(
        request.POST or None, initial={"version": dossier.version, **(initial or {})}, **(form_kwargs or {})
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if isinstance(result, FailedVoteRecorded):  # recorded from its own form or from the vote's
                success = _("The vote that did not pass was recorded.")
            messages.success(request, success or _("Saved."))
            if isinstance(result, FailedVoteRecorded) and result.refer_up:
                messages.warning(
                    request, _("Three votes have not reached 2/3: the case now goes to the higher committee.")
                )
            return redirect("admission:detail", pk=dossier.pk)
    context = {"form": form, "dossier": dossier, "title": form_class.title, **(extra_context or {})}
    return render(request, "admission/step.html", context, status=_status(form))


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


@dataclass(frozen=True)
class FailedVoteRecorded:
    dossier: Dossier
    refer_up: bool  # the third failed vote: the case goes to the committee above


def _failed_vote(user, dossier: Dossier, *, body: str, **values) -> FailedVoteRecorded:
    dossier = services.dossier_record_failed_vote(actor=user, dossier=dossier, body=body, **values)
    return FailedVoteRecorded(dossier, services.failed_votes_refer_up(dossier, body=body))


# vote steps: the body whose vote it is, for a vote that did not pass (recorded from the same form)
VOTE_BODIES = steps.table("vote_body")


def _failed_or_step(user, dossier: Dossier, stage: Stage, action):
    """A vote form with “did not reach 2/3” ticked records the failed vote (as POST …/failed-vote does)."""

    def run(data):
        if stage in VOTE_BODIES and data.get("record_failed"):
            return _failed_vote(
                user,
                dossier,
                body=VOTE_BODIES[stage],
                vote_on=data["vote_on"],
                denominator=data.get("denominator") or data.get("committee_size"),
                votes_for=data["votes_for"],
                expected_version=data["version"],
            )
        return action(data)

    return run


@require_http_methods(["GET", "POST"])
def dossier_step(request, pk, stage):
    dossier = access_dossier(request.user, pk)
    try:
        stage = Stage(stage)
        form_class, action = STEPS[stage]
    except (ValueError, KeyError):
        raise Http404 from None
    _require(can_act(request.user, dossier, services.STAGE_ACTORS[stage]))
    kwargs = {"members": selectors.introducer_choices(dossier=dossier)} if stage == Stage.INTRODUCTION else {}
    return _dossier_form(
        request,
        dossier,
        form_class,
        _failed_or_step(
            request.user,
            dossier,
            stage,
            _with_register_number(
                request.user, dossier, stage, lambda data: action(request.user, dossier, data, data["version"])
            ),
        ),
        initial=_step_initial(dossier, stage),
        form_kwargs=kwargs,
        success=_("Recorded: %(step)s.") % {"step": form_class.title},
        extra_context={"vote_roll": _vote_roll(request, dossier, form_class)} if stage in VOTE_ROLL_STAGES else None,
    )


VOTE_ROLL_STAGES = (Stage.CELL_VOTE, Stage.RECOGNITION_CELL_VOTE)


def _vote_roll(request, dossier, form_class) -> dict:
    """Who the cell's roll counts in the vote's denominator on the vote date entered (today before one is)."""
    from ptdv.membership.selectors import vote_roll

    day = timezone.localdate()
    if request.method == "POST":
        with contextlib.suppress(ValidationError):
            day = form_class.base_fields["vote_on"].clean(request.POST.get("vote_on")) or day
    return vote_roll(unit=dossier.unit, day=day)


@require_http_methods(["GET", "POST"])
def dossier_close(request, pk):
    dossier = access_dossier(request.user, pk)
    outcomes = [
        (s.value, DossierStage(s.value).label)
        for s in (Stage.WITHDRAWN, Stage.REJECTED, Stage.STRUCK_OFF)
        if s in rules.allowed_moves(selectors.current_stage(dossier))
        and can_act(request.user, dossier, services.STAGE_ACTORS[s])
    ]
    _require(bool(outcomes))
    return _dossier_form(
        request,
        dossier,
        forms.CloseForm,
        lambda d: services.dossier_close(
            actor=request.user,
            dossier=dossier,
            outcome=d["outcome"],
            closed_on=d["closed_on"],
            reason=d["reason"],
            expected_version=d["version"],
        ),
        initial={"closed_on": timezone.localdate()},
        form_kwargs={"outcomes": outcomes},
        success=_("The dossier was closed."),
    )


def _failed_vote_bodies(user, dossier: Dossier) -> list[str]:
    """Whose failed vote the user may record now: the cell's before its vote, the committee's after the cell's."""
    current = selectors.current_stage(dossier)
    return [
        body
        for (stage, body) in services.FAILED_VOTE_STAGES
        if stage == current and can_act(user, dossier, GRASSROOTS if body == "committee" else CELL)
    ]


@require_http_methods(["GET", "POST"])
def dossier_failed_vote(request, pk):
    dossier = access_dossier(request.user, pk)
    bodies = _failed_vote_bodies(request.user, dossier)
    _require(bool(bodies))
    return _dossier_form(
        request,
        dossier,
        forms.FailedVoteForm,
        lambda d: _failed_vote(
            request.user,
            dossier,
            body=d["body"] or bodies[0],
            vote_on=d["vote_on"],
            denominator=d["denominator"],
            votes_for=d["votes_for"],
            expected_version=d["version"],
        ),
        initial={"vote_on": timezone.localdate(), "body": bodies[0]},
        form_kwargs={"bodies": bodies},
        success=_("The vote that did not pass was recorded."),
    )


def _correction_form(stage: Stage):
    """The step's own form, without the register's number or the failed vote's box, with the reason."""
    from django import forms as django_forms

    base = STEPS[stage][0]

    class CorrectionForm(base):
        title = base.title
        reason = django_forms.CharField(
            label=_("Reason for the correction"), widget=django_forms.Textarea(attrs={"rows": 2}), required=False
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name in ("auto_number", "record_failed"):
                self.fields.pop(name, None)

        def clean(self):
            return django_forms.Form.clean(self)

    return CorrectionForm


def _correction_initial(dossier: Dossier, stage: Stage) -> dict:
    if stage == Stage.INTRODUCTION:
        initial = {}
        for n, item in enumerate(dossier.introductions.all()[:2], start=1):
            initial |= {
                f"kind_{n}": item.kind,
                f"member_{n}": item.introducer_id,
                f"months_{n}": item.months_together,
                f"document_{n}": item.document,
                f"dated_{n}": item.dated,
            }
        return initial
    return {name: getattr(dossier, field) for name, field in services.CORRECTABLE[stage].items()}


@require_http_methods(["GET", "POST"])
def dossier_correct(request, pk, stage):
    """Correct the dossier's last step (the unit that recorded it, with a reason; the old values stay recorded)."""
    dossier = access_dossier(request.user, pk)
    try:
        stage = Stage(stage)
        services.CORRECTABLE[stage]
    except (ValueError, KeyError):
        raise Http404 from None
    _require(can_act(request.user, dossier, services.STAGE_ACTORS[stage]))

    def save(data):
        fields = services.CORRECTABLE[stage]
        return services.dossier_correct_step(
            actor=request.user,
            dossier=dossier,
            stage=stage.value,
            values={name: data[name] for name in fields if name in data},
            reason=data["reason"],
            introducers=_introducers(data) if stage == Stage.INTRODUCTION else None,
            expected_version=data["version"],
        )

    kwargs = {"members": selectors.introducer_choices(dossier=dossier)} if stage == Stage.INTRODUCTION else {}
    return _dossier_form(
        request,
        dossier,
        _correction_form(stage),
        save,
        initial=_correction_initial(dossier, stage),
        form_kwargs=kwargs,
        success=_("Corrected: %(step)s.") % {"step": STEPS[stage][0].title},
    )


@require_http_methods(["GET", "POST"])
def dossier_papers(request, pk):
    """The introduction papers redone (freshness rule), keeping the verification and the comments."""
    dossier = access_dossier(request.user, pk)
    _require(selectors.current_stage(dossier) in services.REDO_PAPERS_STAGES and can_act(request.user, dossier, CELL))
    form_class = forms.PapersRedoneForm
    return _dossier_form(
        request,
        dossier,
        form_class,
        lambda d: services.dossier_redo_papers(
            actor=request.user, dossier=dossier, introducers=_introducers(d), expected_version=d["version"]
        ),
        initial={"kind_1": IntroducerKind.MEMBER, "kind_2": IntroducerKind.MEMBER},
        form_kwargs={"members": selectors.introducer_choices(dossier=dossier)},
        success=_("Recorded: the introduction papers redone."),
    )


@require_http_methods(["GET", "POST"])
def dossier_ceremony_approval(request, pk):
    """A ceremony later than 30 working days after the decision needs the committee above's approval."""
    dossier = access_dossier(request.user, pk)
    _require(dossier.stage == DossierStage.DECISION and can_act(request.user, dossier, COMPETENT))
    initial = {
        "document": dossier.ceremony_approval_document,
        "number": dossier.ceremony_approval_number,
        "approved_on": dossier.ceremony_approval_on or timezone.localdate(),
        "allowed_until": dossier.ceremony_allowed_until,
    }
    return _dossier_form(
        request,
        dossier,
        forms.CeremonyApprovalForm,
        lambda d: services.dossier_record_ceremony_approval(
            actor=request.user,
            dossier=dossier,
            document=d["document"],
            number=d["number"],
            approved_on=d["approved_on"],
            allowed_until=d["allowed_until"],
            expected_version=d["version"],
        ),
        initial=initial,
        success=_("Recorded: the approval of a later ceremony."),
    )


@require_http_methods(["GET", "POST"])
def dossier_referral(request, pk):
    """The committee above decides after three failed recognition votes (procedure.md "Votes")."""
    dossier = access_dossier(request.user, pk)
    _require(dossier.is_open and dossier.referred_on is not None and can_act(request.user, dossier, COMPETENT))
    return _dossier_form(
        request,
        dossier,
        forms.ReferralForm,
        lambda d: services.dossier_record_referral_decision(
            actor=request.user,
            dossier=dossier,
            outcome=d["outcome"],
            decided_on=d["decided_on"],
            number=d["number"],
            signer=d["signer"],
            reason=d["reason"],
            expected_version=d["version"],
        ),
        initial={
            "decided_on": timezone.localdate(),
            "signer": selectors.last_signer(unit=selectors.deciding_unit(dossier)),
        },
        success=_("Recorded: the decision after referral."),
    )


@require_http_methods(["GET", "POST"])
def dossier_return(request, pk):
    dossier = access_dossier(request.user, pk)
    _require(can_act(request.user, dossier, GRASSROOTS) or can_act(request.user, dossier, COMPETENT))
    return _dossier_form(
        request,
        dossier,
        forms.ReturnForm,
        lambda d: services.dossier_return_for_correction(
            actor=request.user,
            dossier=dossier,
            returned_on=d["returned_on"],
            reason=d["reason"],
            expected_version=d["version"],
        ),
        initial={"returned_on": timezone.localdate()},
        success=_("The dossier was returned for correction."),
    )


@require_http_methods(["GET", "POST"])
def dossier_particulars(request, pk):
    dossier = access_dossier(request.user, pk)
    _require(can_act(request.user, dossier, CELL))
    initial = {
        "over_60_consent": dossier.over_60_consent,
        "readmission": dossier.readmission,
        "left_on": dossier.readmission_left_on,
        "left_reason": dossier.readmission_left_reason,
        "convicted": dossier.readmission_convicted,
        "conviction_cleared_on": dossier.readmission_conviction_cleared_on,
        "readmission_consent": dossier.readmission_consent,
        "readmitted_before": dossier.readmission_before,
        "education_exception": bool(dossier.candidate and dossier.candidate.education_exception),
        "education_exception_reason": dossier.candidate.education_exception if dossier.candidate else "",
    }

    def save(data):
        data = dict(data)
        version = data.pop("version")
        if dossier.candidate_id is None and not data["education_exception"]:
            data["education_exception"] = None  # nothing to record, nowhere to record it
        return services.dossier_set_particulars(actor=request.user, dossier=dossier, expected_version=version, **data)

    return _dossier_form(request, dossier, forms.ParticularsForm, save, initial=initial)


@require_http_methods(["GET", "POST"])
def dossier_probation(request, pk):
    dossier = access_dossier(request.user, pk)
    _require(can_act(request.user, dossier, CELL))
    initial = {
        "helper": dossier.probation_helper_id or selectors.pool_helper_id(dossier=dossier),
        "self_review_on": dossier.self_review_on,
        "helper_assessment_on": dossier.helper_assessment_on,
        "comments_on": dossier.probation_comments_on,
    }
    return _dossier_form(
        request,
        dossier,
        forms.ProbationForm,
        lambda d: services.dossier_record_probation(
            actor=request.user,
            dossier=dossier,
            helper=d["helper"],
            self_review_on=d["self_review_on"],
            helper_assessment_on=d["helper_assessment_on"],
            comments_on=d["comments_on"],
            expected_version=d["version"],
        ),
        initial=initial,
        form_kwargs={"members": selectors.introducer_choices(dossier=dossier)},
    )


@require_http_methods(["GET", "POST"])
def dossier_card(request, pk):
    """The party card of a recognised member, handed over at the next cell meeting."""
    from ptdv.membership.services import membership_record_card

    dossier = access_dossier(request.user, pk)
    _require(dossier.stage == DossierStage.FULL_MEMBER and can_act(request.user, dossier, CELL))
    membership = dossier.person.membership
    initial = {
        "card_number": membership.card_number,
        "card_decision": membership.card_decision,
        "handed_on": membership.card_handed_on or timezone.localdate(),
    }
    return _dossier_form(
        request,
        dossier,
        forms.CardForm,
        lambda d: membership_record_card(
            actor=request.user,
            person=dossier.person,
            card_number=d["card_number"],
            card_decision=d["card_decision"],
            handed_on=d["handed_on"],
        ),
        initial=initial,
    )


@require_http_methods(["GET", "POST"])
def dossier_open(request, candidate_pk):
    candidate = access_candidate(request.user, candidate_pk, for_edit=True)
    if not can_act(request.user, Dossier(unit=candidate.unit), CELL):
        raise PermissionDenied
    form = forms.OpenForm(request.POST or None, initial={"opened_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_open(
                actor=request.user, candidate=candidate, opened_on=form.cleaned_data["opened_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The admission dossier was opened."))
            return redirect("admission:detail", pk=dossier.pk)
    return render(
        request,
        "admission/open.html",
        {"form": form, "candidate": candidate, "person": candidate.person},
        status=_status(form),
    )


@require_GET
def dossier_detail(request, pk):
    dossier = access_dossier(request.user, pk)
    current = selectors.current_stage(dossier)
    next_stage = rules.next_stage(current) if dossier.is_open else None
    acts = {}
    if next_stage is not None:
        acts = {
            "stage": next_stage,
            "label": STEPS[next_stage][0].title,
            "unit": acting_unit(dossier, services.STAGE_ACTORS[next_stage]),
            "can_act": can_act(request.user, dossier, services.STAGE_ACTORS[next_stage]),
            "unmet": selectors.unmet_for_next_step(dossier, next_stage),
        }
    can_close = dossier.is_open and any(
        s in rules.allowed_moves(current) and can_act(request.user, dossier, services.STAGE_ACTORS[s])
        for s in (Stage.WITHDRAWN, Stage.REJECTED, Stage.STRUCK_OFF)
    )
    can_return = (
        dossier.is_open
        and rules.can_return_for_correction(current)
        and (can_act(request.user, dossier, GRASSROOTS) or can_act(request.user, dossier, COMPETENT))
    )
    cell_actor = can_act(request.user, dossier, CELL)
    vote_due = dossier.is_open and dossier.referred_on is None and bool(_failed_vote_bodies(request.user, dossier))
    if dossier.is_open and dossier.referred_on is not None:  # three failed recognition votes: the committee above
        acts = {
            "stage": "referral",
            "label": forms.ReferralForm.title,
            "unit": acting_unit(dossier, COMPETENT),
            "can_act": can_act(request.user, dossier, COMPETENT),
            "unmet": [],
            "url": reverse("admission:referral", args=[dossier.pk]),
        }
    deadline = selectors.dossier_deadline(dossier)
    return render(
        request,
        "admission/detail.html",
        {
            "dossier": dossier,
            "can_return": can_return,
            "vote_due": vote_due,
            "can_probation": current == Stage.CEREMONY and cell_actor,
            "can_correct": dossier.is_open
            and current in services.CORRECTABLE
            and not services.correction_problems(request.user, dossier, current),
            "can_redo_papers": dossier.is_open and current in services.REDO_PAPERS_STAGES and cell_actor,
            "can_approve_ceremony": current == Stage.DECISION and can_act(request.user, dossier, COMPETENT),
            "can_card": current == Stage.FULL_MEMBER and cell_actor,
            "membership": getattr(dossier.person, "membership", None),
            "can_particulars": dossier.is_open
            and cell_actor
            and current in (None, Stage.APPLICATION, Stage.INTRODUCTION, Stage.VERIFICATION, Stage.COMMENTS),
            "refer_up": dossier.referred_on is not None and dossier.is_open,
            "failed_votes": dossier.failed_votes.all(),
            "timeline": selectors.dossier_timeline(dossier),
            "next": acts,
            "deadline": deadline,
            "tracker": selectors.dossier_tracker(dossier, deadline),
            "can_close": can_close,
            "events": events_for_target(target=dossier, limit=30),
            "cell_vote": selectors.vote_text(dossier.cell_votes_for, dossier.cell_denominator),
            "committee_vote": selectors.vote_text(dossier.committee_votes_for, dossier.committee_size),
        },
    )


@require_GET
def dossier_board(request):
    """The stages that hold dossiers as columns (they wrap on a narrow screen); the empty ones named on one line."""
    columns = selectors.dossier_board(user=request.user)
    return render(
        request,
        "admission/board.html",
        {
            "columns": [c for c in columns if c["count"]],
            "empty_stages": [c["label"] for c in columns if not c["count"]],
            "total": sum(c["count"] for c in columns),
        },
    )


@require_GET
def probation_list(request):
    """Every probationary member of the user's units (the roll's, dossier or not) with the end of probation."""
    from django.core.paginator import Paginator

    page = Paginator(selectors.probationers(user=request.user), 100).get_page(request.GET.get("page"))
    rows = selectors.probation_rows(user=request.user, memberships=page.object_list)
    return render(request, "admission/probation.html", {"rows": rows, "page": page, "query": ""})
