"""In the browser: the cell secretary takes the resolution's number from the register, then downloads the filled
6-KNĐ from the dossier page."""

import pytest
from playwright.sync_api import expect

from ptdv.admission.tests.conftest import up_to_comments, world  # noqa: F401
from ptdv.conftest import PASSWORD

from .helpers import docx_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_take_a_number_then_download_the_filled_resolution(page, live_server, world):  # noqa: F811
    dossier = up_to_comments(world)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(world["secretary"].username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    page.get_by_role("button", name="Ghi nhận: Chi bộ xét, biểu quyết (6-KNĐ)").click()
    page.get_by_label("Ngày họp").fill("27/03/2025")
    page.get_by_label("Số đảng viên chính thức").fill("10")
    page.get_by_label("Cách tính (nếu khác danh sách đảng viên)").fill("Theo sổ đảng viên")
    page.get_by_label("Số tán thành").fill("9")
    page.get_by_label("Hình thức biểu quyết").select_option("raised_card")
    page.get_by_label("Lấy số tự động từ sổ đăng ký văn bản").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận")
    with page.expect_download() as download:
        page.locator("tr[data-form='6-KNĐ']").get_by_role("link", name="Word").click()
    path = download.value.path()
    text = docx_text(open(path, "rb").read())  # noqa: SIM115 - read once
    assert "Số: 01-NQ/CB" in text and "ĐÀO THỊ DŨNG" in text and "9 đồng chí, đạt 90%" in text
