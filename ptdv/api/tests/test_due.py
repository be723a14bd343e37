"""GET /api/v1/due: the user's work queue as on the page — the same items, order, states and who acts."""

import pytest

from ptdv.reminders.tests.conftest import empty_cache, frozen, world  # noqa: F401  (the reminders' fixtures)

pytestmark = pytest.mark.django_db


def test_the_cell_secretary_gets_the_queue_most_urgent_first(world, api_for):  # noqa: F811  (world: the reminders' fixture)
    response = api_for(world["secretary"]).get("/due")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["items"]) == 2
    late, probation = body["items"]
    assert (late["person"], late["kind"], late["state"], late["days"]) == ("Đào Thị Dũng", "admission_ceremony",
                                                                          "overdue", 2)  # fmt: skip
    assert late["state_text"] == "quá hạn 2 ngày làm việc"
    assert (late["actor"], late["unit_id"], late["step"], late["reason"]) == ("cell", world["tree"].cell_it.pk,
                                                                             "ceremony", "own")  # fmt: skip
    assert late["subject_id"] == world["ceremony"].pk and late["page"] == f"/dossiers/{world['ceremony'].pk}/ceremony/"
    assert (probation["person"], probation["state"], probation["days"]) == ("Vũ Minh Tuấn", "upcoming", 14)


def test_the_unit_above_gets_what_is_overdue_too_long_below_and_a_sibling_nothing_of_it(world, api_for):  # noqa: F811  (world: the reminders' fixture)
    cement = api_for(world["cement"]).get("/due").json()["items"]
    assert [(i["person"], i["reason"]) for i in cement] == [("Phạm Văn Cường", "escalated")]
    assert cement[0]["page"] == f"/dossiers/{world['late'].pk}/"  # followed up there, recorded by the cell
    sibling = api_for(world["sibling"]).get("/due").json()["items"]
    assert not {"Đào Thị Dũng", "Phạm Văn Cường", "Vũ Minh Tuấn"} & {i["person"] for i in sibling}
    assert api_for(world["viewer"]).get("/due").json() == {"count": 0, "items": []}


def test_english_texts_on_request(world, api_for):  # noqa: F811  (world: the reminders' fixture)
    item = api_for(world["secretary"]).get("/due", headers={"Accept-Language": "en"}).json()["items"][0]
    assert item["state_text"] == "2 working days late"
    assert item["label"] == "Admission ceremony"
