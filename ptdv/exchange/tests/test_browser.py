"""Staff upload a members file with errors, see every problem by row and column, fix the file, upload it again and
import it."""

import datetime

import pytest
from playwright.sync_api import expect

from ptdv.conftest import PASSWORD
from ptdv.membership.models import Membership

from .conftest import xlsx
from .test_imports import MEMBER_HEADER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_errors_fix_and_import(page, live_server, tree, make_user, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    make_user(tree.bloc, "staff", username="canbo")
    rows = [
        MEMBER_HEADER,
        ["Nguyễn Văn An", "01/02/1990", "Nam", "001090000001", "Công nhân", "P.B.C.1", "2015-03-02", "12-QĐ/ĐU",
         "10/03/2015", "10/03/2016", "", "Không"],
        ["Trần Thị Bích", "31/02/1995", "Nữ", "001195000002", "worker", "P.T.X.1", "02/03/2026", "", "", "", "", ""],
    ]  # fmt: skip
    bad = tmp_path / "dang-vien.xlsx"
    bad.write_bytes(xlsx(rows).getvalue())

    page.goto(live_server.url + "/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Nhập dữ liệu").click()
    expect(page.get_by_role("heading", name="Nhập dữ liệu")).to_be_visible()
    page.locator('a[href="/import/members/"]', has_text="Tải tệp lên").click()  # the members' row

    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    problems = page.locator(".import-problems")
    expect(problems).to_contain_text("3 lỗi: chưa ghi gì cho đến khi sửa xong")
    expect(problems.get_by_role("row", name="2 Nghề nghiệp")).to_contain_text("“Công nhân” không có trong danh mục")
    expect(problems.get_by_role("row", name="3 Ngày sinh")).to_contain_text("31/02/1995 không phải là một ngày có thật")
    expect(problems.get_by_role("row", name="3 Mã đơn vị")).to_contain_text(
        "Không có đơn vị nào mã P.T.X.1 trong các đơn vị đồng chí quản lý."
    )
    expect(page.get_by_role("button", name="Nhập các dòng này")).to_have_count(0)
    assert not Membership.objects.exists()

    rows[1][4] = "Công nhân, người lao động trực tiếp sản xuất trong doanh nghiệp"
    rows[2][1], rows[2][5] = "28/02/1995", "P.B.U.2"
    fixed = tmp_path / "dang-vien-da-sua.xlsx"
    fixed.write_bytes(xlsx(rows).getvalue())
    page.get_by_role("button", name="Tải lên tệp đã sửa").click()
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(fixed))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_role("status")).to_contain_text("2 dòng: sẽ thêm mới 2, cập nhật 0, giữ nguyên 0.")
    page.get_by_text("Các dòng sẽ thêm mới (2)").click()
    expect(page.get_by_text("dòng 3: Trần Thị Bích (001195000002)")).to_be_visible()
    assert not Membership.objects.exists()  # the preview writes nothing

    page.get_by_role("button", name="Nhập các dòng này").click()
    expect(page.get_by_role("status")).to_contain_text("Đã nhập: thêm mới 2, cập nhật 0, giữ nguyên 0.")
    bich = Membership.objects.get(person__citizen_id="001195000002")
    assert (bich.unit, bich.decision_date, bich.status) == (tree.cell_econ, datetime.date(2026, 3, 2), "probationary")
    assert Membership.objects.get(person__citizen_id="001090000001").status == "full"
