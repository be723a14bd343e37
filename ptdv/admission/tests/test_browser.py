"""One person from the pool to full member, in the browser, as the cell secretary, the grassroots committee and
the competent (higher) committee."""

import datetime

import pytest
from playwright.sync_api import expect

from ptdv.admission.tests.conftest import member
from ptdv.conftest import PASSWORD
from ptdv.people.services import candidate_enter, person_create
from ptdv.training.services import course_create, course_enrol, enrolment_record_result

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("#site-nav")).to_be_attached()  # logged in, on the role's home (its work)


def record(page, live_server, dossier_url, label, fields, *, selects=None):
    page.goto(live_server.url + dossier_url)
    page.get_by_role("button", name=f"Ghi nhận: {label}").click()
    for name, value in fields.items():
        page.get_by_label(name).fill(value)
    for name, value in (selects or {}).items():
        page.get_by_label(name).select_option(value)
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận")


def test_from_pool_to_full_member_in_the_browser(page, live_server, tree, make_user):
    member(tree.cell_it, "001080000001", "Nguyễn Văn Hùng")
    member(tree.cell_econ, "001080000002", "Trần Thị Lan")
    applicant = person_create(
        actor=None,
        unit=tree.cell_it,
        full_name="Đào Thị Dũng",
        sex="female",
        birth_date=D(2000, 5, 17),
        citizen_id="001300000010",
        occupation="public_employee",
        general_education="12/12",
        youth_union=True,
    )
    candidate_enter(actor=None, person=applicant, unit=tree.cell_it, entered_on=D(2024, 1, 10), source="youth_union")
    course = course_create(
        actor=None, kind="awareness", title="Lớp 1", organiser=tree.bloc, starts_on=D(2024, 3, 4), ends_on=D(2024, 3, 8)
    )
    enrolment_record_result(
        actor=None,
        enrolment=course_enrol(actor=None, course=course, persons=[applicant])[0],
        result="passed",
        certificate_number="1/CN",
        certificate_date=D(2024, 3, 11),
    )
    make_user(tree.cell_it, "cell_secretary", username="bithu")
    make_user(tree.university, "committee", username="daNguyen.dauy")
    make_user(tree.bloc, "committee", username="dangUyKhoi")

    # the cell secretary opens the dossier from the person's page and records the cell's steps
    log_in(page, live_server, "bithu")
    page.goto(f"{live_server.url}/people/{applicant.pk}/")
    page.get_by_role("button", name="Lập hồ sơ kết nạp").click()
    page.get_by_label("Ngày lập hồ sơ").fill("06/01/2025")
    page.get_by_role("button", name="Lập hồ sơ").click()
    expect(page.get_by_text("Đã lập hồ sơ kết nạp")).to_be_visible()
    url = page.url.removeprefix(live_server.url)

    record(
        page,
        live_server,
        url,
        "Nhận đơn và lý lịch",
        {"Ngày nhận đơn xin vào Đảng (1-KNĐ)": "06/01/2025", "Ngày nhận lý lịch (2-KNĐ)": "20/01/2025"},
    )
    page.goto(live_server.url + url)
    page.get_by_role("button", name="Ghi nhận: Người giới thiệu").click()
    page.locator("#id_member_1").select_option(label="Nguyễn Văn Hùng — Đơn vị P.B.U.1")
    page.locator("#id_months_1").fill("24")
    page.locator("#id_dated_1").fill("03/02/2025")
    page.locator("#id_member_2").select_option(label="Trần Thị Lan — Đơn vị P.B.U.2")
    page.locator("#id_months_2").fill("11")  # too short: refused, with the reason
    page.locator("#id_dated_2").fill("03/02/2025")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".error").first).to_contain_text("12")
    page.locator("#id_months_2").fill("30")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận")
    record(
        page,
        live_server,
        url,
        "Thẩm tra lý lịch",
        {"Ngày kết luận": "14/03/2025", "Người được thẩm tra và kết quả": "Lý lịch rõ ràng."},
    )
    record(
        page,
        live_server,
        url,
        "Ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú (5-KNĐ)",
        {"Ngày tổng hợp": "20/03/2025", "Tổng hợp ý kiến": "Các đoàn thể nhận xét tốt."},
    )
    record(
        page,
        live_server,
        url,
        "Chi bộ xét, biểu quyết (6-KNĐ)",
        {
            "Ngày họp": "27/03/2025",
            "Số đảng viên chính thức": "10",
            "Cách tính (nếu khác danh sách đảng viên)": "Theo sổ đảng viên",
            "Số tán thành": "9",
            "Số nghị quyết": "05-NQ/CB",
        },
        selects={"Hình thức biểu quyết": "raised_card"},
    )
    expect(page.locator(".timeline")).to_contain_text("9/10 = 90%")

    # the grassroots committee
    log_in(page, live_server, "daNguyen.dauy")
    record(
        page,
        live_server,
        url,
        "Đảng ủy cơ sở xét, biểu quyết (8-KNĐ)",
        {"Ngày họp": "08/04/2025", "Số cấp ủy viên": "9", "Số tán thành": "8", "Số nghị quyết": "12-NQ/ĐU"},
    )

    # the competent committee (the bloc, authorised to admit)
    log_in(page, live_server, "dangUyKhoi")
    record(
        page,
        live_server,
        url,
        "Quyết định kết nạp (9-KNĐ)",
        {"Ngày quyết định": "19/05/2025", "Số quyết định": "215-QĐ/ĐUK", "Người ký": "Nguyễn Văn A"},
    )

    # the cell: ceremony, then recognition after 12 months
    log_in(page, live_server, "bithu")
    record(page, live_server, url, "Lễ kết nạp", {"Ngày tổ chức lễ kết nạp": "02/06/2025"})
    page.goto(live_server.url + url)
    expect(page.locator(".next-step")).to_contain_text("chưa nộp bản tự kiểm điểm (10-KNĐ)")
    page.get_by_role("button", name="Thời gian dự bị", exact=True).click()
    page.get_by_label("Đảng viên giúp đỡ (đảng viên chính thức)").select_option(
        label="Nguyễn Văn Hùng — Đơn vị P.B.U.1"
    )
    page.get_by_label("Ngày nhận bản tự kiểm điểm (10-KNĐ)").fill("20/05/2026")
    page.get_by_label("Ngày nhận bản nhận xét của đảng viên giúp đỡ (11-KNĐ)").fill("22/05/2026")
    page.get_by_label("Ngày tổng hợp ý kiến nhận xét (12-KNĐ)").fill("29/05/2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".probation")).to_contain_text("29/05/2026")
    record(
        page,
        live_server,
        url,
        "Chi bộ xét công nhận đảng viên chính thức (13-KNĐ)",
        {"Ngày họp": "08/06/2026", "Số đảng viên chính thức": "10", "Số tán thành": "10", "Số nghị quyết": "09-NQ/CB"},
    )
    log_in(page, live_server, "daNguyen.dauy")
    record(
        page,
        live_server,
        url,
        "Đảng ủy cơ sở xét công nhận đảng viên chính thức (15-KNĐ)",
        {"Ngày họp": "15/06/2026", "Số cấp ủy viên": "9", "Số tán thành": "9", "Số nghị quyết": "20-NQ/ĐU"},
    )
    log_in(page, live_server, "dangUyKhoi")
    record(
        page,
        live_server,
        url,
        "Quyết định công nhận đảng viên chính thức (16-KNĐ)",
        {"Ngày quyết định": "01/07/2026", "Số quyết định": "301-QĐ/ĐUK"},
    )

    expect(page.locator(".full-member")).to_contain_text("Đảng viên chính thức từ ngày 02/06/2026")
    expect(page.locator(".full-member")).to_contain_text("Tuổi Đảng tính từ ngày 19/05/2025")
    page.goto(f"{live_server.url}/people/{applicant.pk}/")
    expect(page.locator("main")).to_contain_text("chính thức từ ngày 02/06/2026")
    expect(page.locator("main")).to_contain_text("Tuổi Đảng tính từ ngày 19/05/2025")
