"""A cell secretary rates the whole cell in one form after the year-end meeting: the new member is listed as
reviewed, not rated; the 20% cap is warned about; the saved ratings come back on the page."""

import datetime

import pytest
from playwright.sync_api import expect

from ptdv.conftest import PASSWORD
from ptdv.followup.models import Rating

from .conftest import new_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date


def test_the_cell_secretary_rates_the_cell_in_one_form(page, live_server, tree, make_user):
    make_user(tree.cell_it, "cell_secretary", username="bithu")
    first = new_member(tree.cell_it, decided=D(2019, 5, 1), name="Nguyễn Văn Một")
    second = new_member(tree.cell_it, decided=D(2021, 5, 1), name="Trần Thị Hai")
    newest = new_member(tree.cell_it, decided=D(2025, 9, 1), name="Lê Văn Mới")

    page.goto(live_server.url + "/")
    page.get_by_label("Tên đăng nhập").fill("bithu")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Sau kết nạp").first.click()
    expect(page.get_by_role("heading", name="Sinh hoạt nơi cư trú")).to_be_visible()
    page.get_by_role("link", name="Xếp loại đảng viên").first.click()
    page.get_by_label("Năm", exact=True).fill("2025")
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.get_by_role("row", name="Lê Văn Mới")).to_contain_text("Được đánh giá, chưa xếp loại")
    page.get_by_label("Xếp loại Nguyễn Văn Một").select_option(label="Hoàn thành xuất sắc nhiệm vụ")
    page.get_by_label("Xếp loại Trần Thị Hai").select_option(label="Hoàn thành tốt nhiệm vụ")
    page.get_by_label("Ghi chú Trần Thị Hai").fill("Cần phát huy")
    page.get_by_role("button", name="Lưu kết quả xếp loại").click()
    expect(page.get_by_text("Đã lưu xếp loại: 2 mới, 0 thay đổi, 0 giữ nguyên.")).to_be_visible()
    # One excellent for one good is over 20%: the page says so and keeps the ratings.
    expect(page.locator("#cap-warning").first).to_contain_text("vượt 20%")
    expect(page.get_by_label("Xếp loại Trần Thị Hai")).to_have_value("good")
    ratings = dict(Rating.objects.filter(year=2025).values_list("membership_id", "band"))
    assert ratings == {first.pk: "excellent", second.pk: "good"}
    assert newest.pk not in ratings
