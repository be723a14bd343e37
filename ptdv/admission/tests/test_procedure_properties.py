"""issue #15, "Done when": for random sequences of steps — next steps, corrections, returns, failed votes and
closings, at random dates — the dossier's recorded dates are always in procedure.md's order ("Stages"; "Dates that
follow": a closing date respects what is recorded) and the roll (membership) agrees with the dossier."""

import contextlib
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ptdv.admission import rules, services
from ptdv.admission.models import Dossier, IntroducerKind
from ptdv.membership.models import Membership

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = datetime.date
Stage = rules.Stage
DATE_INPUT = {stage: name for stage, fields in services.CORRECTABLE.items() for name, f in fields.items()
              if f == services.STAGE_DATE_FIELDS.get(stage)}  # fmt: skip

operations = st.lists(
    st.tuples(
        st.sampled_from(["next", "next", "next", "next", "correct", "return", "failed", "close"]),
        st.integers(min_value=-20, max_value=60),  # days from the last date used (negative: backdated)
    ),
    min_size=1,
    max_size=18,
)


def _next(w, dossier: Dossier, day: datetime.date) -> Dossier:
    stage = None if dossier.stage == "opened" else Stage(dossier.stage)
    target = rules.next_stage(stage)
    s = services
    if target == Stage.APPLICATION:
        return s.dossier_record_application(actor=None, dossier=dossier, application_on=day, cv_on=day)
    if target == Stage.INTRODUCTION:
        items = [
            s.IntroducerInput(kind=IntroducerKind.MEMBER, dated=day, introducer=w[name], months_together=24)
            for name in ("intro1", "intro2")
        ]
        return s.dossier_record_introduction(actor=None, dossier=dossier, introducers=items)
    if target == Stage.VERIFICATION:
        return s.dossier_record_verification(actor=None, dossier=dossier, concluded_on=day, summary="Rõ ràng.")
    if target == Stage.COMMENTS:
        return s.dossier_record_comments(actor=None, dossier=dossier, summarised_on=day, summary="Tốt.")
    if target == Stage.CELL_VOTE:
        return s.dossier_record_cell_vote(
            actor=None, dossier=dossier, vote_on=day, denominator=10, votes_for=9, resolution="1", ballot="secret",
            denominator_note="Sổ",
        )  # fmt: skip
    if target == Stage.COMMITTEE_VOTE:
        return s.dossier_record_committee_vote(
            actor=None, dossier=dossier, vote_on=day, committee_size=9, votes_for=8, resolution="2"
        )
    if target == Stage.DECISION:
        return s.dossier_record_decision(actor=None, dossier=dossier, decision_on=day, number="3", signer="A")
    if target == Stage.CEREMONY:
        return s.dossier_record_ceremony(actor=None, dossier=dossier, ceremony_on=day)
    if target == Stage.RECOGNITION_CELL_VOTE:
        if dossier.probation_helper_id is None:
            papers = max(dossier.ceremony_on, min(day, D(2026, 11, 22)))
            dossier = s.dossier_record_probation(
                actor=None, dossier=dossier, helper=w["intro1"], self_review_on=papers,
                helper_assessment_on=papers, comments_on=papers,
            )  # fmt: skip
        return s.dossier_record_recognition_cell_vote(
            actor=None, dossier=dossier, vote_on=day, denominator=10, votes_for=9, resolution="4"
        )
    if target == Stage.RECOGNITION_COMMITTEE_VOTE:
        return s.dossier_record_recognition_committee_vote(
            actor=None, dossier=dossier, vote_on=day, committee_size=9, votes_for=8, resolution="5"
        )
    if target == Stage.FULL_MEMBER:
        return s.dossier_record_recognition(actor=None, dossier=dossier, decision_on=day, number="6", signer="A")
    return dossier


