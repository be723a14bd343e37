"""In the browser: a cell secretary starts an official transfer, the destination's staff receive it, the member
appears in the new cell with their history, and both units' Biểu 1 show it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ptdv.conftest import PASSWORD

from .test_movements import member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("#site-nav")).to_be_attached()  # logged in, on the role's home


def test_an_official_transfer_started_by_the_cell_and_received_by_the_destination(page, live_server, tree, make_user):
    today = timezone.localdate()
    m = member(tree.cell_it)
    name = m.person.full_name
    make_user(tree.cell_it, "cell_secretary", username="bithu")
    make_user(tree.commune, "staff", username="xa")

    login(page, live_server, "bithu")
    page.goto(f"{live_server.url}/members/")
    page.locator("#roll").get_by_role("link", name="Lịch sử, chuyển sinh hoạt, ra khỏi danh sách").click()
    form = page.locator("#transfer-form")
    form.get_by_label("Nơi đến trong hệ thống").fill("P.T.X")
    form.get_by_label("Ngày giấy giới thiệu").fill(today.strftime("%d/%m/%Y"))
    form.get_by_role("button", name="Cấp giấy giới thiệu").click()  # no number typed: the register gives it
    expect(page.locator("#transfers")).to_contain_text("Đã cấp giấy giới thiệu, chờ tiếp nhận")
    expect(page.locator("#transfers")).to_contain_text("01-GGT/CB")
    with page.expect_download() as download:
        page.locator("#transfers").get_by_role("link", name="Giấy giới thiệu sinh hoạt đảng (Word)").click()
    assert download.value.suggested_filename.startswith("GTSH") and download.value.suggested_filename.endswith(".docx")

    login(page, live_server, "xa")
    page.goto(f"{live_server.url}/members/transfers/?unit=P.T.X")
    row = page.locator("#incoming tr", has_text=name)
    row.get_by_label("Chi bộ sinh hoạt").fill("P.T.X.1")
    row.get_by_role("button", name="Tiếp nhận").click()
    expect(page.locator("#incoming")).to_contain_text("Không có giấy giới thiệu nào chờ tiếp nhận")
    page.goto(f"{live_server.url}/members/")
    page.locator("#roll").get_by_role("link", name=name).click()
    expect(page.locator("#history")).to_contain_text("Đơn vị P.B.U.1 → Đơn vị P.T.X.1")
    expect(page.locator("#history")).to_contain_text("Kết nạp")
    page.goto(f"{live_server.url}/reports/movements/?unit=P.T.X&period=year&year={today.year}")
    expect(page.locator("#sentences")).to_contain_text("chuyển đến 1")

    login(page, live_server, "bithu")
    page.goto(f"{live_server.url}/reports/movements/?unit=P.B.U.1&period=year&year={today.year}")
    expect(page.locator("#sentences")).to_contain_text("chuyển đi 1")
    expect(page.locator("#sentences")).to_contain_text("cuối kỳ có 0 đảng viên")


def test_a_party_card_issued_then_handed_over_on_the_member_page(page, live_server, tree, make_user):
    m = member(tree.cell_it)  # a full member since 19/05/2021
    make_user(tree.cell_it, "cell_secretary", username="bithu")
    login(page, live_server, "bithu")
    page.goto(f"{live_server.url}/members/{m.pk}/")
    form = page.locator("#card-form")
    form.get_by_label("Việc về thẻ đảng viên").select_option(label="Phát thẻ đảng viên")
    form.get_by_label("Ngày", exact=True).fill("02/08/2021")
    form.get_by_label("Số thẻ đảng viên").fill("5400 3452")
    form.get_by_role("button", name="Ghi việc về thẻ đảng viên").click()
    expect(page.locator("#card-form")).to_contain_text("Số thẻ đảng viên gồm 12 chữ số")  # refused, nothing written
    form = page.locator("#card-form")
    form.get_by_label("Số thẻ đảng viên").fill("012345678901")
    form.get_by_label("Số quyết định").fill("15-QĐ/ĐU")
    form.get_by_role("button", name="Ghi việc về thẻ đảng viên").click()
    expect(page.locator("#history")).to_contain_text("Phát thẻ đảng viên 012345678901")
    form = page.locator("#card-form")
    form.get_by_label("Việc về thẻ đảng viên").select_option(label="Trao thẻ đảng viên")
    form.get_by_label("Ngày", exact=True).fill("20/08/2021")
    form.get_by_role("button", name="Ghi việc về thẻ đảng viên").click()
    expect(page.locator("#history")).to_contain_text("Trao thẻ đảng viên 012345678901")
    expect(page.locator("body")).to_contain_text("Thẻ đảng viên số 012345678901")
