"""issue #15: the procedure without gaps. Each test names the rule of ../shared/domain/procedure.md it checks, at
its edge, and the page and the API refuse or accept the same cases with the same codes."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ptdv.admission import services
from ptdv.admission.models import Dossier, IntroducerKind
from ptdv.admission.services import IntroducerInput
from ptdv.admission.tests.conftest import cell_vote, introducers, up_to_comments
from ptdv.api.services import api_token_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = datetime.date


def codes(call) -> set[str]:
    with pytest.raises(ValidationError) as refused:
        call()
    return {e.code for errors in refused.value.error_dict.values() for e in errors}


def page_codes(user, url, data) -> tuple[int, set[str]]:
    """Post a page's form; the status and the codes of the reasons it shows."""
    client = Client()
    client.force_login(user)
    response = client.post(url, data)
    if response.status_code != 422:
        return response.status_code, set()
    form = response.context["form"]
    return 422, {e.code for errors in form.errors.as_data().values() for e in errors}


def api_codes(user, path, data) -> tuple[int, set[str]]:
    """Post the same step to the API, with the dossier's current ETag; the status and the codes it answers."""
    _token, raw = api_token_create(actor=user, user=user, name="parity")
    client = Client()
    headers = {"Authorization": f"Bearer {raw}", "If-Match": "*"}
    response = client.post(
        "/api/v1" + path, json.dumps(data, default=str), content_type="application/json", headers=headers
    )
    if response.status_code != 422:
        return response.status_code, set()
    return 422, {item["code"] for item in response.json()["detail"]}


def to_ceremony(w, ceremony_on=None):
    dossier = cell_vote(w, up_to_comments(w))
    dossier = services.dossier_record_committee_vote(
        actor=w["committee"], dossier=dossier, vote_on=D(2025, 4, 8), committee_size=9, votes_for=8, resolution="12"
    )
    dossier = services.dossier_record_decision(
        actor=w["bloc"], dossier=dossier, decision_on=D(2025, 5, 19), number="215-QĐ/ĐUK", signer="Hoàng Văn Thụ"
    )
    return services.dossier_record_ceremony(
        actor=w["secretary"], dossier=dossier, ceremony_on=ceremony_on or D(2025, 6, 2)
    )


def with_probation(w, dossier):
    return services.dossier_record_probation(
        actor=w["secretary"], dossier=dossier, helper=w["intro1"], self_review_on=D(2026, 5, 20),
        helper_assessment_on=D(2026, 5, 22), comments_on=D(2026, 5, 29),
    )  # fmt: skip


def opened_with_application(w):
    s = w["secretary"]
    dossier = services.dossier_open(actor=s, candidate=w["candidate"], opened_on=D(2025, 1, 6))
    return services.dossier_record_application(
        actor=s, dossier=dossier, application_on=D(2025, 1, 6), cv_on=D(2025, 1, 20)
    )


# ---------------------------------------------------------------- 1. two introducers are two people


def test_rule_two_introducers_are_two_different_people(world):
    """procedure.md "Votes": Two introducers are two different people, neither of them the applicant."""
    w = world
    dossier = opened_with_application(w)
    same = introducers(w, second=w["intro1"])
    assert "introducers_same" in codes(
        lambda: services.dossier_record_introduction(actor=w["secretary"], dossier=dossier, introducers=same)
    )
    applicant = [
        IntroducerInput(kind=IntroducerKind.MEMBER, dated=D(2025, 2, 3), introducer=w["intro1"], months_together=24),
        IntroducerInput(kind=IntroducerKind.MEMBER, dated=D(2025, 2, 3), introducer=dossier.person, months_together=24),
    ]
    assert "introducer_is_applicant" in codes(
        lambda: services.dossier_record_introduction(actor=w["secretary"], dossier=dossier, introducers=applicant)
    )
    # the edge: two different full members pass
    services.dossier_record_introduction(actor=w["secretary"], dossier=dossier, introducers=introducers(w))
    assert Dossier.objects.get(pk=dossier.pk).stage == "introduction"