def _act(w, dossier: Dossier, operation: str, day: datetime.date) -> None:
    stage = None if dossier.stage == "opened" else Stage(dossier.stage)
    s = services
    if operation == "next":
        if stage == Stage.CEREMONY:  # a recognition vote is possible only once probation has ended
            day = max(day, rules.full_member_date(dossier.ceremony_on))
        _next(w, dossier, day)
    elif operation == "correct" and stage in DATE_INPUT:
        s.dossier_correct_step(actor=None, dossier=dossier, stage=stage.value, values={DATE_INPUT[stage]: day},
                               reason="Sửa ngày")  # fmt: skip
    elif operation == "correct" and stage == Stage.INTRODUCTION:
        items = [
            s.IntroducerInput(kind=IntroducerKind.MEMBER, dated=day, introducer=w[name], months_together=30)
            for name in ("intro1", "intro2")
        ]
        s.dossier_correct_step(actor=None, dossier=dossier, stage="introduction", values={}, reason="x",
                               introducers=items)  # fmt: skip
    elif operation == "return":
        s.dossier_return_for_correction(actor=None, dossier=dossier, returned_on=day, reason="Bổ sung")
    elif operation == "failed":
        body = "committee" if stage in (Stage.CELL_VOTE, Stage.RECOGNITION_CELL_VOTE) else "cell"
        if stage == Stage.CEREMONY:
            day = max(day, rules.full_member_date(dossier.ceremony_on))
        s.dossier_record_failed_vote(actor=None, dossier=dossier, vote_on=day, denominator=9, votes_for=4, body=body)
    elif operation == "close":
        outcome = "struck_off" if stage in rules.DURING_PROBATION else "withdrawn"
        s.dossier_close(actor=None, dossier=dossier, outcome=outcome, closed_on=day, reason="Lý do")


def _check(dossier: Dossier) -> None:
    """The invariants: dates in the procedure's order; the roll says what the dossier says."""
    recorded = [getattr(dossier, services.STAGE_DATE_FIELDS[s]) for s in rules.ORDER]
    main = [d for d in recorded if d is not None]
    assert main == sorted(main), recorded
    assert all(dossier.opened_on <= d for d in main)
    failed = list(dossier.failed_votes.values_list("vote_on", flat=True))
    if dossier.closed_on is not None:
        assert all(d <= dossier.closed_on for d in main + failed), (dossier.closed_on, main, failed)
    if dossier.ceremony_on and dossier.stage == "struck_off":
        assert dossier.closed_on >= dossier.ceremony_on
    membership = Membership.objects.filter(person=dossier.person).first()
    stage = dossier.stage
    if stage in ("opened", *[s.value for s in rules.BEFORE_DECISION if s], "withdrawn", "rejected"):
        assert membership is None
    elif stage == "full_member":
        assert membership.status == "full" and membership.full_member_date == dossier.full_member_on
        assert dossier.full_member_on == rules.full_member_date(dossier.ceremony_on)
    elif stage == "struck_off":
        assert membership.status == "struck_off"
    else:  # decision … recognition votes: a probationary member, dated as the dossier
        assert membership.status == "probationary"
        assert membership.decision_date == dossier.decision_on
        assert membership.ceremony_date == dossier.ceremony_on


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(ops=operations)
def _run(w, ops):
    with transaction.atomic():
        dossier = services.dossier_open(actor=None, candidate=w["candidate"], opened_on=D(2025, 1, 6))
        day = D(2025, 1, 6)
        for operation, gap in ops:
            day = day + datetime.timedelta(days=gap)
            dossier = Dossier.objects.get(pk=dossier.pk)
            if not dossier.is_open:
                break
            with contextlib.suppress(ValidationError):  # refused: nothing written, the invariants still hold
                _act(w, dossier, operation, day)
            _check(Dossier.objects.get(pk=dossier.pk))
        transaction.set_rollback(True)


def test_random_sequences_keep_the_dates_in_order_and_the_roll_in_step_with_the_dossier(world):
    _run(world)
