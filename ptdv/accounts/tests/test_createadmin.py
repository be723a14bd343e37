"""`ptdv createadmin`: the README's first administrator, who can then do what the README says."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ptdv.accounts.models import User
from ptdv.audit.models import Event
from ptdv.units.models import Unit

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-quan-tri-2026"


def run(*args, env_password=PASSWORD, monkeypatch=None):
    if monkeypatch is not None:
        monkeypatch.setenv("PTDV_ADMIN_PASSWORD", env_password)
    out = io.StringIO()
    call_command("createadmin", *args, "--noinput", stdout=out)
    return out.getvalue()


def test_on_an_empty_database_it_creates_the_top_unit_and_its_administrator(client, monkeypatch):
    out = run("--unit", "BS", "--unit-name", "Đảng bộ tỉnh Bình Sơn", "--unit-type", "province",
              "--username", "quantri", "--full-name", "Nguyễn Văn Quản", monkeypatch=monkeypatch)  # fmt: skip
    assert "quantri" in out
    admin = User.objects.get(username="quantri")
    unit = Unit.objects.get(code="BS")
    assert unit.parent is None and admin.unit == unit and admin.roles == {"admin"} and not admin.is_superuser
    assert Event.objects.filter(action="user.create", target_id=str(admin.pk), actor=None).exists()
    assert Event.objects.filter(action="unit.create", unit=unit).exists()
    # the README's next steps: log in, open the admin site and the account pages, create an account below
    assert client.post(reverse("login"), {"username": "quantri", "password": PASSWORD}).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("account_list")).status_code == 200
    response = client.post(
        reverse("account_create"),
        {"username": "bantochuc", "unit_code": "BS", "roles": ["staff"], "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302 and User.objects.get(username="bantochuc").roles == {"staff"}


def test_an_existing_unit_and_extra_roles(tree, monkeypatch):
    run("--unit", "p.t", "--username", "qt.thanhpho", "--role", "staff", monkeypatch=monkeypatch)
    admin = User.objects.get(username="qt.thanhpho")
    assert admin.unit == tree.city and admin.roles == {"admin", "staff"}
    assert not admin.may_use_admin_site  # below the top: the account pages, not the admin site


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--unit", "NOPE", "--username", "x.y"], "Không có đơn vị mã “NOPE”"),
        (["--unit", "P", "--username", "user1"], "đã có người dùng"),
    ],
)
def test_mistakes_exit_2_with_one_line_and_create_nothing(tree, make_user, monkeypatch, args, words):
    make_user(tree.province, "viewer", username="user1")
    before = User.objects.count()
    with pytest.raises(CommandError) as error:
        run(*args, monkeypatch=monkeypatch)
    assert error.value.returncode == 2 and words in str(error.value) and "\n" not in str(error.value)
    assert User.objects.count() == before


def test_a_weak_password_is_refused(tree, monkeypatch):
    with pytest.raises(CommandError) as error:
        run("--unit", "P", "--username", "qt", env_password="123", monkeypatch=monkeypatch)
    assert error.value.returncode == 2 and "Mật khẩu chưa đạt" in str(error.value)
    assert not User.objects.filter(username="qt").exists()
