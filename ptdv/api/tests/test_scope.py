"""A token acts with exactly its user's units: outside them every object is 404 (not 403), lists hold only the
user's subtree, and keyset pagination walks a list without gaps or repeats."""

import datetime
import re

import pytest

from ptdv.api.api import api
from ptdv.membership.models import Membership
from ptdv.training.services import course_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# A valid body for every write to an existing dossier, so the 404 comes from the scope, not from the input.
STEP_BODIES = {
    "application": {"application_on": "2025-01-06", "cv_on": "2025-01-20"},
    "introduction": {"introducers": [{"kind": "member", "dated": "2025-02-03", "introducer_id": 1}]},
    "verification": {"on": "2025-03-14", "summary": "x"},
    "comments": {"on": "2025-03-14", "summary": "x"},
    "cell-vote": {"vote_on": "2025-03-27", "denominator": 3, "votes_for": 3, "resolution": "1", "ballot": "secret"},
    "committee-vote": {"vote_on": "2025-03-27", "committee_size": 3, "votes_for": 3, "resolution": "1"},
    "decision": {"decision_on": "2025-03-27", "number": "1"},
    "ceremony": {"ceremony_on": "2025-03-27"},
    "probation": {"helper_id": 1},
    "recognition-cell-vote": {"vote_on": "2025-03-27", "denominator": 3, "votes_for": 3, "resolution": "1"},
    "recognition-committee-vote": {"vote_on": "2025-03-27", "committee_size": 3, "votes_for": 3, "resolution": "1"},
    "recognition": {"decision_on": "2025-03-27", "number": "1"},
    "close": {"outcome": "withdrawn", "closed_on": "2025-03-27", "reason": "x"},
    "failed-vote": {"vote_on": "2025-03-27", "denominator": 3, "votes_for": 1},
    "ceremony-approval": {"document": "CV", "number": "1", "approved_on": "2025-03-27", "allowed_until": "2025-09-01"},
    "papers-redone": {"introducers": [{"kind": "member", "dated": "2025-03-27", "introducer_id": 1}]},
    "referral-decision": {"outcome": "recognise", "decided_on": "2025-03-27", "number": "1", "signer": "x"},
    "return": {"returned_on": "2025-03-27", "reason": "x"},
    "{stage}": {"reason": "x", "values": {}},
    "particulars": {"over_60_consent": "x"},
}


@pytest.fixture
def objects(world, api_for):
    """One object of the IT cell (P.B.U.1) for every kind of path parameter."""
    w = world
    owner = api_for(w["secretary"])
    dossier_id = owner.post("/dossiers", {"candidate_id": w["candidate"].pk, "opened_on": "2025-01-06"}).json()["id"]
    course = course_create(
        actor=None,
        kind="awareness",
        title="Lớp của Đảng ủy Trường",
        organiser=w["tree"].university,
        starts_on=datetime.date(2024, 3, 4),
        ends_on=datetime.date(2024, 3, 8),
    )
    return {
        "unit_id": w["tree"].cell_it.pk,
        "person_id": w["candidate"].person_id,
        "candidate_id": w["candidate"].pk,
        "course_id": course.pk,
        "dossier_id": dossier_id,
        "member_id": Membership.objects.get(person=w["intro1"]).pk,
        "stage": "application",
    }


# Writes whose last path segment names no dossier step: a valid body for each, so that the answer is the 404 of
# the scope and not a 422 of the input.
PATH_BODIES = {
    "/followup/residence/{member_id}/letters": {"letter_date": "2025-03-27"},
    "/followup/residence/{member_id}/exemptions": {"reason": "barracks", "valid_from": "2025-03-27"},
    "/followup/residence/{member_id}/comments": {"year": 2025, "received": False},
    "/followup/ratings/{member_id}": {"year": 2025, "band": "good"},
}


def object_paths():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method in operations:
            if "{" in path:
                yield method, path.removeprefix("/api/v1")


def test_a_sibling_units_token_gets_404_on_every_object_endpoint(world, objects, api_for):
    owner = api_for(world["secretary"])
    sibling = api_for(world["sibling"])  # staff, committee and secretary of the kiln cell, under the same bloc
    checked = 0
    for method, template in object_paths():
        path = re.sub(r"\{(\w+)\}", lambda m: str(objects[m.group(1)]), template)
        if method == "get":
            assert owner.get(path).status_code == 200, path
            response = sibling.get(path)
        else:
            body = PATH_BODIES.get(template) or STEP_BODIES[template.rsplit("/", 1)[1]]
            send = sibling.put if method == "put" else sibling.post
            response = send(path, body, headers={"If-Match": '"1"'})
        assert response.status_code == 404, (method, path, response.content)
        assert response.json()["detail"][0]["code"] == "not_found"
        checked += 1
    assert checked >= 20
    # Filters and the report by a unit outside the subtree: 404 as well.
    unit = objects["unit_id"]
    for path in ("/persons", "/pool", "/members", "/quotas", "/dossiers"):
        assert sibling.get(path, unit=unit).status_code == 404, path
    report = {"unit": unit, "date_from": "2025-01-01", "date_to": "2025-12-31"}
    assert owner.get("/reports/admissions", **report).status_code == 200
    assert sibling.get("/reports/admissions", **report).status_code == 404
    opening = sibling.post("/dossiers", {"candidate_id": objects["candidate_id"], "opened_on": "2025-01-06"})
    assert opening.status_code == 404


