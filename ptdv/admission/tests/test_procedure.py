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


def to_ceremony(w, ceremony_on=D(2025, 6, 2)):
    dossier = cell_vote(w, up_to_comments(w))
    dossier = services.dossier_record_committee_vote(
        actor=w["committee"], dossier=dossier, vote_on=D(2025, 4, 8), committee_size=9, votes_for=8, resolution="12"
    )
    dossier = services.dossier_record_decision(
        actor=w["bloc"], dossier=dossier, decision_on=D(2025, 5, 19), number="215-QĐ/ĐUK", signer="Hoàng Văn Thụ"
    )
    return services.dossier_record_ceremony(actor=w["secretary"], dossier=dossier, ceremony_on=ceremony_on)


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
        IntroducerInput(
            kind=IntroducerKind.MEMBER, dated=D(2025, 2, 3), introducer=dossier.person, months_together=24
        ),
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
