"""In the browser: a user creates a token on the profile page, the docs page draws the API from local files only
(no CDN, nothing blocked by the CSP), and the token works until it is revoked."""

import pytest
import requests
from playwright.sync_api import expect

from ptdv.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_token_is_created_on_the_profile_page_and_the_docs_are_served_locally(page, live_server, tree, make_user):
    make_user(tree.cell_it, "cell_secretary", username="bithu")
    outside, console = [], []
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url))
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)

    page.goto(live_server.url + "/accounts/profile/")
    page.get_by_label("Tên đăng nhập").fill("bithu")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Mã truy cập API")).to_be_visible()
    expect(page.get_by_text("Đồng chí chưa có mã truy cập API nào.")).to_be_visible()
    page.get_by_label("Tên mã truy cập").fill("Đồng bộ phần mềm tổng hợp")
    page.get_by_role("button", name="Tạo mã truy cập").click()
    expect(page.get_by_text("mã sẽ không được hiển thị lại")).to_be_visible()
    token = page.locator("#new-api-token").inner_text().strip()
    headers = {"Authorization": f"Bearer {token}"}
    units = requests.get(live_server.url + "/api/v1/units", headers=headers, timeout=10)
    assert units.status_code == 200 and [u["code"] for u in units.json()["items"]] == ["P.B.U.1"]

    page.get_by_role("link", name="Tài liệu API").click()
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("PTĐV API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert outside == [], outside
    assert not [text for text in console if "Content Security Policy" in text], console

    page.goto(live_server.url + "/accounts/profile/")
    page.get_by_role("button", name="Thu hồi").click()
    expect(page.get_by_text("Đã thu hồi mã truy cập “Đồng bộ phần mềm tổng hợp”")).to_be_visible()
    assert requests.get(live_server.url + "/api/v1/units", headers=headers, timeout=10).status_code == 401
