"""The pages: a staff user previews and applies an act over their units, sees it, undoes it; another
organisation's staff cannot see it nor name its units."""

import pytest

from ptdv.restructuring.models import RestructureAct
from ptdv.units.models import Unit

from .conftest import D, make

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def test_preview_apply_view_and_undo(client, province, make_user):
    staff = make_user(province.district, "staff")
    new = make(province.district, "P.H.N", "commune", day=province.a.valid_from)
    _login(client, staff)
    data = {"date": "01/07/2025", "decision_number": "12-QĐ/TU", "accounts": "move",
            "lines": "P.H.A > P.H.N\nP.H.B > P.H.N\nP.H.N = Xã Mới | special_zone"}  # fmt: skip
    response = client.post("/restructuring/new/", {**data, "apply": "0"})
    assert response.status_code == 200
    assert "P.H.A.1" in response.content.decode() and RestructureAct.objects.count() == 0
    response = client.post("/restructuring/new/", {**data, "apply": "1"})
    act = RestructureAct.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/restructuring/{act.pk}/")
    new.refresh_from_db()
    assert (new.name, new.unit_type) == ("Xã Mới", "special_zone")
    assert client.get(f"/restructuring/{act.pk}/").status_code == 200
    assert client.get("/restructuring/structure/", {"unit_code": "P.H", "date_from": "01/01/2025",
                                                    "date_to": "31/12/2025"}).status_code == 200  # fmt: skip
    client.post(f"/restructuring/{act.pk}/undo/")
    assert Unit.objects.get(pk=province.a.pk).valid_to is None
    new.refresh_from_db()
    assert new.unit_type == "commune"


def test_other_organisations_cannot_see_or_name(client, province, make_user):
    outsider = make_user(province.k, "staff", "admin")
    _login(client, outsider)
    response = client.post("/restructuring/new/", {"date": "01/07/2025", "accounts": "move",
                                                   "lines": "P.H.A > P.K.1", "apply": "1"})  # fmt: skip
    body = response.content.decode()
    assert "P.H.A" in body and "Đơn vị P.H.A" not in body  # the typed code, never the unit's name
    assert Unit.objects.get(pk=province.a.pk).valid_to is None
    staff = make_user(province.district, "staff")
    from ptdv.restructuring.services import ActInput, ItemInput, restructure_apply

    act = restructure_apply(
        actor=staff, act=ActInput(date=D(2025, 10, 1), items=[ItemInput(source=province.a1, successor=province.a2)])
    )
    assert client.get(f"/restructuring/{act.pk}/").status_code == 404
    assert client.post(f"/restructuring/{act.pk}/undo/").status_code == 404
    assert client.get("/restructuring/").status_code == 200