def test_page_and_api_refuse_one_member_as_both_introducers_with_the_same_code(world):
    w = world
    dossier = opened_with_application(w)
    one = w["intro1"].pk
    page = {
        "version": dossier.version,
        **{f"kind_{n}": "member" for n in (1, 2)},
        **{f"member_{n}": one for n in (1, 2)},
        **{f"months_{n}": 24 for n in (1, 2)},
        **{f"dated_{n}": "03/02/2025" for n in (1, 2)},
    }
    api = {"introducers": [{"kind": "member", "dated": "2025-02-03", "introducer_id": one, "months_together": 24}] * 2}
    url = reverse("admission:step", args=[dossier.pk, "introduction"])
    assert page_codes(w["secretary"], url, page) == (422, {"introducers_same"})
    assert api_codes(w["secretary"], f"/dossiers/{dossier.pk}/introduction", api) == (422, {"introducers_same"})


# ---------------------------------------------------------------- 2. closing dates respect what is recorded


def test_rule_a_withdrawal_is_not_dated_before_the_last_recorded_step(world):
    """procedure.md "Dates that follow": a withdrawal or rejection is not dated before the last recorded step."""
    w = world
    dossier = cell_vote(w, up_to_comments(w))  # the cell voted on 27/03/2025

    def withdraw(on):
        return services.dossier_close(
            actor=w["secretary"], dossier=Dossier.objects.get(pk=dossier.pk), outcome="withdrawn", closed_on=on,
            reason="Rút hồ sơ",
        )  # fmt: skip

    assert codes(lambda: withdraw(D(2025, 3, 26))) == {"closed_before_last_step"}
    assert withdraw(D(2025, 3, 27)).stage == "withdrawn"  # the same day is allowed


def test_rule_striking_off_is_dated_on_or_after_the_ceremony(world):
    """procedure.md "Dates that follow": striking off a probationary member is dated after the ceremony."""
    w = world
    dossier = to_ceremony(w)  # ceremony on 02/06/2025

    def strike(on):
        return services.dossier_close(
            actor=w["bloc"], dossier=Dossier.objects.get(pk=dossier.pk), outcome="struck_off", closed_on=on,
            reason="Vi phạm tư cách",
        )  # fmt: skip

    assert codes(lambda: strike(D(2025, 6, 1))) == {"struck_off_before_ceremony"}
    assert strike(D(2025, 6, 2)).stage == "struck_off"
    assert dossier.person.membership.__class__.objects.get(person=dossier.person).status == "struck_off"


def test_page_and_api_refuse_an_early_withdrawal_with_the_same_code(world):
    w = world
    dossier = cell_vote(w, up_to_comments(w))
    url = reverse("admission:close", args=[dossier.pk])
    page = {"version": dossier.version, "outcome": "withdrawn", "closed_on": "26/03/2025", "reason": "Rút"}
    api = {"outcome": "withdrawn", "closed_on": "2025-03-26", "reason": "Rút"}
    assert page_codes(w["secretary"], url, page) == (422, {"closed_before_last_step"})
    assert api_codes(w["secretary"], f"/dossiers/{dossier.pk}/close", api) == (422, {"closed_before_last_step"})


# ---------------------------------------------------------------- 3. failed recognition votes


def failed(w, dossier, on, body="cell", votes_for=5, denominator=10):
    actor = w["committee"] if body == "committee" else w["secretary"]
    dossier = services.dossier_record_failed_vote(
        actor=actor, dossier=Dossier.objects.get(pk=dossier.pk), vote_on=on, denominator=denominator,
        votes_for=votes_for, body=body,
    )  # fmt: skip
    return dossier, services.failed_votes_refer_up(dossier, body=body)


def test_rule_a_failed_recognition_vote_is_held_only_once_probation_has_ended(world):
    """procedure.md "Votes": a recognition vote, passing or failing, can only be held once probation has ended; a
    failed vote dated earlier is refused like a passing one. Ceremony 02/06/2025 → probation ends 02/06/2026."""
    w = world
    dossier = with_probation(w, to_ceremony(w))
    assert codes(lambda: failed(w, dossier, D(2026, 6, 1))) == {"probation_not_ended"}
    dossier, refer = failed(w, dossier, D(2026, 6, 2))
    assert dossier.failed_recognition_votes == 1 and not refer
    assert dossier.failed_votes.get().vote_on == D(2026, 6, 2)


