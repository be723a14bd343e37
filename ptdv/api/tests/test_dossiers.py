"""A person goes from the pool to full member through the API alone, and reads the report; each write needs the
dossier's ETag (missing → 428, stale → 412) and a refused step answers 422 with the pages' Vietnamese reasons."""

import pytest

from ptdv.admission.models import Dossier
from ptdv.audit.models import Event
from ptdv.membership.models import Membership

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def step(api, dossier_id, name, etag, data, status=200):
    response = api.post(f"/dossiers/{dossier_id}/{name}", data, headers={"If-Match": etag})
    assert response.status_code == status, response.content.decode()
    return response


def test_from_pool_to_full_member_through_the_api_alone(world, api_for):
    w = world
    cell, committee, competent = api_for(w["secretary"]), api_for(w["committee"]), api_for(w["bloc"])

    response = cell.post("/dossiers", {"candidate_id": w["candidate"].pk, "opened_on": "2025-01-06"})
    assert response.status_code == 201, response.content
    dossier_id, etag = response.json()["id"], response["ETag"]
    assert response.json()["stage"] == "opened" and etag == '"1"'
    assert cell.get(f"/dossiers/{dossier_id}")["ETag"] == etag

    def next_step(api, name, data):
        nonlocal etag
        response = step(api, dossier_id, name, etag, data)
        assert response["ETag"] != etag
        etag = response["ETag"]
        return response.json()

    next_step(cell, "application", {"application_on": "2025-01-06", "cv_on": "2025-01-20"})
    introducers = [
        {"kind": "member", "dated": "2025-02-03", "introducer_id": w["intro1"].pk, "months_together": 24},
        {"kind": "member", "dated": "2025-02-03", "introducer_id": w["intro2"].pk, "months_together": 24},
    ]
    assert next_step(cell, "introduction", {"introducers": introducers})["introductions"][0]["introducer_id"] == (
        w["intro1"].pk
    )
    next_step(cell, "verification", {"on": "2025-03-14", "summary": "Lý lịch rõ ràng."})
    next_step(cell, "comments", {"on": "2025-03-20", "summary": "Tốt."})
    vote = {
        "vote_on": "2025-03-27",
        "denominator": 10,
        "votes_for": 9,
        "resolution": "05-NQ/CB",
        "ballot": "raised_card",
        "denominator_note": "Theo danh sách chi bộ",
    }
    assert next_step(cell, "cell-vote", vote)["cell_votes_for"] == 9
    # The cell secretary may not record the committee's vote: refused with the reason, nothing written.
    committee_vote = {"vote_on": "2025-04-08", "committee_size": 9, "votes_for": 8, "resolution": "12-NQ/ĐU"}
    refused = step(cell, dossier_id, "committee-vote", etag, committee_vote, status=422).json()["detail"]
    assert refused[0]["code"] == "not_actor", refused
    assert "Tài khoản của đồng chí không được ghi nhận bước này" in refused[0]["message"], refused
    next_step(committee, "committee-vote", committee_vote)
    decision = next_step(
        competent, "decision", {"decision_on": "2025-05-19", "number": "215-QĐ/ĐUK", "signer": "Nguyễn Văn A"}
    )
    assert decision["stage"] == "decision" and decision["decided_by"] == w["tree"].bloc.pk
    next_step(cell, "ceremony", {"ceremony_on": "2025-06-02"})

    recognition_vote = {"vote_on": "2026-06-08", "denominator": 10, "votes_for": 10, "resolution": "09-NQ/CB"}
    refused = step(cell, dossier_id, "recognition-cell-vote", etag, recognition_vote, status=422).json()["detail"]
    assert any("10-KNĐ" in item["message"] and item["code"] == "probation_incomplete" for item in refused), refused
    assert all(item["code"] and item["message"] for item in refused)

    probation = {
        "helper_id": w["intro1"].pk,
        "self_review_on": "2026-05-20",
        "helper_assessment_on": "2026-05-22",
        "comments_on": "2026-05-29",
    }
    next_step(cell, "probation", probation)
    next_step(cell, "recognition-cell-vote", recognition_vote)
    next_step(
        committee,
        "recognition-committee-vote",
        {"vote_on": "2026-06-15", "committee_size": 9, "votes_for": 9, "resolution": "20-NQ/ĐU"},
    )
    full = next_step(
        competent, "recognition", {"decision_on": "2026-07-01", "number": "301-QĐ/ĐUK", "signer": "Nguyễn Văn A"}
    )
    assert full["stage"] == "full_member" and full["full_member_on"] == "2026-06-02"

    membership = Membership.objects.get(person=w["candidate"].person)
    assert membership.status == "full" and str(membership.full_member_date) == "2026-06-02"
    members = cell.get("/members", status="full").json()["items"]
    assert w["candidate"].person.full_name in [m["full_name"] for m in members]
    assert Event.objects.filter(action__startswith="dossier.", actor=w["secretary"]).count() >= 8

    report = competent.get("/reports/admissions", unit=w["tree"].bloc.pk, date_from="2025-01-01", date_to="2025-12-31")
    assert report.status_code == 200, report.content
    body = report.json()
    assert body["unit"]["code"] == "P.B" and body["admitted"] == 1
    assert {"from", "to", "units", "lagging", "pipeline"} <= set(body)


