"""The unit's staff reset the passwords of their units' accounts (issue #19 item 12): audited, through the service,
never an administrator's, a superuser's, a higher or sibling unit's, nor a same-unit colleague's with other roles."""

import pytest
from django.urls import reverse

from ptdv.accounts import rules
from ptdv.accounts.rules import Account
from ptdv.audit.models import Event
from ptdv.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW = "Mot-mat-khau-moi-2026"


def acc(pk, path, *roles, superuser=False):
    return Account(pk=pk, unit_path=path, roles=frozenset(roles), is_superuser=superuser)


STAFF = acc(1, "1.2", "staff")


@pytest.mark.parametrize(
    ("target", "allowed"),
    [
        (acc(2, "1.2.3", "cell_secretary"), True),  # a cell below
        (acc(3, "1.2", "staff"), True),  # a colleague with the same role
        (acc(4, "1.2", "viewer"), False),  # same unit, a role the staff does not hold
        (acc(5, "1.2.3", "committee"), True),  # strictly below: any role but the administrator's
        (acc(6, "1.2", "committee", "staff"), False),  # a same-unit colleague with more rights
        (acc(7, "1.2.3", "admin"), False),  # never an administrator
        (acc(8, "1.2.3", "viewer", superuser=True), False),  # never a superuser
        (acc(9, "1", "viewer"), False),  # never a higher unit
        (acc(10, "1.4", "viewer"), False),  # nor a sibling
        (acc(1, "1.2", "staff"), False),  # their own: the profile page
    ],
)
def test_who_the_staff_may_reset(target, allowed):
    assert rules.may_reset_password(STAFF, target) is allowed


def test_without_the_staff_role_no_reset():
    assert not rules.may_reset_password(acc(1, "1.2", "committee", "cell_secretary"), acc(2, "1.2.3", "viewer"))


def test_an_inactive_staff_resets_nothing():
    inactive = Account(pk=1, unit_path="1.2", roles=frozenset({"staff"}), is_active=False)
    assert not rules.may_reset_password(inactive, acc(2, "1.2.3", "viewer"))


def test_the_staff_resets_a_cell_secretarys_password_audited_and_revoked(client, tree, make_user):
    staff = make_user(tree.university, "staff")
    secretary = make_user(tree.cell_it, "cell_secretary")
    client.force_login(staff)
    listing = client.get(reverse("account_list")).content.decode()
    assert secretary.username in listing and "quên mật khẩu" in listing
    assert reverse("account_password", args=[secretary.pk]) in listing
    assert f'href="{reverse("account_edit", args=[secretary.pk])}"' not in listing  # only the password
    response = client.post(
        reverse("account_password", args=[secretary.pk]), {"new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    secretary.refresh_from_db()
    assert secretary.check_password(NEW)
    event = Event.objects.get(action="user.change_password", target_id=str(secretary.pk))
    assert event.actor_id == staff.pk and event.after == {"access_revoked": True}
    assert NEW not in str(event.after)


def test_the_staff_cannot_reset_an_administrators_or_a_higher_units_password(client, tree, make_user):
    staff = make_user(tree.university, "staff")
    admin_below = make_user(tree.cell_it, "admin")
    above = make_user(tree.bloc, "viewer")
    client.force_login(staff)
    data = {"new_password1": NEW, "new_password2": NEW}
    assert client.post(reverse("account_password", args=[admin_below.pk]), data).status_code == 403
    assert client.post(reverse("account_password", args=[above.pk]), data).status_code == 404
    assert client.get(reverse("account_edit", args=[staff.pk])).status_code == 403
    for user in (admin_below, above):
        user.refresh_from_db()
        assert user.check_password(PASSWORD)
    assert not Event.objects.filter(action="user.change_password").exists()


def test_a_user_without_the_staff_role_sees_no_accounts(client, tree, make_user):
    client.force_login(make_user(tree.university, "committee"))
    assert client.get(reverse("account_list")).status_code == 403


def test_every_user_changes_their_own_password_from_their_profile(client, tree, make_user):
    viewer = make_user(tree.cell_it, "viewer")
    client.force_login(viewer)
    assert reverse("password_change") in client.get(reverse("profile")).content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert viewer.check_password(NEW)