def test_rule_three_failed_recognition_votes_of_the_cell_or_the_committee_stop_the_voting(world):
    """procedure.md "Votes": after 3 votes that fail to reach 2/3 — of the cell's full members or of the committee's
    members, each counts — the cell and the committee stop voting; a fourth vote is refused; the committee above
    decides (recognise or strike off), recorded as a step of its own."""
    w = world
    dossier = with_probation(w, to_ceremony(w))
    dossier, _ = failed(w, dossier, D(2026, 6, 3))
    dossier = services.dossier_record_recognition_cell_vote(
        actor=w["secretary"], dossier=dossier, vote_on=D(2026, 6, 10), denominator=10, votes_for=8, resolution="20"
    )
    dossier, refer = failed(w, dossier, D(2026, 6, 17), body="committee", denominator=9)
    assert not refer
    dossier, refer = failed(w, dossier, D(2026, 6, 24), body="committee", denominator=9)
    assert refer and dossier.referred_on == D(2026, 6, 24) and dossier.failed_recognition_votes == 3
    # a fourth vote, passing or failing, is refused
    assert "votes_exhausted" in codes(
        lambda: services.dossier_record_recognition_committee_vote(
            actor=w["committee"], dossier=Dossier.objects.get(pk=dossier.pk), vote_on=D(2026, 7, 1),
            committee_size=9, votes_for=9, resolution="30",
        )
    )  # fmt: skip
    assert "votes_exhausted" in codes(lambda: failed(w, dossier, D(2026, 7, 1), body="committee", denominator=9))
    # the committee above decides; not before the third failed vote; only the competent committee
    decide = dict(outcome="recognise", number="40-QĐ/ĐUK", signer="Hoàng Văn Thụ")
    assert "not_actor" in codes(
        lambda: services.dossier_record_referral_decision(
            actor=w["secretary"], dossier=dossier, decided_on=D(2026, 7, 6), **decide
        )
    )
    assert "date_order" in codes(
        lambda: services.dossier_record_referral_decision(
            actor=w["bloc"], dossier=dossier, decided_on=D(2026, 6, 23), **decide
        )
    )
    dossier = services.dossier_record_referral_decision(
        actor=w["bloc"], dossier=dossier, decided_on=D(2026, 7, 6), **decide
    )
    assert dossier.stage == "full_member" and dossier.full_member_on == D(2026, 6, 2)
    assert dossier.person.membership.__class__.objects.get(person=dossier.person).status == "full"


def test_rule_the_committee_above_may_strike_off_after_three_failed_votes(world, client):
    w = world
    dossier = with_probation(w, to_ceremony(w))
    for day in (D(2026, 6, 3), D(2026, 6, 10), D(2026, 6, 17)):
        dossier, refer = failed(w, dossier, day)
    assert refer
    client.force_login(w["bloc"])
    page = client.get(reverse("admission:detail", args=[dossier.pk])).content.decode()
    assert reverse("admission:referral", args=[dossier.pk]) in page and "failed-votes" in page
    response = client.post(
        reverse("admission:referral", args=[dossier.pk]),
        {"version": dossier.version, "outcome": "strike_off", "decided_on": "24/06/2026", "number": "41-QĐ",
         "signer": "Hoàng Văn Thụ", "reason": "Không đủ tư cách"},
    )  # fmt: skip
    assert response.status_code == 302
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.stage == "struck_off" and dossier.closed_on == D(2026, 6, 24)
    assert dossier.referral_outcome == "strike_off"


def test_page_and_api_refuse_an_early_failed_recognition_vote_with_the_same_code(world):
    w = world
    dossier = with_probation(w, to_ceremony(w))
    url = reverse("admission:failed_vote", args=[dossier.pk])
    page = {"version": dossier.version, "body": "cell", "vote_on": "01/06/2026", "denominator": 10, "votes_for": 5}
    api = {"body": "cell", "vote_on": "2026-06-01", "denominator": 10, "votes_for": 5}
    assert page_codes(w["secretary"], url, page) == (422, {"probation_not_ended"})
    assert api_codes(w["secretary"], f"/dossiers/{dossier.pk}/failed-vote", api) == (422, {"probation_not_ended"})


# ---------------------------------------------------------------- 4. a late ceremony needs the committee above


def decided(w):
    dossier = cell_vote(w, up_to_comments(w))
    dossier = services.dossier_record_committee_vote(
        actor=w["committee"], dossier=dossier, vote_on=D(2025, 4, 8), committee_size=9, votes_for=8, resolution="12"
    )
    return services.dossier_record_decision(
        actor=w["bloc"], dossier=dossier, decision_on=D(2025, 5, 19), number="215-QĐ/ĐUK", signer="Hoàng Văn Thụ"
    )


