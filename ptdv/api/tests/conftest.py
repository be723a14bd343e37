import json

import pytest
from django.core.cache import cache
from django.test import Client

from ptdv.admission.tests.conftest import frozen_today, world  # noqa: F401  (shared fixtures)
from ptdv.api.services import api_token_create


class Api:
    """A client for /api/v1/ with one user's token."""

    def __init__(self, user, raw: str | None = None):
        if raw is None:
            _token, raw = api_token_create(actor=user, user=user, name="test")
        self.raw = raw
        self.client = Client()

    def _headers(self, extra):
        return {"Authorization": f"Bearer {self.raw}", **(extra or {})}

    def get(self, path, headers=None, **params):
        return self.client.get("/api/v1" + path, params, headers=self._headers(headers))

    def put(self, path, data, headers=None):
        return self.client.put(
            "/api/v1" + path,
            json.dumps(data, default=str),
            content_type="application/json",
            headers=self._headers(headers),
        )

    def post(self, path, data, headers=None):
        return self.client.post(
            "/api/v1" + path,
            json.dumps(data, default=str),
            content_type="application/json",
            headers=self._headers(headers),
        )


@pytest.fixture(autouse=True)
def _fresh_rate_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_for():
    return Api
