"""Logging in and out, changing passwords, failed-login throttling, roles and the admin site."""

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from ptdv import settings as project_settings
from ptdv.audit.models import Event
from ptdv.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_log_in_and_out(client, tree, make_user):
    make_user(tree.university, "viewer", username="an.nguyen")
    response = login(client, "an.nguyen", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("units:tree")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("units:tree")).status_code == 302


def test_wrong_password_gets_a_clear_vietnamese_message(client, tree, make_user):
    make_user(tree.university, "viewer", username="an.nguyen")
    response = login(client, "an.nguyen", "sai-mat-khau")
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()


def test_failed_logins_are_throttled(client, tree, make_user, settings):
    make_user(tree.university, "viewer", username="an.nguyen")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "an.nguyen", "sai-mat-khau").status_code == 200
    locked = login(client, "an.nguyen", "sai-mat-khau")
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    # even the right password is refused while the lock holds
    assert login(client, "an.nguyen", PASSWORD).status_code == 429
    assert client.get(reverse("units:tree")).status_code == 302


def test_passwords_are_hashed_with_argon2(tree, make_user, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # the suite hashes with MD5 (conftest.py)
    user = make_user(tree.university, "viewer")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_change_password_records_an_event_without_the_password(client, tree, make_user):
    user = make_user(tree.university, "viewer", username="an.nguyen")
    client.force_login(user)
    new = "Mot-mat-khau-moi-2026"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    event = Event.objects.get(action="user.change_password")
    assert event.actor == user and new not in str(event.before) + str(event.after)
    # still logged in after the change
    assert client.get(reverse("units:tree")).status_code == 200


def test_change_password_with_a_wrong_old_password_changes_nothing(client, tree, make_user):
    user = make_user(tree.university, "viewer")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": "x-Y-z-123456", "new_password2": "x-Y-z-123456"},
    )
    assert response.status_code == 422
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not Event.objects.filter(action="user.change_password").exists()


@pytest.mark.parametrize("role", ["viewer", "cell_secretary", "staff", "committee"])
def test_admin_site_is_for_the_admin_role_only(client, tree, make_user, role):
    client.force_login(make_user(tree.province, role))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_admin_role_opens_the_admin_site(client, tree, make_user):
    client.force_login(make_user(tree.province, "admin"))
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:units_unit_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_roles_and_vietnamese_full_name(tree, make_user):
    user = make_user(tree.province, "staff", "committee")
    assert user.roles == {"staff", "committee"}
    assert user.has_role("staff") and not user.has_role("admin")
    assert user.get_full_name() == "Nguyễn Văn An"
