"""The dashboard in the browser: the charts draw from the project's own Chart.js, and a user sees only their
subtree's figures."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ptdv.conftest import PASSWORD
from ptdv.quotas.services import quota_set

from .factories import admit_many

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_draws_and_stays_in_the_users_subtree(page, live_server, tree, make_user):
    today = timezone.localdate()
    quota_set(actor=None, unit=tree.bloc, year=today.year, quota=10)
    quota_set(actor=None, unit=tree.university, year=today.year, quota=4)
    admit_many(tree.cell_it, 3, datetime.date(today.year, 1, 1), occupation="university_student")
    admit_many(tree.cell_village, 5, datetime.date(today.year, 1, 1), occupation="farmer")
    make_user(tree.bloc, "staff", username="khoi")
    outside = []
    page.on(
        "request", lambda request: outside.append(request.url) if not request.url.startswith(live_server.url) else None
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("khoi")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Báo cáo", exact=True).click()

    expect(page.get_by_test_id("admitted")).to_contain_text("3/10 đồng chí (đạt 30,0%)")
    expect(page.locator("body")).to_have_attribute("data-charts-drawn", "yes")
    assert page.locator("#chart-months").bounding_box()["height"] > 50
    expect(page.locator("#child-units tr[data-code='P.B.U']")).to_contain_text("3")
    expect(page.locator("#child-units")).not_to_contain_text("P.T.X")  # the commune is not the bloc's
    expect(page.locator("#lagging")).to_contain_text("Đơn vị P.B.U")

    page.locator("#child-units").get_by_role("link", name="Đơn vị P.B.U").click()
    expect(page.get_by_test_id("admitted")).to_contain_text("3/4 đồng chí (đạt 75,0%)")
    page.get_by_role("button", name="Báo cáo đầy đủ").click()
    expect(page.locator("#sentences")).to_contain_text("kết nạp được 3 đảng viên, đạt 75,0% so với chỉ tiêu")
    # Choosing a quarter shows which quarter to enter, and the report follows.
    expect(page.locator('[data-field="number"]')).to_be_hidden()
    page.get_by_label("Kỳ báo cáo").select_option("quarter")
    expect(page.locator('[data-field="number"]')).to_be_visible()
    expect(page.locator('[data-field="date_from"]')).to_be_hidden()
    page.get_by_label("Thứ").fill("1")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("#sentences")).to_contain_text("kết nạp được 3 đảng viên")

    response = page.goto(f"{live_server.url}/reports/?unit=P.T.X")
    assert response.status == 404
    assert outside == []
