"""The member's page (history and actions), the transfers page and Biểu 1's page: a cell secretary starts an
official transfer, the destination's staff receive it, the member appears in the new cell with their history, and
both units' Biểu 1 show it."""

import datetime

import pytest
from django.urls import reverse

from ptdv.membership.models import RollEvent, Transfer

from .test_movements import member

pytestmark = pytest.mark.django_db
D = datetime.date


def test_an_official_transfer_from_one_cell_to_another_organisation_through_the_pages(tree, make_user, client):
    m = member(tree.cell_it)
    secretary = make_user(tree.cell_it, "cell_secretary")
    client.force_login(secretary)
    page = client.get(reverse("membership:detail", args=[m.pk]))
    assert page.status_code == 200 and "Lịch sử" in page.content.decode()
    response = client.post(reverse("membership:movement", args=[m.pk]), {
        "action": "transfer", "destination_code": "P.T.X", "reason": "new_job", "letter_number": "05-GGT/ĐU",
        "letter_date": "01/03/2026",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    transfer = Transfer.objects.get()
    # The destination's staff see the letter awaiting receipt and receive the member into a cell.
    staff = make_user(tree.commune, "staff")
    client.force_login(staff)
    page = client.get(reverse("membership:transfers"), {"unit": "P.T.X"})
    assert m.person.full_name in page.content.decode()
    response = client.post(reverse("membership:transfers") + "?unit=P.T.X", {
        "unit": "P.T.X", "transfer": transfer.pk, "cell_code": "P.T.X.1", "date": "10/03/2026",
    })  # fmt: skip
    assert response.status_code == 302
    again = client.post(reverse("membership:transfers") + "?unit=P.T.X", {
        "unit": "P.T.X", "transfer": transfer.pk, "cell_code": "P.T.X.1", "date": "11/03/2026",
    })  # fmt: skip
    assert again.status_code == 422 or again.status_code == 404
    page = client.get(reverse("membership:detail", args=[m.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Đơn vị P.B.U.1 → Đơn vị P.T.X.1" in html and "Kết nạp" in html
    report = client.get(reverse("reports:movements_export", args=["json"]), {"unit": "P.T.X", "period": "year",
                                                                             "year": 2026}).json()  # fmt: skip
    assert report["gains"]["transferred_in"]["count"] == 1
    client.force_login(make_user(tree.university, "staff"))
    report = client.get(reverse("reports:movements_export", args=["json"]), {"unit": "P.B.U", "period": "year",
                                                                             "year": 2026}).json()  # fmt: skip
    assert report["losses"]["transferred_out"]["count"] == 1
    page = client.get(reverse("reports:movements"), {"unit": "P.B.U", "period": "year", "year": 2026})
    assert page.status_code == 200 and "Chuyển đi" in page.content.decode()
    for fmt in ["xlsx", "docx"]:
        download = client.get(reverse("reports:movements_export", args=[fmt]), {"unit": "P.B.U", "period": "year",
                                                                                 "year": 2026})  # fmt: skip
        assert download.status_code == 200 and len(download.content) > 1000


def test_a_refused_movement_on_the_page_says_why_and_writes_nothing(tree, make_user, client):
    m = member(tree.cell_it)
    client.force_login(make_user(tree.cell_it, "cell_secretary"))
    before = RollEvent.objects.count()
    response = client.post(reverse("membership:movement", args=[m.pk]), {
        "action": "movement", "kind": "died", "date": "01/01/2019",
    })  # fmt: skip
    assert response.status_code == 422 and "trước ngày kết nạp" in response.content.decode()
    assert RollEvent.objects.count() == before


def test_a_viewer_cannot_record_and_another_organisation_sees_nothing(tree, make_user, client):
    m = member(tree.cell_it)
    client.force_login(make_user(tree.cell_it, "viewer"))
    assert client.post(reverse("membership:movement", args=[m.pk]), {"kind": "died"}).status_code == 403
    client.force_login(make_user(tree.commune, "staff"))
    assert client.get(reverse("membership:detail", args=[m.pk])).status_code == 404
