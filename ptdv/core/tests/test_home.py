"""Each role lands on its work (issue #19 item 4)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("roles", "home"),
    [
        (["cell_secretary"], "reminders:queue"),
        (["committee"], "reminders:queue"),
        (["staff"], "reports:dashboard"),
        (["viewer"], "units:tree"),
        (["admin"], "units:tree"),
        (["staff", "cell_secretary"], "reminders:queue"),
    ],
)
def test_each_role_lands_on_its_work(client, tree, make_user, roles, home):
    unit = tree.cell_it if "cell_secretary" in roles else tree.university
    client.force_login(make_user(unit, *roles))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse(home)
    assert client.get(response["Location"]).status_code == 200