def test_rule_a_ceremony_after_30_working_days_needs_the_recorded_approval_of_the_committee_above(world):
    """procedure.md "Deadlines": the admission ceremony within 30 working days of receipt of the decision; later
    only with the approval of the committee directly above (its document, number and date, and the new date)."""
    from ptdv.calendar.selectors import working_calendar
    from ptdv.reminders.selectors import reminder_settings

    w = world
    dossier = decided(w)
    due = services.ceremony_due(dossier)
    calendar = working_calendar()
    assert due == calendar.add_working_days(D(2025, 5, 19), 30)
    late = calendar.add_working_days(D(2025, 5, 19), 50)

    def ceremony(on):
        return services.dossier_record_ceremony(
            actor=w["secretary"], dossier=Dossier.objects.get(pk=dossier.pk), ceremony_on=on
        )

    assert codes(lambda: ceremony(late)) == {"ceremony_late_unapproved"}
    # the approval: its new date must be later than the deadline; only the competent committee records it
    approve = dict(document="Công văn", number="88-CV/ĐUK", approved_on=D(2025, 6, 25))
    assert "allowed_date_not_later" in codes(
        lambda: services.dossier_record_ceremony_approval(
            actor=w["bloc"], dossier=dossier, allowed_until=due, **approve
        )
    )
    assert "not_actor" in codes(
        lambda: services.dossier_record_ceremony_approval(
            actor=w["secretary"], dossier=dossier, allowed_until=late, **approve
        )
    )
    dossier = services.dossier_record_ceremony_approval(actor=w["bloc"], dossier=dossier, allowed_until=late, **approve)
    # the deadline and the due item follow the approval
    from ptdv.reminders.rules import dossier_due

    item = dossier_due(dossier, "", dossier.person_id, D(2025, 7, 1), calendar, reminder_settings(), all_watches=True)[
        0
    ]
    assert item.kind == "admission_ceremony" and item.deadline.due == late and item.state == "upcoming"
    assert codes(lambda: ceremony(calendar.add_working_days(late, 1))) == {"ceremony_after_allowed_date"}
    assert ceremony(late).stage == "ceremony"  # the edge: on the allowed date


def test_page_and_api_refuse_a_late_ceremony_without_approval_with_the_same_code(world):
    from ptdv.calendar.selectors import working_calendar

    w = world
    dossier = decided(w)
    late = working_calendar().add_working_days(D(2025, 5, 19), 50)
    url = reverse("admission:step", args=[dossier.pk, "ceremony"])
    page = {"version": dossier.version, "ceremony_on": late.strftime("%d/%m/%Y")}
    api = {"ceremony_on": late.isoformat()}
    assert page_codes(w["secretary"], url, page) == (422, {"ceremony_late_unapproved"})
    assert api_codes(w["secretary"], f"/dossiers/{dossier.pk}/ceremony", api) == (422, {"ceremony_late_unapproved"})
    url = reverse("admission:ceremony_approval", args=[dossier.pk])
    page = {"version": dossier.version, "document": "Công văn", "number": "", "approved_on": "25/06/2025",
            "allowed_until": late.strftime("%d/%m/%Y")}  # fmt: skip
    assert page_codes(w["bloc"], url, page) == (422, {"number_missing"})
    api = {"document": "Công văn", "number": " ", "approved_on": "2025-06-25", "allowed_until": late.isoformat()}
    assert api_codes(w["bloc"], f"/dossiers/{dossier.pk}/ceremony-approval", api) == (422, {"number_missing"})


# ---------------------------------------------------------------- 9. a passed result has its certificate


