"""Dossier pages: 404 outside the user's units, 403 for a step the user's role does not record; the stale form."""

import datetime

import pytest
from django.urls import reverse

from ptdv.admission import services
from ptdv.admission.models import Dossier
from ptdv.admission.tests.conftest import introducers, up_to_comments
from ptdv.audit.models import Event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
STEPS = [
    "application",
    "introduction",
    "verification",
    "comments",
    "cell_vote",
    "committee_vote",
    "decision",
    "ceremony",
    "recognition_cell_vote",
    "recognition_committee_vote",
    "full_member",
]


def test_every_dossier_page_is_404_for_a_sibling_unit(client, world):
    dossier = up_to_comments(world)
    client.force_login(world["sibling"])
    urls = [reverse("admission:detail", args=[dossier.pk]), reverse("admission:close", args=[dossier.pk])]
    urls += [reverse("admission:step", args=[dossier.pk, step]) for step in STEPS]
    events = Event.objects.count()
    for url in urls:
        assert client.get(url).status_code == 404, url
        if "/close/" in url or url.rstrip("/").split("/")[-1] in STEPS:
            assert client.post(url, {"version": dossier.version}).status_code == 404, url
    assert Event.objects.count() == events
    board = client.get(reverse("admission:board")).content.decode()
    assert "Đào Thị Dũng" not in board


def test_roles_decide_who_records_which_step(client, world):
    dossier = up_to_comments(world)
    cell_vote = reverse("admission:step", args=[dossier.pk, "cell_vote"])
    committee_vote = reverse("admission:step", args=[dossier.pk, "committee_vote"])
    client.force_login(world["viewer"])
    assert client.get(reverse("admission:detail", args=[dossier.pk])).status_code == 200
    assert client.get(cell_vote).status_code == 403
    client.force_login(world["committee"])
    assert client.get(cell_vote).status_code == 403
    assert client.get(committee_vote).status_code == 200
    client.force_login(world["secretary"])
    page = client.get(reverse("admission:detail", args=[dossier.pk])).content.decode()
    assert cell_vote in page  # the next step is offered to the one who records it


def test_a_stale_form_is_refused_and_says_so(client, world):
    dossier = up_to_comments(world)
    client.force_login(world["secretary"])
    url = reverse("admission:step", args=[dossier.pk, "cell_vote"])
    data = {
        "vote_on": "27/03/2025",
        "denominator": "10",
        "denominator_note": "Sổ đảng viên",
        "votes_for": "9",
        "resolution": "05-NQ/CB",
        "ballot": "secret",
        "version": dossier.version,
    }
    services.dossier_close(
        actor=world["secretary"],
        dossier=dossier,
        outcome="withdrawn",
        closed_on=datetime.date(2025, 3, 25),
        reason="Rút hồ sơ",
    )
    response = client.post(url, data)
    assert response.status_code == 422
    assert "hồ sơ đã được người khác cập nhật" in response.content.decode()
    assert Dossier.objects.get().stage == "withdrawn"


def test_the_dossier_page_shows_what_blocks_the_next_step(client, world):
    w = world
    s = w["secretary"]
    dossier = services.dossier_open(actor=s, candidate=w["candidate"], opened_on=datetime.date(2025, 1, 6))
    dossier = services.dossier_record_application(
        actor=s, dossier=dossier, application_on=datetime.date(2025, 1, 6), cv_on=datetime.date(2025, 1, 6)
    )
    dossier = services.dossier_record_introduction(actor=s, dossier=dossier, introducers=introducers(w))
    dossier = services.dossier_record_verification(
        actor=s, dossier=dossier, concluded_on=datetime.date(2025, 2, 6), summary="Rõ ràng"
    )
    dossier = services.dossier_record_comments(
        actor=s, dossier=dossier, summarised_on=datetime.date(2025, 2, 7), summary="Tốt"
    )
    client.force_login(s)
    page = client.get(reverse("admission:detail", args=[dossier.pk])).content.decode()
    # opened on 06/01/2025, today 22/11/2026: more than 12 months, the introduction papers must be redone
    assert "Chưa thực hiện được vì" in page


def test_side_forms_failed_vote_and_return(client, world):
    dossier = up_to_comments(world)
    client.force_login(world["secretary"])
    url = reverse("admission:failed_vote", args=[dossier.pk])
    response = client.post(
        url, {"version": dossier.version, "vote_on": "27/03/2025", "denominator": "10", "votes_for": "6"}
    )
    assert response.status_code == 302
    assert Dossier.objects.get().failed_cell_votes == 1
    response = client.post(
        url, {"version": dossier.version, "vote_on": "27/03/2025", "denominator": "10", "votes_for": "5"}
    )
    assert response.status_code == 422  # the page was stale: the version moved on
    assert Dossier.objects.get().failed_cell_votes == 1
    assert client.get(reverse("admission:return", args=[dossier.pk])).status_code == 403  # a cell does not return
    client.force_login(world["committee"])
    dossier.refresh_from_db()
    response = client.post(
        reverse("admission:return", args=[dossier.pk]),
        {"version": dossier.version, "returned_on": "28/03/2025", "reason": "Bổ sung lý lịch"},
    )
    assert response.status_code == 302 and Dossier.objects.get().stage == "verification"


def test_the_dossier_page_asks_for_the_ancestors_once(client, world, django_assert_max_num_queries):
    dossier = up_to_comments(world)
    client.force_login(world["secretary"])
    url = reverse("admission:detail", args=[dossier.pk])
    client.get(url)  # warm the session and the translations
    with django_assert_max_num_queries(15):  # 16 before ancestors were kept on the unit
        assert client.get(url).status_code == 200


def test_the_board_shows_the_stages_that_hold_dossiers_and_names_the_empty_ones(client, world):
    client.force_login(world["secretary"])
    empty = client.get(reverse("admission:board")).content.decode()
    assert "Các đơn vị của đồng chí không có hồ sơ nào đang trong quy trình." in empty
    assert "board-column" not in empty
    up_to_comments(world)
    board = client.get(reverse("admission:board")).content.decode()
    assert "1 hồ sơ đang trong quy trình." in board
    assert board.count('class="board-column"') == 1
    assert "Đã lấy ý kiến nhận xét" in board.split('class="board-column"')[1]  # the comments stage, with the card
    assert "Đào Thị Dũng" in board
    empty_line = board.split('class="board-empty"')[1]
    assert "Mới lập hồ sơ" in empty_line and "Đã lấy ý kiến nhận xét" not in empty_line
