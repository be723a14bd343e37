"""A changed password ends what the old one let out: API tokens and calendar feed links, each revocation recorded,
whatever path changed it (the user's page, an administrator's page, the admin site, `ptdv changepassword`)."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ptdv.accounts.models import User
from ptdv.accounts.services import user_update
from ptdv.api.services import api_token_create
from ptdv.audit.models import Event
from ptdv.conftest import PASSWORD
from ptdv.reminders.services import calendar_token_create

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Mot-mat-khau-moi-2026"


def _credentials(user):
    """A token and a calendar link, as a thief who knew the old password would have made them."""
    _token, api_raw = api_token_create(actor=user, user=user, name="stolen")
    _link, feed_raw = calendar_token_create(actor=user, user=user)
    return api_raw, feed_raw


def _works(api_raw, feed_raw) -> tuple[bool, bool]:
    thief = Client()
    api = thief.get("/api/v1/units", headers={"Authorization": f"Bearer {api_raw}"})
    feed = thief.get(reverse("reminders:feed", args=[feed_raw]))
    return api.status_code == 200, feed.status_code == 200


def test_changing_ones_password_kills_the_token_and_the_calendar_link(client, tree, make_user):
    user = make_user(tree.university, "staff")
    api_raw, feed_raw = _credentials(user)
    assert _works(api_raw, feed_raw) == (True, True)
    client.force_login(user)
    page = client.get(reverse("password_change")).content.decode()
    assert 'name="revoke_access"' in page and "checked" in page.split('name="revoke_access"')[1].split(">")[0]
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
         "revoke_access": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert _works(api_raw, feed_raw) == (False, False)
    assert Event.objects.get(action="api_token.revoke").actor == user
    assert Event.objects.get(action="calendar_token.revoke").actor == user
    assert Event.objects.get(action="user.change_password").after == {"access_revoked": True}


def test_the_user_may_keep_them_by_unticking_the_box(client, tree, make_user):
    user = make_user(tree.university, "staff")
    api_raw, feed_raw = _credentials(user)
    client.force_login(user)
    client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert _works(api_raw, feed_raw) == (True, True)
    assert Event.objects.get(action="user.change_password").after == {"access_revoked": False}


def test_an_administrator_setting_a_password_always_revokes(client, tree, make_user):
    admin = make_user(tree.city, "admin")
    user = make_user(tree.commune, "cell_secretary")
    api_raw, feed_raw = _credentials(user)
    client.force_login(admin)
    response = client.post(
        reverse("account_password", args=[user.pk]), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert _works(api_raw, feed_raw) == (False, False)
    revocations = Event.objects.filter(action__in=["api_token.revoke", "calendar_token.revoke"])
    assert revocations.count() == 2 and {e.actor for e in revocations} == {admin}


def test_the_admin_sites_password_form_revokes_too(client, tree, make_user):
    top = make_user(tree.province, "admin")
    user = make_user(tree.commune, "viewer")
    api_raw, feed_raw = _credentials(user)
    client.force_login(top)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert _works(api_raw, feed_raw) == (False, False)
    event = Event.objects.get(action="user.change_password")
    assert event.actor == top and event.target_id == str(user.pk)
    assert Event.objects.get(action="api_token.revoke").actor == top


def test_the_console_changepassword_revokes_too(tree, make_user, monkeypatch):
    user = make_user(tree.university, "viewer", username="an.nguyen")
    api_raw, feed_raw = _credentials(user)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", "an.nguyen", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)
    assert _works(api_raw, feed_raw) == (False, False)
    assert Event.objects.filter(action="user.change_password", actor=None).exists()


def test_disabling_an_account_revokes_its_tokens_and_links(tree, make_user):
    admin = make_user(tree.city, "admin")
    user = make_user(tree.commune, "staff")
    api_raw, feed_raw = _credentials(user)
    user_update(
        actor=admin, user=user, unit=user.unit, roles=["staff"], first_name="", last_name="", email="", is_active=False
    )
    assert _works(api_raw, feed_raw) == (False, False)
    assert Event.objects.filter(action="api_token.revoke", actor=admin).count() == 1
