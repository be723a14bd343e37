"""The flows users walk, in a real browser (Debian's Chromium through Playwright)."""

import re

import pytest
from playwright.sync_api import expect

from ptdv.conftest import PASSWORD
from ptdv.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("#site-nav")).to_be_attached()  # logged in, on the role's home (its work)
    page.goto(live_server.url + "/units/")
    expect(page.get_by_role("heading", name="Tổ chức đảng")).to_be_visible()


def test_log_in_in_vietnamese_open_the_tree_expand_a_node_and_open_a_unit(page, live_server, tree, make_user):
    make_user(tree.province, "viewer", username="xem.tinh")
    log_in(page, live_server, "xem.tinh")
    expect(page.get_by_role("heading", name="Tổ chức đảng")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    bloc = page.locator('li[data-code="P.B"]')
    expect(bloc).to_contain_text("75 đảng viên")
    expect(page.locator('li[data-code="P.B.U"]')).to_have_count(0)  # children load on demand
    bloc.locator("summary .toggle").first.click()
    university = page.locator('li[data-code="P.B.U"]')
    expect(university).to_be_visible()
    expect(university).to_contain_text("38 đảng viên")
    university.locator("summary .toggle").first.click()
    page.locator('li[data-code="P.B.U.1"] a').click()
    expect(page.get_by_role("heading", name="Đơn vị P.B.U.1")).to_be_visible()
    expect(page.get_by_text("Cấp ủy có thẩm quyền quyết định kết nạp")).to_be_visible()
    expect(page.locator(".breadcrumb")).to_contain_text("Đơn vị P.B.U")
    expect(page.get_by_role("button", name="Sửa")).to_have_count(0)  # a viewer cannot edit


def test_a_user_of_a_sibling_unit_is_refused(page, live_server, tree, make_user):
    make_user(tree.cement, "staff", username="ximang")
    log_in(page, live_server, "ximang")
    expect(page.get_by_role("heading", name="Tổ chức đảng")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Đơn vị P.B.U")
    page.goto(f"{live_server.url}/units/{tree.university.pk}/")
    expect(page.get_by_role("heading", name="Không tìm thấy")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Đơn vị P.B.U")


def test_staff_adds_a_sub_unit_and_is_told_what_to_fix(page, live_server, tree, make_user):
    make_user(tree.bloc, "staff", username="bantochuc")
    log_in(page, live_server, "bantochuc")
    page.goto(f"{live_server.url}/units/{tree.cement.pk}/")
    page.get_by_role("button", name="Thêm đơn vị trực thuộc").click()
    page.get_by_label("Mã đơn vị").fill("P.B.U.1")
    page.get_by_label("Tên đơn vị").fill("Chi bộ Phân xưởng Nghiền")
    page.get_by_label("Loại tổ chức").select_option("cell")
    page.get_by_label("Số đảng viên (kê khai)").fill("17")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Mã đơn vị P.B.U.1 đã được dùng cho đơn vị khác")).to_be_visible()
    page.get_by_label("Mã đơn vị").fill("P.B.C.2")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Chi bộ Phân xưởng Nghiền")).to_be_visible()
    expect(page.get_by_text("Đã thêm đơn vị")).to_be_visible()
    assert Unit.objects.get(code="P.B.C.2").parent_id == tree.cement.pk


def test_pages_fit_a_phone_screen(browser, live_server, tree, make_user):
    make_user(tree.province, "staff", username="dienthoai")
    context = browser.new_context(locale="vi-VN", viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        log_in(page, live_server, "dienthoai")
        for path in ["/units/", f"/units/{tree.university.pk}/", f"/units/{tree.university.pk}/edit/"]:
            page.goto(live_server.url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{path} is {overflow}px wider than the phone screen"
    finally:
        context.close()


def test_english_can_be_chosen_in_the_footer(page, live_server, tree, make_user):
    make_user(tree.province, "viewer", username="english")
    log_in(page, live_server, "english")
    page.get_by_label("Ngôn ngữ").select_option("en")  # submits itself (app.js)
    expect(page.get_by_role("heading", name="Organisations")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^en"))
