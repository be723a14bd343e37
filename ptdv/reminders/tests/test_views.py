"""The pages: Việc cần làm, the navigation count, stalled work, the calendar; scoped to the user's units."""

import datetime

import pytest
from django.urls import reverse

from ptdv.quotas.models import Quota

from .conftest import candidate

D = datetime.date
pytestmark = pytest.mark.django_db


def page(client, user, url, status=200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_the_queue_lists_what_the_user_must_do_most_urgent_first_with_links_to_the_steps_form(client, world):
    html = page(client, world["secretary"], reverse("reminders:queue"))
    assert html.index("Đào Thị Dũng") < html.index("Vũ Minh Tuấn")  # 2 working days late before 14 left
    assert "quá hạn 2 ngày làm việc" in html and "còn 14 ngày làm việc" in html
    assert f'href="/dossiers/{world["ceremony"].pk}/ceremony/"' in html
    assert "Lê Thị Hoa" not in html  # the bloc decides that one
    assert "Phạm Văn Cường" not in html  # another cell's
    assert '<span class="nav-count"' in html and ">2</span>" in html  # the navigation's count
    assert "<small>Chi bộ:</small> Đơn vị P.B.U.1" in html  # who acts
    committee = page(client, world["committee"], reverse("reminders:queue"))
    assert "<small>Đảng ủy cơ sở:</small> Đơn vị P.B.U" in committee


def test_a_long_queue_is_shown_a_page_at_a_time_the_counts_are_the_whole_queues(client, world, monkeypatch):
    from ptdv.reminders import views

    monkeypatch.setattr(views, "QUEUE_PAGE_SIZE", 1)
    first = page(client, world["secretary"], reverse("reminders:queue"))
    assert "Đào Thị Dũng" in first and "Vũ Minh Tuấn" not in first  # the most urgent first
    assert "Trang 1/2" in first and first.count('data-key="') == 1
    assert "1 việc quá hạn" in first and "1 việc sắp đến hạn" in first  # the whole queue's counts
    second = page(client, world["secretary"], reverse("reminders:queue") + "?page=2")
    assert "Vũ Minh Tuấn" in second and "Đào Thị Dũng" not in second
    assert page(client, world["secretary"], reverse("reminders:queue") + "?page=99").count('data-key="') == 1


def test_the_unit_above_sees_what_is_overdue_too_long_below(client, world):
    html = page(client, world["cement"], reverse("reminders:queue"))
    assert "Phạm Văn Cường" in html and "chuyển lên" in html
    assert f'href="/dossiers/{world["late"].pk}/"' in html  # the dossier's page: the cell records the ceremony
    assert "Phạm Văn Cường" not in page(client, world["bloc"], reverse("reminders:queue"))


def test_a_viewer_has_nothing_to_do_and_sees_no_stalled_work(client, world):
    html = page(client, world["viewer"], reverse("reminders:queue"))
    assert "Đào Thị Dũng" not in html and "Không có việc nào đến hạn" in html
    page(client, world["viewer"], reverse("reminders:stalled"), status=403)


def test_stalled_work_page(client, world):
    tree = world["tree"]
    candidate(tree.cell_econ, "Hoàng Văn Sơn", entered_on=D(2025, 3, 1))
    Quota.objects.create(unit=tree.commune, year=2026, quota=4)
    html = page(client, world["committee"], reverse("reminders:stalled"))
    assert "Hoàng Văn Sơn" in html and "Đơn vị P.T.X" not in html  # the commune is not the university's
    html = page(client, world["bloc"], reverse("reminders:stalled"))
    assert "Hoàng Văn Sơn" in html


def test_the_calendar_page_is_scoped(client, world):
    html = page(client, world["committee"], reverse("reminders:calendar"))
    assert "Trần Văn Bình" in html and "Vũ Minh Tuấn" in html and "Phạm Văn Cường" not in html
    url = reverse("reminders:calendar") + f"?unit={world['tree'].cell_econ.pk}"
    html = page(client, world["committee"], url)
    assert "Trần Văn Bình" in html and "Vũ Minh Tuấn" not in html
    page(client, world["secretary"], url, status=404)  # a sibling cell
    page(client, world["secretary"], reverse("reminders:calendar") + "?unit=abc", status=404)


def test_the_dossier_page_and_the_board_show_the_same_deadline_as_the_queue(client, world):
    html = page(client, world["secretary"], reverse("admission:detail", args=[world["ceremony"].pk]))
    assert "20/03/2026" in html and "2 ngày làm việc" in html
    board = page(client, world["secretary"], reverse("admission:board"))
    assert "deadline-overdue" in board