def test_rule_a_passed_course_result_needs_its_certificate_number_and_date(world, client, make_user):
    """procedure.md "Conditions checked before the cell votes": an awareness-course certificate (CN-NTVĐ), which has
    a number and a date. "Đạt" without a number is refused (page: `certificate_number_missing`); a passed result
    stored without one (older data) is no certificate, and the pool does not say "Không còn vướng mắc"."""
    from ptdv.people.selectors import _with_pool_facts, candidate_obstacles
    from ptdv.people.services import candidate_enter, person_create
    from ptdv.training.models import Enrolment
    from ptdv.training.services import course_create, course_enrol, enrolment_record_result

    w = world
    tree = w["tree"]
    course = course_create(
        actor=None, kind="awareness", title="Lớp 2", organiser=tree.bloc, starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 6)
    )
    person = person_create(
        actor=None, unit=tree.cell_it, full_name="Mai Văn Sơn", sex="male", birth_date=D(1999, 1, 1),
        citizen_id="001099000077", occupation="public_employee", general_education="12/12",
    )  # fmt: skip
    enrolment = course_enrol(actor=None, course=course, persons=[person])[0]
    assert "certificate_number_missing" in codes(
        lambda: enrolment_record_result(
            actor=None, enrolment=enrolment, result="passed", certificate_number=" ", certificate_date=D(2026, 3, 9)
        )
    )
    client.force_login(make_user(tree.bloc, "staff"))
    response = client.post(
        reverse("training:result", args=[enrolment.pk]),
        {"result": "passed", "certificate_number": "", "certificate_date": "09/03/2026"},
    )
    assert response.status_code == 422
    assert {e.code for e in response.context["form"].errors.as_data()["certificate_number"]} == {
        "certificate_number_missing"
    }
    # older data: "passed" with a date and no number does not clear the pool's certificate obstacle
    Enrolment.objects.filter(pk=enrolment.pk).update(result="passed", certificate_date=D(2026, 3, 9))
    candidate = candidate_enter(actor=None, person=person, unit=tree.cell_it, entered_on=D(2026, 1, 5), source="other")
    candidate = _with_pool_facts(type(candidate).objects.filter(pk=candidate.pk)).get()
    assert candidate.certificate_date is None
    assert "no_certificate" in {o.code for o in candidate_obstacles(candidate)}
    enrolment_record_result(
        actor=None, enrolment=enrolment, result="passed", certificate_number="12/CN", certificate_date=D(2026, 3, 9)
    )
    candidate = _with_pool_facts(type(candidate).objects.filter(pk=candidate.pk)).get()
    assert candidate.certificate_date == D(2026, 3, 9)


# ---------------------------------------------------------------- 7. a failed cell vote from the page


def test_rule_a_failed_cell_vote_is_recorded_from_the_vote_form(world, client):
    """procedure.md "Votes": the resolution passes with at least 2/3 of the cell's full members; a vote below 2/3
    is kept and counted. The vote form refuses a failing vote as the API does (`vote_failed`), and records it as a
    vote that did not pass when the box says so."""
    w = world
    dossier = up_to_comments(w)
    url = reverse("admission:step", args=[dossier.pk, "cell_vote"])
    data = {"version": dossier.version, "vote_on": "27/03/2025", "denominator": 10, "votes_for": 6,
            "denominator_note": "Sổ", "ballot": "secret", "resolution": "05"}  # fmt: skip
    api = {"vote_on": "2025-03-27", "denominator": 10, "votes_for": 6, "denominator_note": "Sổ", "ballot": "secret",
           "resolution": "05"}  # fmt: skip
    assert page_codes(w["secretary"], url, data) == (422, {"vote_failed"})
    assert api_codes(w["secretary"], f"/dossiers/{dossier.pk}/cell-vote", api) == (422, {"vote_failed"})
    client.force_login(w["secretary"])
    response = client.post(url, {**data, "resolution": "", "record_failed": "on"})
    assert response.status_code == 302
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.stage == "comments" and dossier.failed_cell_votes == 1
    assert dossier.failed_votes.get().votes_for == 6
    # a vote that passed is not recorded as failed (7/10 ≥ 2/3)
    passed = {**data, "version": dossier.version, "votes_for": 7, "record_failed": "on"}
    assert page_codes(w["secretary"], url, passed) == (422, {"vote_passed"})


# ---------------------------------------------------------------- 6. papers redone


def test_rule_papers_redone_after_12_months_keep_the_verification_and_the_comments(world):
    """procedure.md "Conditions checked before the cell votes" (dossier freshness): more than 12 months from opening
    to the cell's vote, the introduction papers are redone. They are recorded on their own; the verification and the
    comments already recorded stay."""
    w = world
    dossier = up_to_comments(w)  # opened 06/01/2025
    late_vote = D(2026, 2, 10)
    assert "papers_not_redone" in codes(lambda: cell_vote(w, dossier, on=late_vote))
    redone = [
        IntroducerInput(kind=IntroducerKind.MEMBER, dated=D(2026, 2, 2), introducer=w["intro1"], months_together=36),
        IntroducerInput(kind=IntroducerKind.MEMBER, dated=D(2026, 2, 2), introducer=w["intro2"], months_together=36),
    ]
    same = [redone[0], redone[0]]
    assert "introducers_same" in codes(
        lambda: services.dossier_redo_papers(actor=w["secretary"], dossier=dossier, introducers=same)
    )
    dossier = services.dossier_redo_papers(
        actor=w["secretary"], dossier=Dossier.objects.get(pk=dossier.pk), introducers=redone
    )
    assert dossier.stage == "comments" and dossier.papers_redone_on == D(2026, 2, 2)
    assert dossier.verification_on == D(2025, 3, 14) and dossier.comments_summary == "Tốt."
    assert dossier.introduced_on == D(2025, 2, 3)  # the first papers' date stays in its place in the order
    assert {i.months_together for i in dossier.introductions.all()} == {36}
    assert cell_vote(w, dossier, on=late_vote).stage == "cell_vote"


