"""The OpenAPI schema holds: schemathesis generates requests for every operation (a few each, with a token over
a small world; the object endpoints once with generated ids and once with ids of real objects) and no answer is a
server error, has a status the schema does not declare, or breaks the schema."""

import datetime
import json
import os
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from ptdv.admission.services import dossier_open
from ptdv.membership.models import Membership
from ptdv.training.models import Course

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
EXAMPLES = 6


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler in-process, keeping the test's connection open between requests (as Django's test
    client does): closing it would end the test's transaction on PostgreSQL."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@override_settings(PTDV_API_RATE_LIMIT="100000/min")
def test_generated_requests_get_no_server_error_and_answers_fit_the_schema(world, api_for, wsgi_app):
    w = world
    api = api_for(w["committee"])  # the university's committee: its whole subtree
    dossier = dossier_open(actor=None, candidate=w["candidate"], opened_on=datetime.date(2025, 1, 6))
    real = {
        "unit_id": w["tree"].university.pk,
        "person_id": w["intro1"].pk,
        "candidate_id": w["candidate"].pk,
        "course_id": Course.objects.get().pk,
        "dossier_id": dossier.pk,
        "member_id": Membership.objects.get(person=w["intro1"]).pk,
        "stage": "application",
    }
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    headers = {"Authorization": f"Bearer {api.raw}"}
    statuses = set()

    def run(strategy):
        @given(case=strategy)
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call(headers=headers)
            statuses.add((case.method, case.path, response.status_code))
            case.validate_response(
                response, checks=[not_a_server_error, status_code_conformance, response_schema_conformance]
            )

        check()

    for operation in operations:
        run(operation.as_strategy())
        names = [p.name for p in operation.path_parameters]
        if names:
            run(operation.as_strategy(path_parameters={name: real[name] for name in names}))
    run(schema["/api/v1/reports/admissions"]["GET"].as_strategy(query={"unit": real["unit_id"]}))
    # The real objects were read, not only 404s and 422s.
    assert {path for method, path, status in statuses if method == "GET" and status == 200} >= {
        "/api/v1/units/{unit_id}",
        "/api/v1/persons/{person_id}",
        "/api/v1/dossiers/{dossier_id}",
        "/api/v1/members/{member_id}",
        "/api/v1/courses/{course_id}/enrolments",
    }


def test_every_operation_declares_the_error_answers_it_can_give(client):
    schema = client.get("/api/v1/openapi.json").json()
    checked = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = operation["responses"]
            query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            expected = {"401", "429"} | ({"404"} if "{" in path or "unit" in query else set())
            expected |= {"422"} if operation.get("parameters") or operation.get("requestBody") else set()
            assert expected <= set(declared), (method, path, sorted(declared))
            for status in expected:
                ref = declared[status]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ErrorOut", (method, path, status)
            checked += 1
    assert checked >= 30


@override_settings(PTDV_API_RATE_LIMIT="1/min")
def test_401_and_429_answers_fit_the_declared_schema(world, api_for, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    operation = schema["/api/v1/units"]["GET"]
    api = api_for(world["committee"])
    statuses = []
    for headers in ({"Authorization": "Bearer ptdv_wrong"}, {"Authorization": f"Bearer {api.raw}"}, None):
        case = operation.Case(headers=headers or {"Authorization": f"Bearer {api.raw}"})
        response = case.call()
        statuses.append(response.status_code)
        case.validate_response(response, checks=[status_code_conformance, response_schema_conformance])
    assert statuses == [401, 200, 429]


SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")


def test_the_schema_is_the_committed_one(client):
    """The API is a public contract: a change of its schema is deliberate, reviewed as a change of this file (a
    refactor leaves it as it is). After an intended change: PTDV_UPDATE_SCHEMA=1 pytest ptdv/api/tests/test_schema.py"""
    schema = client.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).json()
    text = json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if os.environ.get("PTDV_UPDATE_SCHEMA"):
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8"), (
        "The API's schema changed: if intended, run PTDV_UPDATE_SCHEMA=1 pytest ptdv/api/tests/test_schema.py and "
        "commit ptdv/api/tests/openapi.snapshot.json"
    )
