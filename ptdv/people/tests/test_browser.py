"""A cell secretary builds up a candidate in the browser until nothing stands before admission (the bloc that
organises the course records its result)."""

import datetime

import pytest
from playwright.sync_api import expect

from ptdv.conftest import PASSWORD
from ptdv.membership.services import membership_record
from ptdv.people.models import Candidate
from ptdv.people.services import person_create
from ptdv.training.services import course_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cell_secretary_takes_a_candidate_from_person_to_ready(page, live_server, tree, make_user):
    make_user(tree.cell_it, "cell_secretary", username="bithu")
    make_user(tree.bloc, "staff", username="khoi.tochuc")
    helper = person_create(
        actor=None,
        unit=tree.cell_it,
        full_name="Nguyễn Văn Hùng",
        sex="male",
        birth_date=datetime.date(1980, 3, 4),
        citizen_id="001080000011",
        occupation="public_employee",
        general_education="12/12",
    )
    membership_record(
        actor=None,
        person=helper,
        unit=tree.cell_it,
        status="full",
        decision_date=datetime.date(2008, 5, 19),
        full_member_date=datetime.date(2009, 5, 19),
    )
    course_create(
        actor=None,
        kind="awareness",
        title="Lớp bồi dưỡng nhận thức về Đảng khóa 1",
        organiser=tree.bloc,
        starts_on=datetime.date(2026, 3, 2),
        ends_on=datetime.date(2026, 3, 6),
    )

    page.goto(live_server.url + "/")
    page.get_by_label("Tên đăng nhập").fill("bithu")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()  # the cell secretary's home

    # 1. add the person
    page.get_by_role("link", name="Nguồn kết nạp").click()
    page.get_by_role("button", name="Thêm người").click()
    page.get_by_label("Họ và tên").fill("Đào Thị Dũng")
    page.get_by_label("Giới tính").select_option("female")
    page.get_by_label("Ngày sinh").fill("17/05/2001")
    page.get_by_label("Số CCCD").fill("001 301 000 123")
    page.get_by_label("Nghề nghiệp").select_option("public_employee")
    page.get_by_label("Trình độ giáo dục phổ thông").fill("12/12")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Đào Thị Dũng")).to_be_visible()

    # 2. into the pool
    page.get_by_role("button", name="Đưa vào nguồn kết nạp").click()
    page.get_by_label("Nguồn giới thiệu").select_option("youth_union")
    page.get_by_role("button", name="Lưu").click()
    obstacles = page.locator(".obstacles")
    expect(obstacles).to_contain_text("chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng")
    expect(obstacles).to_contain_text("chưa phân công đảng viên giúp đỡ")

    # 3. a helper
    page.get_by_role("button", name="Phân công đảng viên giúp đỡ").click()
    page.get_by_label("Đảng viên giúp đỡ (đảng viên chính thức)").select_option(
        label="Nguyễn Văn Hùng — Đơn vị P.B.U.1"
    )
    page.get_by_role("button", name="Lưu").click()
    expect(obstacles).not_to_contain_text("chưa phân công đảng viên giúp đỡ")
    expect(page.locator(".helpers")).to_contain_text("Nguyễn Văn Hùng")

    # 4. the course: enrol from the pool
    page.get_by_role("link", name="Lớp bồi dưỡng", exact=True).click()
    page.get_by_role("link", name="Lớp bồi dưỡng nhận thức về Đảng khóa 1").click()
    page.get_by_label("Đào Thị Dũng — Đơn vị P.B.U.1").check()
    page.get_by_role("button", name="Cử đi học").click()
    participant = page.locator('tr[data-person="001301000123"]')
    expect(participant).to_contain_text("Đang học")

    # 5. the certificate: the bloc organises the course, so the bloc's staff record the result, not the cell
    expect(participant.get_by_role("link", name="Ghi kết quả")).to_have_count(0)
    expect(page.get_by_text("do đơn vị tổ chức lớp hoặc đơn vị cấp trên ghi nhận")).to_be_visible()
    course_url = page.url
    page.context.clear_cookies()
    page.goto(course_url)
    page.get_by_label("Tên đăng nhập").fill("khoi.tochuc")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    participant = page.locator('tr[data-person="001301000123"]')
    participant.get_by_role("link", name="Ghi kết quả").click()
    page.get_by_label("Kết quả").select_option("passed")
    page.get_by_label("Số giấy chứng nhận").fill("125/CN-NTVĐ")
    page.get_by_label("Ngày cấp giấy chứng nhận").fill("10/03/2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator('tr[data-person="001301000123"]')).to_contain_text("125/CN-NTVĐ")

    # 6. nothing stands before admission any more
    page.get_by_role("link", name="Đào Thị Dũng").click()
    expect(page.locator(".obstacles")).to_contain_text("Không còn vướng mắc")
    expect(page.locator(".obstacle-blocking")).to_have_count(0)
    assert Candidate.objects.get(person__citizen_id="001301000123").unit == tree.cell_it


def test_a_search_by_citizen_id_leaves_no_number_in_the_address(page, live_server, tree, make_user):
    make_user(tree.cell_it, "cell_secretary", username="bithu")
    person_create(
        actor=None, unit=tree.cell_it, full_name="Đào Thị Dũng", sex="female", birth_date=datetime.date(2001, 5, 17),
        citizen_id="001301000123", occupation="public_employee", general_education="12/12",
    )  # fmt: skip
    page.goto(live_server.url + "/people/")
    page.get_by_label("Tên đăng nhập").fill("bithu")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Tên, số CCCD hoặc điện thoại").fill("001 301 000 123")
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_role("link", name="Đào Thị Dũng")).to_be_visible()
    assert "?s=" in page.url and not any(character.isdigit() for character in page.url.split("?")[1])
    page.get_by_role("link", name="Đào Thị Dũng").click()
    page.go_back()  # back to the results, from the key kept in the session
    expect(page.get_by_role("link", name="Đào Thị Dũng")).to_be_visible()
