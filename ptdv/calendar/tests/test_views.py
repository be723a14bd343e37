import datetime

import pytest
import time_machine
from django.urls import reverse

from ptdv.audit.models import Event
from ptdv.calendar.models import SpecialDay

pytestmark = pytest.mark.django_db


def test_the_top_admin_enters_a_make_up_saturday_and_others_only_read(client, tree, make_user):
    client.force_login(make_user(tree.province, "viewer"))
    page = client.get(reverse("calendar:page"), {"year": 2027})
    assert page.status_code == 200 and "Tết Nguyên Đán" in page.content.decode()
    assert (
        client.post(reverse("calendar:page"), {"day": "13/02/2027", "kind": "working_day", "reason": "x"}).status_code
        == 403
    )
    client.force_login(make_user(tree.province, "admin"))
    response = client.post(
        reverse("calendar:page"), {"day": "13/02/2027", "kind": "working_day", "reason": "Thông báo của Bộ"}
    )
    assert response.status_code == 302
    assert SpecialDay.objects.get().kind == "working_day"
    response = client.post(reverse("calendar:page"), {"day": "15/02/2027", "kind": "working_day", "reason": "x"})
    assert response.status_code == 422  # a Monday is already a working day
    assert SpecialDay.objects.count() == 1
    assert client.post(reverse("calendar:remove", args=["2027-02-13"])).status_code == 302
    assert not SpecialDay.objects.exists()


@pytest.mark.parametrize(("unit_attr", "roles"), [("city", ("staff",)), ("city", ("admin",)), ("province", ("staff",))])
def test_staff_of_a_district_cannot_edit_the_calendar(client, tree, make_user, unit_attr, roles):
    SpecialDay.objects.create(day=datetime.date(2027, 2, 13), kind="working_day", reason="Thông báo")
    client.force_login(make_user(getattr(tree, unit_attr), *roles))
    page = client.get(reverse("calendar:page"), {"year": 2027}).content.decode()
    assert "Thông báo" in page and 'name="kind"' not in page and "calendar/2027-02-13/remove" not in page
    post = {"day": "20/02/2027", "kind": "working_day", "reason": "x"}
    assert client.post(reverse("calendar:page"), post).status_code == 403
    assert client.post(reverse("calendar:remove", args=["2027-02-13"])).status_code == 403
    assert SpecialDay.objects.count() == 1 and not Event.objects.filter(action__startswith="special_day").exists()


def test_a_past_day_asks_why_on_the_page(client, tree, make_user):
    SpecialDay.objects.create(day=datetime.date(2026, 3, 7), kind="working_day", reason="Thông báo")
    client.force_login(make_user(tree.province, "admin"))
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        page = client.get(reverse("calendar:page"), {"year": 2026}).content.decode()
        assert 'name="correction"' in page
        response = client.post(reverse("calendar:page"), {"day": "14/03/2026", "kind": "working_day", "reason": "TB"})
        assert response.status_code == 422 and "đã qua" in response.content.decode()
        client.post(reverse("calendar:remove", args=["2026-03-07"]))
        assert SpecialDay.objects.count() == 1
        response = client.post(reverse("calendar:remove", args=["2026-03-07"]), {"correction": "Nhập nhầm"})
        assert response.status_code == 302 and not SpecialDay.objects.exists()
    assert Event.objects.get(action="special_day.remove").after["correction"] == "Nhập nhầm"
