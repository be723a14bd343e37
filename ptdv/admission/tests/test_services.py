"""Dossier moves: each step checked by the rules, refused with the reason and nothing written, or recorded with
its event; the roll follows (probationary at the decision, full at recognition)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from ptdv.admission import services
from ptdv.admission.models import Dossier
from ptdv.admission.tests.conftest import D, cell_vote, introducers, up_to_comments
from ptdv.audit.models import Event
from ptdv.membership.models import Membership
from ptdv.people.services import candidate_enter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def snapshot():
    return (
        list(Dossier.objects.values_list("stage", "version", "cell_vote_on", "ceremony_on")),
        Event.objects.count(),
        Membership.objects.count(),
    )


def refused(call, expected):
    before = snapshot()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        call()
    text = " ".join(error.value.messages)
    assert expected in text, text
    assert snapshot() == before
    return text


def test_from_pool_to_full_member(world):
    w = world
    dossier = cell_vote(w, up_to_comments(w))
    assert dossier.stage == "cell_vote" and dossier.cell_votes_for == 9
    dossier = services.dossier_record_committee_vote(
        actor=w["committee"],
        dossier=dossier,
        vote_on=D(2025, 4, 8),
        committee_size=9,
        votes_for=8,
        resolution="12-NQ/ĐU",
    )
    dossier = services.dossier_record_decision(
        actor=w["bloc"], dossier=dossier, decision_on=D(2025, 5, 19), number="215-QĐ/ĐUK", signer="Nguyễn Văn A"
    )
    assert dossier.decided_by == w["tree"].bloc
    membership = Membership.objects.get(person=dossier.person)
    assert membership.status == "probationary" and membership.seniority_from == D(2025, 5, 19)
    dossier = services.dossier_record_ceremony(actor=w["secretary"], dossier=dossier, ceremony_on=D(2025, 6, 2))
    refused(
        lambda: services.dossier_record_recognition_cell_vote(
            actor=w["secretary"], dossier=dossier, vote_on=D(2026, 6, 8), denominator=10, votes_for=10, resolution="9"
        ),
        "self-review (10-KNĐ)",
    )
    dossier = services.dossier_record_probation(
        actor=w["secretary"],
        dossier=dossier,
        helper=w["intro1"],
        self_review_on=D(2026, 5, 20),
        helper_assessment_on=D(2026, 5, 22),
        comments_on=D(2026, 5, 29),
    )
    dossier = services.dossier_record_recognition_cell_vote(
        actor=w["secretary"],
        dossier=dossier,
        vote_on=D(2026, 6, 8),
        denominator=10,
        votes_for=10,
        resolution="09-NQ/CB",
    )
    dossier = services.dossier_record_recognition_committee_vote(
        actor=w["committee"],
        dossier=dossier,
        vote_on=D(2026, 6, 15),
        committee_size=9,
        votes_for=9,
        resolution="20-NQ/ĐU",
    )
    dossier = services.dossier_record_recognition(
        actor=w["bloc"], dossier=dossier, decision_on=D(2026, 7, 1), number="301-QĐ/ĐUK", signer="Nguyễn Văn A"
    )
    assert dossier.stage == "full_member"
    assert dossier.full_member_on == D(2026, 6, 2)  # the day the 12 months end, though the meetings were later
    membership.refresh_from_db()
    assert membership.status == "full" and membership.full_member_date == D(2026, 6, 2)
    from ptdv.membership.services import membership_record_card

    refused(
        lambda: membership_record_card(
            actor=w["secretary"],
            person=dossier.person,
            card_number="012345678901",
            card_decision="",
            handed_on=D(2026, 6, 1),
        ),
        "after the member becomes a full member",
    )
    membership_record_card(
        actor=w["secretary"],
        person=dossier.person,
        card_number="012345678901",
        card_decision="45-QĐ/ĐUK",
        handed_on=D(2026, 7, 15),
    )
    membership.refresh_from_db()
    assert membership.card_number == "012345678901" and membership.card_handed_on == D(2026, 7, 15)
    actions = list(Event.objects.filter(target_type="admission.dossier").values_list("action", flat=True))
    assert "dossier.cell_vote" in actions and "dossier.full_member" in actions
    w["candidate"].refresh_from_db()
    assert w["candidate"].left_on == D(2025, 1, 6) and w["candidate"].leave_reason == "admission"


def test_a_probationary_introducer_is_refused(world):
    w = world
    s = w["secretary"]
    dossier = services.dossier_open(actor=s, candidate=w["candidate"], opened_on=D(2025, 1, 6))
    dossier = services.dossier_record_application(
        actor=s, dossier=dossier, application_on=D(2025, 1, 6), cv_on=D(2025, 1, 6)
    )
    refused(
        lambda: services.dossier_record_introduction(
            actor=s, dossier=dossier, introducers=introducers(w, second=w["probationer"])
        ),
        "full",
    )
    refused(
        lambda: services.dossier_record_introduction(actor=s, dossier=dossier, introducers=introducers(w, (24, 11))),
        "12",
    )


def test_a_vote_of_6_of_10_is_refused_with_the_arithmetic(world):
    w = world
    dossier = up_to_comments(w)
    text = refused(lambda: cell_vote(w, dossier, votes_for=6, denominator=10), "6/10 = 60%")
    assert "2/3" in text
    assert cell_vote(w, dossier, votes_for=7, denominator=10).stage == "cell_vote"


def test_a_certificate_older_than_60_months_is_refused(world):
    w = world
    dossier = up_to_comments(w)
    # the certificate is dated 11/03/2024: 60 months later is 11/03/2029, so vote "in" 2029 by moving the clock
    with time_machine.travel(datetime.datetime(2029, 4, 12, 10, 0, tzinfo=datetime.UTC), tick=False):
        refused(lambda: cell_vote(w, dossier, on=D(2029, 4, 12)), "certificate")


def test_a_ceremony_before_the_decision_is_refused(world):
    w = world
    dossier = cell_vote(w, up_to_comments(w))
    dossier = services.dossier_record_committee_vote(
        actor=w["committee"], dossier=dossier, vote_on=D(2025, 4, 8), committee_size=9, votes_for=8, resolution="12"
    )
    dossier = services.dossier_record_decision(
        actor=w["bloc"], dossier=dossier, decision_on=D(2025, 5, 19), number="1", signer="Nguyễn Văn A"
    )
    refused(
        lambda: services.dossier_record_ceremony(actor=w["secretary"], dossier=dossier, ceremony_on=D(2025, 5, 18)),
        "18/05/2025",
    )


def test_recognition_before_12_months_is_refused(world):
    w = world
    dossier = cell_vote(w, up_to_comments(w))
    dossier = services.dossier_record_committee_vote(
        actor=w["committee"], dossier=dossier, vote_on=D(2025, 4, 8), committee_size=9, votes_for=8, resolution="12"
    )
    dossier = services.dossier_record_decision(
        actor=w["bloc"], dossier=dossier, decision_on=D(2025, 5, 19), number="1", signer="Nguyễn Văn A"
    )
    dossier = services.dossier_record_ceremony(actor=w["secretary"], dossier=dossier, ceremony_on=D(2025, 6, 2))
    refused(
        lambda: services.dossier_record_recognition_cell_vote(
            actor=w["secretary"], dossier=dossier, vote_on=D(2026, 6, 1), denominator=10, votes_for=10, resolution="9"
        ),
        "02/06/2026",
    )


def test_a_second_open_dossier_for_one_person_is_refused(world):
    w = world
    services.dossier_open(actor=w["secretary"], candidate=w["candidate"], opened_on=D(2025, 1, 6))
    again = candidate_enter(
        actor=None, person=w["candidate"].person, unit=w["tree"].cell_it, entered_on=D(2025, 2, 1), source="cell"
    )
    refused(
        lambda: services.dossier_open(actor=w["secretary"], candidate=again, opened_on=D(2025, 2, 2)),
        "already has an open admission dossier",
    )


def test_steps_by_users_outside_the_unit_or_without_the_role_are_refused(world):
    w = world
    dossier = up_to_comments(w)
    for actor in (w["sibling"], w["viewer"], w["committee"]):  # the committee does not record the cell's vote
        w["secretary"], saved = actor, w["secretary"]
        refused(lambda: cell_vote(w, dossier), "may not record this step")
        w["secretary"] = saved
    dossier = cell_vote(w, dossier)
    refused(
        lambda: services.dossier_record_committee_vote(
            actor=w["secretary"], dossier=dossier, vote_on=D(2025, 4, 8), committee_size=9, votes_for=8, resolution="1"
        ),
        "may not record this step",
    )


def test_two_people_editing_at_once_the_second_save_is_refused(world):
    w = world
    dossier = up_to_comments(w)
    version_seen_by_both = dossier.version
    services.dossier_record_cell_vote(
        actor=w["secretary"],
        dossier=dossier,
        vote_on=D(2025, 3, 27),
        denominator=10,
        votes_for=9,
        resolution="05",
        ballot="secret",
        denominator_note="x",
        expected_version=version_seen_by_both,
    )
    refused(
        lambda: services.dossier_record_cell_vote(
            actor=w["secretary"],
            dossier=dossier,
            vote_on=D(2025, 3, 28),
            denominator=10,
            votes_for=8,
            resolution="06",
            ballot="secret",
            denominator_note="x",
            expected_version=version_seen_by_both,
        ),
        "Someone else changed this dossier",
    )
    assert Dossier.objects.get().cell_resolution == "05"


def test_steps_out_of_order_and_future_dates_are_refused(world):
    w = world
    s = w["secretary"]
    dossier = services.dossier_open(actor=s, candidate=w["candidate"], opened_on=D(2025, 1, 6))
    refused(
        lambda: services.dossier_record_verification(actor=s, dossier=dossier, concluded_on=D(2025, 1, 7), summary="x"),
        "cannot be recorded now",
    )
    refused(
        lambda: services.dossier_record_application(
            actor=s, dossier=dossier, application_on=D(2026, 11, 23), cv_on=D(2026, 11, 23)
        ),
        "future",
    )
    refused(
        lambda: services.dossier_record_application(
            actor=s, dossier=dossier, application_on=D(2025, 1, 10), cv_on=D(2025, 1, 9)
        ),
        "CV",
    )


def test_withdrawal_and_striking_off(world):
    w = world
    dossier = cell_vote(w, up_to_comments(w))
    refused(
        lambda: services.dossier_close(
            actor=w["secretary"], dossier=dossier, outcome="struck_off", closed_on=D(2025, 4, 1), reason="x"
        ),
        "cannot be recorded now",
    )
    closed = services.dossier_close(
        actor=w["secretary"],
        dossier=dossier,
        outcome="withdrawn",
        closed_on=D(2025, 4, 1),
        reason="Chuyển công tác ra nước ngoài",
    )
    assert closed.stage == "withdrawn" and not closed.is_open


def test_three_failed_votes_send_the_case_to_the_higher_committee(world):
    """29-QĐ/TW §4.2: after 3 votes that fail to reach 2/3 the case goes to the higher committee."""
    w = world
    dossier = up_to_comments(w)
    refused(
        lambda: services.dossier_record_failed_vote(
            actor=w["secretary"], dossier=dossier, vote_on=D(2025, 3, 27), denominator=10, votes_for=7
        ),
        "passed",
    )
    for attempt in (1, 2, 3):
        dossier = services.dossier_record_failed_vote(
            actor=w["secretary"], dossier=dossier, vote_on=D(2025, 3, 20 + attempt), denominator=10, votes_for=6
        )
        refer_up = services.failed_votes_refer_up(dossier, body="cell")
        assert dossier.failed_cell_votes == attempt and refer_up == (attempt == 3)
    assert dossier.stage == "comments"


def test_return_for_correction_goes_back_one_step(world):
    w = world
    dossier = cell_vote(w, up_to_comments(w))
    refused(
        lambda: services.dossier_return_for_correction(
            actor=w["secretary"], dossier=dossier, returned_on=D(2025, 4, 1), reason="Thiếu giấy tờ"
        ),
        "may not record this step",
    )
    dossier = services.dossier_return_for_correction(
        actor=w["committee"], dossier=dossier, returned_on=D(2025, 4, 1), reason="Bổ sung nghị quyết"
    )
    assert dossier.stage == "comments" and dossier.cell_vote_on is None
    assert cell_vote(w, dossier, on=D(2025, 4, 3)).stage == "cell_vote"


def test_readmission_and_over_60_particulars_feed_the_cell_vote(world):
    """294-QĐ/TW §3.5: a former member out for less than 36 months cannot be re-admitted."""
    w = world
    dossier = up_to_comments(w)
    dossier = services.dossier_set_particulars(
        actor=w["secretary"],
        dossier=dossier,
        readmission=True,
        left_on=D(2023, 1, 2),
        left_reason="struck_off",
        readmission_consent="125-CV/TU",
    )
    refused(lambda: cell_vote(w, dossier), "36")
    dossier = services.dossier_set_particulars(
        actor=w["secretary"],
        dossier=dossier,
        readmission=True,
        left_on=D(2021, 1, 2),
        left_reason="struck_off",
        readmission_consent="125-CV/TU",
    )
    assert cell_vote(w, dossier).stage == "cell_vote"


def test_dossier_stage_codes_are_the_rules_stages():
    from ptdv.admission.models import DossierStage
    from ptdv.admission.rules import Stage

    assert set(DossierStage.values) == {s.value for s in Stage} | {"opened"}


def test_a_probation_helper_from_another_grassroots_organisation_is_refused(world):
    w = world
    dossier = cell_vote(w, up_to_comments(w))
    dossier = services.dossier_record_committee_vote(
        actor=w["committee"], dossier=dossier, vote_on=D(2025, 4, 8), committee_size=9, votes_for=8, resolution="12"
    )
    dossier = services.dossier_record_decision(
        actor=w["bloc"], dossier=dossier, decision_on=D(2025, 5, 19), number="1", signer="Nguyễn Văn A"
    )
    dossier = services.dossier_record_ceremony(actor=w["secretary"], dossier=dossier, ceremony_on=D(2025, 6, 2))
    record = lambda helper: services.dossier_record_probation(  # noqa: E731
        actor=w["secretary"],
        dossier=dossier,
        helper=helper,
        self_review_on=None,
        helper_assessment_on=None,
        comments_on=None,
    )
    refused(lambda: record(w["foreign"]), "another grassroots organisation")
    refused(lambda: record(w["probationer"]), "probationary")
    assert record(w["intro2"]).probation_helper == w["intro2"]
