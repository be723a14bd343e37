"""Account management as an attacker tries it: a district administrator against the province's accounts, their own
unit and roles, superuser status; the admin site for top-unit administrators only, scoped all the same; every
change recorded as the project's event."""

import datetime
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from ptdv.accounts.models import User
from ptdv.audit.models import Event
from ptdv.conftest import PASSWORD
from ptdv.units.services import unit_create

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Mot-mat-khau-moi-2026"


def edit_data(account, **changes):
    data = {
        "full_name": account.get_full_name(),
        "email": account.email,
        "unit_code": account.unit.code,
        "roles": sorted(account.roles),
        "is_active": "on" if account.is_active else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


@pytest.fixture
def district_admin(tree, make_user):
    return make_user(tree.city, "admin", username="admin.city")


@pytest.fixture
def other_root(db):
    return unit_create(
        actor=None, parent=None, code="Q", name="Đơn vị Q", unit_type="province", valid_from=datetime.date(2020, 1, 1)
    )


# ---------------------------------------------------------------- the account pages


def test_a_district_admin_lists_only_the_accounts_of_its_subtree(client, tree, make_user, district_admin):
    make_user(tree.province, "staff", username="tinh.tochuc")
    make_user(tree.bloc, "admin", username="khoi.quantri")
    make_user(tree.commune, "cell_secretary", username="xa.bithu")
    User.objects.create_superuser("root", "root@example.com", PASSWORD)
    client.force_login(district_admin)
    page = client.get(reverse("account_list")).content.decode()
    assert "xa.bithu" in page and "admin.city" in page
    assert "tinh.tochuc" not in page and "khoi.quantri" not in page and "root" not in page.split("<table")[1]
    # a search by the province's code finds nothing either
    assert "tinh.tochuc" not in client.get(reverse("account_list"), {"q": "P"}).content.decode()


def test_a_district_admin_gets_404_for_a_province_account(client, tree, make_user, district_admin):
    province_staff = make_user(tree.province, "staff")
    client.force_login(district_admin)
    assert client.get(reverse("account_edit", args=[province_staff.pk])).status_code == 404
    response = client.post(reverse("account_edit", args=[province_staff.pk]), edit_data(province_staff, roles=[]))
    assert response.status_code == 404
    assert (
        client.post(
            reverse("account_password", args=[province_staff.pk]),
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        ).status_code
        == 404
    )
    province_staff.refresh_from_db()
    assert province_staff.check_password(PASSWORD) and province_staff.roles == {"staff"}


def test_a_district_admin_cannot_edit_its_own_account(client, tree, district_admin):
    client.force_login(district_admin)
    assert client.get(reverse("account_edit", args=[district_admin.pk])).status_code == 403
    response = client.post(reverse("account_edit", args=[district_admin.pk]), edit_data(district_admin, unit_code="P"))
    assert response.status_code == 403
    district_admin.refresh_from_db()
    assert district_admin.unit == tree.city
    assert not Event.objects.filter(action="user.update").exists()


def test_a_district_admin_cannot_move_an_account_above_itself(client, tree, make_user, district_admin):
    accomplice = make_user(tree.commune, "staff")
    client.force_login(district_admin)
    for code in ("P", "P.B", "Q-does-not-exist"):
        response = client.post(reverse("account_edit", args=[accomplice.pk]), edit_data(accomplice, unit_code=code))
        assert response.status_code == 422
        assert f"Không có đơn vị nào mang mã {code}" in response.content.decode()
    accomplice.refresh_from_db()
    assert accomplice.unit == tree.commune
    assert not Event.objects.filter(action="user.update").exists()


def test_a_district_admin_cannot_make_an_admin_at_its_own_level_nor_a_superuser(
    client, tree, make_user, district_admin
):
    colleague = make_user(tree.city, "staff")
    client.force_login(district_admin)
    response = client.post(
        reverse("account_edit", args=[colleague.pk]),
        edit_data(colleague, roles=["staff", "admin"], is_superuser="on", is_staff="on"),
    )
    assert response.status_code == 422
    colleague.refresh_from_db()
    assert colleague.roles == {"staff"} and not colleague.is_superuser and not colleague.is_staff
    # below its own unit the admin role may be given; superuser status never
    below = make_user(tree.commune, "staff")
    response = client.post(
        reverse("account_edit", args=[below.pk]), edit_data(below, roles=["admin"], is_superuser="on")
    )
    assert response.status_code == 302
    below.refresh_from_db()
    below.__dict__.pop("roles", None)
    assert below.roles == {"admin"} and not below.is_superuser


def test_a_district_admin_cannot_touch_a_peer_administrator(client, tree, make_user, district_admin):
    peer = make_user(tree.city, "admin")
    client.force_login(district_admin)
    assert client.get(reverse("account_edit", args=[peer.pk])).status_code == 403
    assert client.post(reverse("account_edit", args=[peer.pk]), edit_data(peer, is_active="")).status_code == 403
    peer.refresh_from_db()
    assert peer.is_active


def test_creating_an_account_outside_the_subtree_is_refused(client, tree, district_admin):
    client.force_login(district_admin)
    data = {
        "username": "gian.diep",
        "full_name": "Trần Văn Gián",
        "unit_code": "P",
        "roles": ["admin"],
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    assert client.post(reverse("account_create"), data).status_code == 422
    assert not User.objects.filter(username="gian.diep").exists()
    data |= {"unit_code": "P.T.X", "roles": ["cell_secretary"]}
    assert client.post(reverse("account_create"), data).status_code == 302
    created = User.objects.get(username="gian.diep")
    assert created.unit == tree.commune and created.roles == {"cell_secretary"}
    event = Event.objects.get(action="user.create", target_id=str(created.pk))
    assert event.actor == district_admin and event.after["roles"] == ["cell_secretary"]


def test_every_change_on_the_pages_is_an_event_with_before_and_after(client, tree, make_user, district_admin):
    account = make_user(tree.commune, "viewer")
    client.force_login(district_admin)
    response = client.post(
        reverse("account_edit", args=[account.pk]),
        edit_data(account, unit_code="P.T.X.1", roles=["cell_secretary"], is_active=""),
    )
    assert response.status_code == 302
    event = Event.objects.get(action="user.update")
    assert event.actor == district_admin and event.unit == tree.cell_village
    assert event.before == {"unit": tree.commune.pk, "roles": ["viewer"], "is_active": True}
    assert event.after == {"unit": tree.cell_village.pk, "roles": ["cell_secretary"], "is_active": False}


@pytest.mark.parametrize("role", ["viewer", "cell_secretary", "staff", "committee"])
def test_only_administrators_open_the_account_pages(client, tree, make_user, role):
    client.force_login(make_user(tree.province, role))
    # the staff see the list, to reset passwords (test_password_reset.py); nobody else but administrators
    assert client.get(reverse("account_list")).status_code == (200 if role == "staff" else 403)
    assert client.get(reverse("account_create")).status_code == 403


# ---------------------------------------------------------------- the admin site


def test_the_admin_site_is_closed_to_administrators_below_the_top(client, tree, make_user, district_admin):
    client.force_login(district_admin)
    for name in ("admin:index", "admin:accounts_user_changelist", "admin:audit_event_changelist"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(make_user(tree.bloc, "admin"))
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_top_admin_sees_only_its_own_tree_in_the_admin_site(client, tree, make_user, other_root):
    top = make_user(tree.province, "admin", username="quantri.p")
    make_user(other_root, "staff", username="q.tochuc")
    User.objects.create_superuser("root", "root@example.com", PASSWORD)
    foreign = Event.objects.filter(unit=other_root).first()  # unit_create recorded it
    assert foreign is not None
    client.force_login(top)
    users = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "quantri.p" in users and "q.tochuc" not in users and ">root<" not in users
    other = User.objects.get(username="q.tochuc")
    assert client.get(reverse("admin:accounts_user_change", args=[other.pk])).status_code == 302  # "does not exist"
    events = client.get(reverse("admin:audit_event_changelist"))
    assert events.status_code == 200
    assert "Đơn vị P (P)" in events.content.decode() and "Đơn vị Q (Q)" not in events.content.decode()
    assert client.get(reverse("admin:audit_event_change", args=[foreign.pk])).status_code == 302
    units = client.get(reverse("admin:autocomplete"), {"term": "Q", "app_label": "accounts", "model_name": "user",
                                                       "field_name": "unit"}).json()  # fmt: skip
    assert all(item["text"] != str(other_root) for item in units["results"])


def test_a_top_admin_cannot_edit_itself_in_the_admin_site(client, tree, make_user):
    top = make_user(tree.province, "admin")
    client.force_login(top)
    url = reverse("admin:accounts_user_change", args=[top.pk])
    assert client.post(url, {"unit": tree.city.pk, "roles": ["admin"], "is_active": "on"}).status_code == 403
    assert client.post(reverse("admin:auth_user_password_change", args=[top.pk]), {}).status_code == 403


def test_admin_site_changes_go_through_the_services_and_record_events(client, tree, make_user):
    top = make_user(tree.province, "admin")
    account = make_user(tree.commune, "viewer")
    client.force_login(top)
    url = reverse("admin:accounts_user_change", args=[account.pk])
    data = {"last_name": "Lê Thị", "first_name": "Hoa", "email": "", "unit": tree.cell_village.pk,
            "roles": ["cell_secretary"], "is_active": "on",
            "is_superuser": "on", "is_staff": "on", "groups": [], "user_permissions": []}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    account.refresh_from_db()
    account.__dict__.pop("roles", None)
    assert account.unit == tree.cell_village and account.roles == {"cell_secretary"}
    assert not account.is_superuser and not account.is_staff
    event = Event.objects.get(action="user.update")
    assert event.actor == top and event.after["roles"] == ["cell_secretary"]
    assert event.after["unit"] == tree.cell_village.pk and event.after["last_name"] == "Lê Thị"
    assert LogEntry.objects.filter(object_id=str(account.pk)).exists()


def test_admin_site_refuses_a_unit_outside_the_tree(client, tree, make_user, other_root):
    top = make_user(tree.province, "admin")
    account = make_user(tree.commune, "viewer")
    client.force_login(top)
    url = reverse("admin:accounts_user_change", args=[account.pk])
    data = {
        "last_name": "",
        "first_name": "",
        "email": "",
        "unit": other_root.pk,
        "roles": ["viewer"],
        "is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "errornote" in response.content.decode()
    account.refresh_from_db()
    assert account.unit == tree.commune
    assert not Event.objects.filter(action="user.update").exists()


def test_the_admin_site_offers_no_groups_tasks_nor_permissions_to_a_top_admin(client, tree, make_user):
    client.force_login(make_user(tree.province, "admin"))
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/auth/group/" not in index and "django_tasks" not in index
    assert client.get("/admin/auth/group/").status_code == 404
    assert client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist")).status_code == 403
    assert client.get(reverse("admin:accounts_user_add")).status_code == 403


def test_a_superuser_gives_an_account_its_unit_and_the_admin_role_in_the_admin_site(client, tree):
    root = User.objects.create_superuser("root", "root@example.com", PASSWORD)
    client.force_login(root)
    assert client.get(reverse("admin:index")).status_code == 200
    response = client.post(
        reverse("admin:accounts_user_add"),
        {"username": "quantri", "usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    account = User.objects.get(username="quantri")
    assert Event.objects.filter(action="user.create", target_id=str(account.pk), actor=root).exists()
    data = {
        "last_name": "",
        "first_name": "",
        "email": "",
        "unit": tree.province.pk,
        "roles": ["admin"],
        "is_active": "on",
    }
    assert client.post(reverse("admin:accounts_user_change", args=[account.pk]), data).status_code == 302
    account.refresh_from_db()
    assert account.unit == tree.province and account.has_role("admin") and account.may_use_admin_site


def test_a_disabled_peer_administrator_cannot_be_enabled_by_a_peer(client, tree, make_user, district_admin):
    top = make_user(tree.province, "admin")
    peer = make_user(tree.city, "admin")
    from ptdv.accounts.services import user_update

    user_update(actor=top, user=peer, unit=tree.city, roles=["admin"], first_name="", last_name="", email="",
                is_active=False)  # fmt: skip
    client.force_login(district_admin)
    assert client.get(reverse("account_edit", args=[peer.pk])).status_code == 403
    response = client.post(reverse("account_edit", args=[peer.pk]), edit_data(peer, is_active="on", roles=["admin"]))
    assert response.status_code == 403
    peer.refresh_from_db()
    assert not peer.is_active


def test_enabling_a_disabled_account_keeps_its_roles(client, tree, make_user, district_admin):
    account = make_user(tree.commune, "staff", "committee")
    client.force_login(district_admin)
    client.post(reverse("account_edit", args=[account.pk]), edit_data(account, is_active=""))
    account.refresh_from_db()
    assert not account.is_active and account.stored_roles() == {"staff", "committee"}
    form = client.get(reverse("account_edit", args=[account.pk])).content.decode()
    assert re.search(r'<input[^>]*value="committee"[^>]*checked', form)  # the form shows the roles it keeps
    client.post(reverse("account_edit", args=[account.pk]), edit_data(account, is_active="on",
                                                                      roles=["staff", "committee"]))  # fmt: skip
    account = User.objects.get(pk=account.pk)
    assert account.is_active and account.roles == {"staff", "committee"}