def test_page_and_api_record_redone_papers_alike(world):
    w = world
    dossier = up_to_comments(w)
    one = w["intro1"].pk
    page = {
        "version": dossier.version,
        **{f"kind_{n}": "member" for n in (1, 2)},
        **{f"member_{n}": one for n in (1, 2)},
        **{f"months_{n}": 24 for n in (1, 2)},
        **{f"dated_{n}": "02/02/2026" for n in (1, 2)},
    }
    api = {"introducers": [{"kind": "member", "dated": "2026-02-02", "introducer_id": one, "months_together": 24}] * 2}
    url = reverse("admission:papers", args=[dossier.pk])
    assert page_codes(w["secretary"], url, page) == (422, {"introducers_same"})
    assert api_codes(w["secretary"], f"/dossiers/{dossier.pk}/papers-redone", api) == (422, {"introducers_same"})
    page["member_2"] = w["intro2"].pk
    assert page_codes(w["secretary"], url, page)[0] == 302
    assert Dossier.objects.get(pk=dossier.pk).papers_redone_on == D(2026, 2, 2)


# ---------------------------------------------------------------- 8. the education exception in the API


def test_rule_the_education_exception_is_recorded_and_read_through_the_api_as_on_the_pages(world):
    """procedure.md "Conditions checked before the cell votes": lower-secondary education, or an exception (flag and
    reason). The dossier's particulars carry it (page and API alike, `education_exception_reason_missing` without
    its reason); the pool entry keeps it and CandidateOut shows it."""
    w = world
    dossier = opened_with_application(w)
    url = reverse("admission:particulars", args=[dossier.pk])
    page = {"version": dossier.version, "education_exception": "on", "education_exception_reason": ""}
    api = {"education_exception": True, "education_exception_reason": ""}
    code = "education_exception_reason_missing"
    assert page_codes(w["secretary"], url, page) == (422, {code})
    assert api_codes(w["secretary"], f"/dossiers/{dossier.pk}/particulars", api) == (422, {code})
    api["education_exception_reason"] = "Người dân tộc thiểu số ở vùng đặc biệt khó khăn"
    assert api_codes(w["secretary"], f"/dossiers/{dossier.pk}/particulars", api)[0] == 200
    w["candidate"].refresh_from_db()
    assert w["candidate"].education_exception == api["education_exception_reason"]
    from ptdv.api.tests.conftest import Api

    body = Api(w["secretary"]).get(f"/pool/{w['candidate'].pk}").json()
    assert body["education_exception"] is True
    assert body["education_exception_reason"] == api["education_exception_reason"]


# ---------------------------------------------------------------- 5. corrections


