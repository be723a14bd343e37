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


def test_main_pages_explain_themselves_and_the_star_in_words(client, tree, make_user):
    client.force_login(make_user(tree.cell_it, "cell_secretary"))
    for path in ["/tasks/", "/people/pool/", "/dossiers/", "/members/", "/courses/"]:
        page = client.get(path).content.decode()
        assert "Hướng dẫn sử dụng trang này" in page, path
    page = client.get(reverse("people:create")).content.decode()
    assert "Các ô có dấu * là bắt buộc" in page and page.count("Các ô có dấu *") == 1
    assert "Căn cứ" in client.get("/people/pool/").content.decode()