@pytest.fixture
def opened(world, api_for):
    api = api_for(world["secretary"])
    response = api.post("/dossiers", {"candidate_id": world["candidate"].pk, "opened_on": "2025-01-06"})
    return api, response.json()["id"], response["ETag"]


def test_a_write_without_if_match_is_428_and_a_stale_one_412(opened):
    api, dossier_id, etag = opened
    data = {"application_on": "2025-01-06", "cv_on": "2025-01-20"}
    missing = api.post(f"/dossiers/{dossier_id}/application", data)
    assert missing.status_code == 428 and missing.json()["detail"][0]["code"] == "if_match_required"
    assert step(api, dossier_id, "application", etag, data).json()["version"] == 2
    # A second client that read version 1 tries to write over version 2.
    stale = api.post(
        f"/dossiers/{dossier_id}/introduction",
        {"introducers": [{"kind": "member", "dated": "2025-02-03", "introducer_id": 1}]},
        headers={"If-Match": etag},
    )
    assert stale.status_code == 412 and stale.json()["detail"][0]["code"] == "stale"
    assert "hồ sơ đã được người khác cập nhật" in stale.json()["detail"][0]["message"]
    assert Dossier.objects.get(pk=dossier_id).version == 2


def test_a_refused_step_lists_every_unmet_condition_and_writes_nothing(opened):
    api, dossier_id, etag = opened
    events = Event.objects.count()
    response = step(
        api, dossier_id, "application", etag, {"application_on": "2030-01-06", "cv_on": "2029-12-20"}, status=422
    )
    messages = [item["message"] for item in response.json()["detail"]]
    assert len(messages) >= 2, messages
    assert any("06/01/2030" in m for m in messages)
    assert "future" in [item["code"] for item in response.json()["detail"]]
    assert Dossier.objects.get(pk=dossier_id).version == 1 and Event.objects.count() == events


def test_bad_input_is_422_with_the_field_path(opened):
    api, dossier_id, etag = opened
    response = api.post(f"/dossiers/{dossier_id}/application", {"application_on": "06/01/2025"}, {"If-Match": etag})
    assert response.status_code == 422
    locs = [item["loc"] for item in response.json()["detail"]]
    assert ["body", "data", "application_on"] in locs and ["body", "data", "cv_on"] in locs


def test_a_viewer_may_read_but_not_record(world, opened, api_for):
    _api, dossier_id, etag = opened
    viewer = api_for(world["viewer"])
    assert viewer.get(f"/dossiers/{dossier_id}").status_code == 200
    response = step(
        viewer, dossier_id, "application", etag, {"application_on": "2025-01-06", "cv_on": "2025-01-20"}, 422
    )
    assert "Tài khoản của đồng chí không được ghi nhận bước này" in response.json()["detail"][0]["message"]


def test_failed_vote_return_and_particulars_go_through_the_same_services(world, opened, api_for):
    api, dossier_id, etag = opened
    particulars = step(api, dossier_id, "particulars", etag, {"over_60_consent": "Công văn 12-CV/TU"})
    assert particulars.json()["over_60_consent"] == "Công văn 12-CV/TU"
    etag = particulars["ETag"]
    refused = step(
        api, dossier_id, "failed-vote", etag, {"vote_on": "2025-03-27", "denominator": 10, "votes_for": 3}, 422
    )
    assert [item["message"] for item in refused.json()["detail"]] == ["Ở giai đoạn này chưa đến lúc chi bộ biểu quyết."]
    application = step(api, dossier_id, "application", etag, {"application_on": "2025-01-06", "cv_on": "2025-01-20"})
    etag = application["ETag"]
    committee = api_for(world["committee"])
    back = step(committee, dossier_id, "return", etag, {"returned_on": "2025-02-01", "reason": "Thiếu lý lịch."})
    assert back.json()["stage"] == "opened" and back.json()["application_on"] is None