def test_rule_the_unit_that_recorded_a_step_corrects_it_while_no_later_step_depends_on_it(world):
    """procedure.md "Stages" (a dossier moves through them in order): the unit that recorded a step may correct it,
    with a reason, while it is the last step; the old values stay in the record of changes; the corrected values pass
    the step's own checks; once a later step is recorded, only a return for correction."""
    from ptdv.audit.models import Event

    w = world
    dossier = cell_vote(w, up_to_comments(w))  # 9/10 on 27/03/2025, resolution 05-NQ/CB
    correct = services.dossier_correct_step
    assert "reason_missing" in codes(
        lambda: correct(actor=w["secretary"], dossier=dossier, stage="cell_vote", values={"votes_for": 8}, reason="")
    )
    assert "not_actor" in codes(
        lambda: correct(actor=w["committee"], dossier=dossier, stage="cell_vote", values={"votes_for": 8}, reason="x")
    )
    assert "vote_failed" in codes(
        lambda: correct(actor=w["secretary"], dossier=dossier, stage="cell_vote", values={"votes_for": 6}, reason="x")
    )
    assert "date_order" in codes(
        lambda: correct(
            actor=w["secretary"], dossier=dossier, stage="cell_vote", values={"vote_on": D(2025, 3, 19)}, reason="x"
        )
    )
    dossier = correct(
        actor=w["secretary"], dossier=dossier, stage="cell_vote", values={"votes_for": 7, "resolution": "06-NQ/CB"},
        reason="Nhập nhầm số phiếu",
    )  # fmt: skip
    assert dossier.cell_votes_for == 7 and dossier.cell_resolution == "06-NQ/CB" and dossier.stage == "cell_vote"
    event = Event.objects.filter(action="dossier.corrected").get()
    assert event.before["cell_votes_for"] == 9 and event.after["cell_votes_for"] == 7
    assert event.after["reason"] == "Nhập nhầm số phiếu"
    # a later step: the cell vote can no longer be corrected
    dossier = services.dossier_record_committee_vote(
        actor=w["committee"], dossier=dossier, vote_on=D(2025, 4, 8), committee_size=9, votes_for=8, resolution="12"
    )
    assert "later_step_recorded" in codes(
        lambda: correct(actor=w["secretary"], dossier=dossier, stage="cell_vote", values={"votes_for": 8}, reason="x")
    )


def test_a_corrected_decision_date_is_corrected_on_the_roll(world):
    w = world
    dossier = decided(w)
    dossier = services.dossier_correct_step(
        actor=w["bloc"], dossier=dossier, stage="decision", values={"decision_on": D(2025, 5, 20)}, reason="Sai ngày"
    )
    membership = dossier.person.membership.__class__.objects.get(person=dossier.person)
    assert dossier.decision_on == membership.decision_date == D(2025, 5, 20)
    # the roll's history too: the admission is dated by the corrected decision (Biểu 1 counts it then)
    from ptdv.membership.models import RollEvent

    admitted = RollEvent.objects.get(membership=membership, kind="admitted")
    assert admitted.date == D(2025, 5, 20)


def test_page_and_api_correct_and_refuse_corrections_alike(world):
    w = world
    dossier = cell_vote(w, up_to_comments(w))
    url = reverse("admission:correct", args=[dossier.pk, "cell_vote"])
    page = {"version": dossier.version, "vote_on": "27/03/2025", "denominator": 10, "votes_for": 6,
            "denominator_note": "Sổ", "ballot": "secret", "resolution": "05", "reason": "Sai"}  # fmt: skip
    api = {"reason": "Sai", "values": {"votes_for": 6}}
    path = f"/dossiers/{dossier.pk}/steps/cell_vote"

    def put(data):
        _token, raw = api_token_create(actor=w["secretary"], user=w["secretary"], name="put")
        response = Client().put(
            "/api/v1" + path, json.dumps(data), content_type="application/json",
            headers={"Authorization": f"Bearer {raw}", "If-Match": "*"},
        )  # fmt: skip
        codes = {item["code"] for item in response.json().get("detail", [])} if response.status_code == 422 else set()
        return response.status_code, codes

    assert page_codes(w["secretary"], url, page) == (422, {"vote_failed"})
    assert put(api) == (422, {"vote_failed"})
    assert put({"reason": "Sai", "values": {"votes_for": 8}})[0] == 200
    assert Dossier.objects.get(pk=dossier.pk).cell_votes_for == 8
    page["version"], page["votes_for"] = Dossier.objects.get(pk=dossier.pk).version, 7
    assert page_codes(w["secretary"], url, page)[0] == 302
    assert Dossier.objects.get(pk=dossier.pk).cell_votes_for == 7


# ---------------------------------------------------------------- every refusal has a code


def test_every_refusal_of_a_step_has_a_code_on_the_page_and_in_the_api(world):
    """A refusal with several reasons: each has its code, the same on the page and in the API."""
    w = world
    dossier = opened_with_application(w)
    page = {"version": dossier.version, "outcome": "withdrawn", "closed_on": "01/01/2030", "reason": " "}
    api = {"outcome": "withdrawn", "closed_on": "2030-01-01", "reason": " "}
    url = reverse("admission:close", args=[dossier.pk])
    status, page_set = page_codes(w["secretary"], url, page)
    assert status == 422 and None not in page_set and {"future", "reason_missing"} <= page_set
    assert api_codes(w["secretary"], f"/dossiers/{dossier.pk}/close", api) == (422, page_set)