def test_lists_hold_only_the_users_subtree(world, objects, api_for):
    sibling = api_for(world["sibling"])
    assert {u["code"] for u in sibling.get("/units").json()["items"]} == {"P.B.C.1"}
    assert sibling.get("/persons").json()["items"] == [{**sibling.get(f"/persons/{world['foreign'].pk}").json()}]
    assert sibling.get("/pool").json()["items"] == []
    assert sibling.get("/dossiers").json()["items"] == []
    assert [m["full_name"] for m in sibling.get("/members").json()["items"]] == ["Phạm Văn Cường"]


def test_keyset_pages_walk_the_whole_list_once(tree, make_user, api_for):
    api = api_for(make_user(tree.province, "viewer"))
    everything = [u["code"] for u in api.get("/units", limit=200).json()["items"]]
    assert len(everything) == len(tree.all())
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = api.get("/units", **params).json()
        seen += [u["code"] for u in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything  # tree order (by path), no gaps, no repeats


def test_a_broken_cursor_is_422_on_the_cursor(tree, make_user, api_for):
    api = api_for(make_user(tree.province, "viewer"))
    response = api.get("/units", cursor="not-a-cursor")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


def test_person_search_is_the_pages_search_and_pages_through_its_matches(world, api_for):
    api = api_for(world["committee"])  # the university: the applicant and three members of its cells
    found = api.get("/persons", q="dao dung").json()
    assert [p["full_name"] for p in found["items"]] == ["Đào Thị Dũng"]
    everyone = [p["full_name"] for p in api.get("/persons", q="van").json()["items"]]
    assert everyone == ["Nguyễn Văn Hùng", "Lê Văn Tâm"]  # Vietnamese order: Hùng before Tâm
    first = api.get("/persons", q="van", limit=1).json()
    second = api.get("/persons", q="van", limit=1, cursor=first["next_cursor"]).json()
    assert [first["items"][0]["full_name"], second["items"][0]["full_name"]] == everyone
    assert second["next_cursor"] is None
    assert api_for(world["sibling"]).get("/persons", q="dao dung").json()["items"] == []


def test_the_first_page_of_a_search_reads_only_its_rows_and_one_more(world, api_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_for(world["committee"])
    with CaptureQueriesContext(connection) as captured:
        first = api.get("/persons", q="van", limit=1).json()
    searched = [
        q["sql"] for q in captured.captured_queries if "people_personsearchtoken" in q["sql"] and "ORDER BY" in q["sql"]
    ]
    assert searched and all(sql.rstrip().endswith("LIMIT 2") for sql in searched)  # not the 1,000 paged in memory
    assert first["next_cursor"] is not None  # the row more says there is a next page


def test_a_citizen_id_is_searched_in_the_body_never_in_the_url(world, api_for):
    api = api_for(world["secretary"])
    refused = api.get("/persons", q="001300000010")
    assert refused.status_code == 422 and refused.json()["detail"][0]["code"] == "identifier_in_url"
    assert "POST /api/v1/persons/search" in refused.json()["detail"][0]["message"]
    found = api.post("/persons/search", {"q": "001300000010"})
    assert found.status_code == 200 and [p["full_name"] for p in found.json()["items"]] == ["Đào Thị Dũng"]
    first = api.post("/persons/search", {"q": "van", "limit": 1}).json()
    second = api.post("/persons/search", {"q": "van", "limit": 1, "cursor": first["next_cursor"]}).json()
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert api.get("/persons", q="dao dung").json()["items"][0]["full_name"] == "Đào Thị Dũng"  # names by GET
    sibling = api_for(world["sibling"])
    assert sibling.post("/persons/search", {"q": "001300000010"}).json()["items"] == []
    assert sibling.post("/persons/search", {"q": "dung", "unit": world["tree"].cell_it.pk}).status_code == 404
    assert api.post("/persons/search", {"q": ""}).status_code == 422


def test_a_cursor_carries_no_name_only_the_last_rows_id(world, api_for):
    """Issue #14: a list sorted by name must not put the name (base64 in the cursor) into URLs and logs."""
    import base64
    import zlib

    api = api_for(world["committee"])
    first = api.get("/persons", limit=1).json()
    cursor = first["next_cursor"]
    payload = cursor.split(":")[0].lstrip(".")
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if cursor.startswith("."):
        raw = zlib.decompress(raw)
    assert raw.decode() == f"[{first['items'][0]['id']}]"
    everyone = []
    cursor = None
    while True:
        page = api.get("/persons", limit=1, **({"cursor": cursor} if cursor else {})).json()
        everyone += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert everyone == [p["id"] for p in api.get("/persons", limit=200).json()["items"]]
    # a cursor of one list is no key to another list's rows
    assert api_for(world["sibling"]).get("/persons", cursor=first["next_cursor"]).status_code == 422
