"""A busy database (SQLite's write lock held by a long import) answers 503 "try again shortly", never a 500: pages,
the login and the API alike; nothing of the refused request is written."""

import sqlite3
import sys

import pytest
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.urls import reverse

from ptdv.api.services import api_token_create
from ptdv.conftest import PASSWORD
from ptdv.core.db import database_busy
from ptdv.core.views import error_500
from ptdv.quotas.models import Quota

BUSY_TEXT = "Hệ thống đang bận"


@pytest.fixture
def write_lock(database_on_disk):
    """Another connection holds SQLite's write lock, as a long import's transaction does."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL locks rows, not the database: other writes go on during an import")
    holder = sqlite3.connect(database_on_disk.removeprefix("sqlite:///"), isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    yield
    holder.execute("ROLLBACK")
    holder.close()


def test_a_page_write_a_login_and_an_api_call_get_the_busy_page(database_on_disk, tree, make_user, request):
    staff = make_user(tree.bloc, "staff", username="tochuc")
    _token, raw = api_token_create(actor=staff, user=staff, name="test")
    page = Client()
    page.force_login(staff)
    request.getfixturevalue("write_lock")

    saved = page.post(f"{reverse('quotas:page')}?unit=P.B&year=2026", {"unit_code": "P.B.U", "year": 2026, "quota": 5})
    assert saved.status_code == 503 and saved["Retry-After"] == "30"
    body = saved.content.decode()
    assert BUSY_TEXT in body and "Dữ liệu vừa gửi chưa được lưu" in body

    login = Client().post(reverse("login"), {"username": "tochuc", "password": PASSWORD})
    assert login.status_code == 503 and BUSY_TEXT in login.content.decode()

    api = Client().get("/api/v1/units", headers={"Authorization": f"Bearer {raw}"})  # writes the token's last use
    assert api.status_code == 503 and api["Retry-After"] == "30"
    assert api.json()["detail"][0]["code"] == "busy" and BUSY_TEXT in api.json()["detail"][0]["message"]
    assert not Quota.objects.exists()  # (a read: SQLite's WAL lets it through the lock)


def test_without_the_lock_the_same_requests_work(database_on_disk, tree, make_user):
    make_user(tree.bloc, "staff", username="tochuc")
    assert Client().post(reverse("login"), {"username": "tochuc", "password": PASSWORD}).status_code == 302


def test_an_error_outside_the_view_is_busy_too():
    """The session is saved after the view: a lock met there reaches handler500, which answers 503 as well."""
    request = RequestFactory().post("/quotas/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        assert sys.exception() is not None
        response = error_500(request)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    try:
        raise OperationalError("no such table: x")
    except OperationalError:
        assert error_500(request).status_code == 500


def test_what_counts_as_busy():
    assert database_busy(OperationalError("database is locked"))
    assert database_busy(OperationalError("database table is locked: units_unit"))
    assert not database_busy(OperationalError("disk I/O error"))
    assert not database_busy(ValueError("database is locked"))
    assert not database_busy(None)
