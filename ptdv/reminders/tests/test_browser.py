"""In the browser: a cell secretary sees the overdue ceremony in Việc cần làm, records it, and it leaves the queue."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ptdv.admission import services
from ptdv.admission.tests.conftest import cell_vote, member, up_to_comments
from ptdv.conftest import PASSWORD
from ptdv.people.services import candidate_enter, person_create
from ptdv.training.services import course_create, course_enrol, enrolment_record_result

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date


def decided_dossier(tree, make_user):
    """A dossier decided on 05/05/2025 in the IT cell: its ceremony (30 working days) is long overdue."""
    w = {
        "intro1": member(tree.cell_it, "001080000001", "Nguyễn Văn Hùng"),
        "intro2": member(tree.cell_econ, "001080000002", "Trần Thị Lan"),
        "secretary": make_user(tree.cell_it, "cell_secretary", username="bithu"),
    }
    applicant = person_create(
        actor=None, unit=tree.cell_it, full_name="Đào Thị Dũng", sex="female", birth_date=D(2000, 5, 17),
        citizen_id="001300000010", occupation="public_employee", general_education="12/12", youth_union=True,
    )  # fmt: skip
    w["candidate"] = candidate_enter(
        actor=None, person=applicant, unit=tree.cell_it, entered_on=D(2024, 1, 10), source="youth_union"
    )
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
    dossier = cell_vote(w, up_to_comments(w))
    dossier = services.dossier_record_committee_vote(
        actor=None, dossier=dossier, vote_on=D(2025, 4, 10), committee_size=3, votes_for=3, resolution="12-NQ/ĐU"
    )
    return services.dossier_record_decision(
        actor=None, dossier=dossier, decision_on=D(2025, 5, 5), number="34-QĐ/ĐUK", signer="Nguyễn Văn Thành"
    )


def test_the_overdue_ceremony_leaves_the_queue_once_recorded(page, live_server, tree, make_user):
    dossier = decided_dossier(tree, make_user)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("bithu")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    nav = page.locator(".main-nav").get_by_role("link", name="Việc cần làm")
    expect(nav).to_contain_text("1")  # the count in the navigation
    nav.click()
    expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()
    row = page.locator("#queue tbody tr", has_text="Đào Thị Dũng")
    expect(row).to_contain_text("Lễ kết nạp")
    expect(row).to_contain_text("quá hạn")
    expect(row.locator(".deadline-overdue")).to_be_visible()

    # a ceremony this late needs the committee above's approval first (procedure.md "Deadlines")
    services.dossier_record_ceremony_approval(
        actor=None, dossier=dossier, document="Công văn", number="9-CV/ĐUK", approved_on=timezone.localdate(),
        allowed_until=timezone.localdate(),
    )  # fmt: skip
    row.get_by_role("button", name="Ghi nhận").click()
    assert page.url == f"{live_server.url}/dossiers/{dossier.pk}/ceremony/"
    page.get_by_label("Ngày tổ chức lễ kết nạp").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận")

    page.locator(".main-nav").get_by_role("link", name="Việc cần làm").click()
    # the ceremony's item is gone; what the new member is due next (their residence introduction) is another item
    expect(page.locator("#queue")).not_to_contain_text("Lễ kết nạp")
    expect(page.locator("#queue")).not_to_contain_text("lễ kết nạp")
    expect(page.locator("#queue")).to_contain_text("nơi cư trú")
    expect(page.locator(".main-nav .nav-count")).to_have_text("1")  # that one item, no longer the ceremony
