"""The API: the roll at a date, a member's history, Biểu 1 — each within the token's units."""

import datetime

import pytest

from ptdv.api.tests.conftest import Api
from ptdv.membership import movements as mv

from .test_movements import member

pytestmark = pytest.mark.django_db
D = datetime.date


def test_roll_history_and_movements_through_the_api(tree, make_user):
    m = member(tree.cell_it)
    mv.member_leave(actor=None, membership=m, kind="died", on=D(2026, 5, 10), document_number="15-TB/CB")
    api = Api(make_user(tree.university, "staff"))
    roll = api.get("/roll", unit=tree.university.pk, date="2026-05-09").json()
    assert roll["count"] == 1 and roll["members"] == [m.pk]
    assert api.get("/roll", unit=tree.university.pk, date="2026-05-10").json()["count"] == 0
    history = api.get(f"/members/{m.pk}/history").json()
    assert [e["kind"] for e in history["events"]] == ["admitted", "full", "died"]
    assert history["events"][-1]["document_number"] == "15-TB/CB"
    report = api.get("/reports/movements", unit=tree.university.pk, date_from="2026-01-01",
                     date_to="2026-12-31").json()  # fmt: skip
    assert report["losses"]["died"] == {"count": 1, "probationary": 0}
    other = Api(make_user(tree.commune, "staff"))
    assert other.get(f"/members/{m.pk}/history").status_code == 404
    assert other.get("/roll", unit=tree.university.pk, date="2026-05-09").status_code == 404
