import pytest
from django.urls import reverse

from ptdv.calendar.models import SpecialDay

pytestmark = pytest.mark.django_db


def test_staff_enter_a_make_up_saturday_and_viewers_only_read(client, tree, make_user):
    client.force_login(make_user(tree.province, "viewer"))
    page = client.get(reverse("calendar:page"), {"year": 2027})
    assert page.status_code == 200 and "Tết Nguyên Đán" in page.content.decode()
    assert (
        client.post(reverse("calendar:page"), {"day": "13/02/2027", "kind": "working_day", "reason": "x"}).status_code
        == 403
    )
    client.force_login(make_user(tree.province, "staff"))
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
