"""Tokens: created and revoked on the profile page, stored hashed, shown once; a revoked token gets 401; the pages'
session works with its CSRF check; too many requests get 429 with Retry-After."""

import re

import pytest
from django.test import Client, override_settings

from ptdv.api.models import ApiToken, hash_key
from ptdv.api.services import api_token_revoke
from ptdv.audit.models import Event

pytestmark = pytest.mark.django_db


def test_profile_creates_a_token_shown_once_and_stored_hashed(tree, make_user, api_for):
    user = make_user(tree.cell_it, "cell_secretary")
    client = Client()
    client.force_login(user)
    response = client.post("/accounts/tokens/new/", {"name": "Đồng bộ"})
    assert response.status_code == 200
    html = response.content.decode()
    raw = re.search(r'id="new-api-token">([^<]+)<', html).group(1)
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == hash_key(raw) and raw not in (token.key_hash, token.prefix)
    assert raw.startswith(token.prefix)
    assert Event.objects.filter(action="api_token.create").count() == 1
    # The profile page never shows it again.
    assert raw not in client.get("/accounts/profile/").content.decode()
    assert api_for(user, raw).get("/units").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_for(user, raw).get("/units").status_code == 401


def test_a_nameless_token_is_refused_with_the_reason(tree, make_user):
    user = make_user(tree.cell_it, "cell_secretary")
    client = Client()
    client.force_login(user)
    response = client.post("/accounts/tokens/new/", {"name": "  "})
    assert response.status_code == 422 and not ApiToken.objects.exists()


def test_nobody_revokes_another_users_token(tree, make_user, api_for):
    owner, other = make_user(tree.cell_it, "staff"), make_user(tree.cell_it, "staff")
    api = api_for(owner)
    client = Client()
    client.force_login(other)
    token = ApiToken.objects.get(user=owner)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert api.get("/units").status_code == 200


def test_revoked_wrong_and_missing_tokens_get_401(tree, make_user, api_for):
    user = make_user(tree.cell_it, "cell_secretary")
    api = api_for(user)
    assert api.get("/units").status_code == 200
    api_token_revoke(actor=user, token=ApiToken.objects.get(user=user))
    response = api.get("/units")
    assert response.status_code == 401 and response.json()["detail"][0]["code"] == "unauthenticated"
    assert api.post("/dossiers", {"candidate_id": 1, "opened_on": "2025-01-01"}).status_code == 401
    assert api_for(user, "ptdv_not-a-token").get("/units").status_code == 401
    assert Client().get("/api/v1/units").status_code == 401


def test_an_inactive_users_token_stops_working(tree, make_user, api_for):
    user = make_user(tree.cell_it, "cell_secretary")
    api = api_for(user)
    user.is_active = False
    user.save()
    assert api.get("/units").status_code == 401


def test_the_pages_session_works_and_writes_need_csrf(tree, make_user):
    user = make_user(tree.cell_it, "cell_secretary")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.get("/api/v1/units")
    assert response.status_code == 200
    assert [u["code"] for u in response.json()["items"]] == ["P.B.U.1"]
    refused = client.post("/api/v1/dossiers", "{}", content_type="application/json")
    assert refused.status_code == 403


@override_settings(PTDV_API_RATE_LIMIT="3/min")
def test_a_token_over_its_rate_limit_gets_429_with_retry_after(tree, make_user, api_for):
    user = make_user(tree.cell_it, "cell_secretary")
    api, other = api_for(user), api_for(user)
    assert [api.get("/units").status_code for _ in range(3)] == [200, 200, 200]
    response = api.get("/units")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["detail"][0]["code"] == "rate_limited"
    assert other.get("/units").status_code == 200  # the limit is per token
