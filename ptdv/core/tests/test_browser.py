"""The cell secretary's day on a phone (issue #19 "Done when"): at 390×844, log in and land on the queue, record a
step with a date typed as digits only (the iOS numeric keypad has no "/"), find a member by a name typed without
diacritics, the menu folded behind a button; no page scrolls sideways. Then screenshots of the main pages at
1366×768 and 390×844, kept as artifacts (test-artifacts/screens/)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ptdv.admission import services
from ptdv.browser import ARTIFACTS
from ptdv.conftest import PASSWORD
from ptdv.reminders.tests.test_browser import decided_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width}px wide at 390px"


def log_in(page, url, username):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_cell_secretarys_day_on_a_phone(phone, live_server, tree, make_user):
    page = phone
    dossier = decided_dossier(tree, make_user)
    services.dossier_record_ceremony_approval(
        actor=None, dossier=dossier, document="Công văn", number="9-CV/ĐUK", approved_on=timezone.localdate(),
        allowed_until=timezone.localdate(),
    )  # fmt: skip
    log_in(page, live_server.url, "bithu")

    # the home is the queue
    expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()
    no_sideways_scroll(page)
    # the navigation is folded behind the menu button
    expect(page.locator(".main-nav")).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(page.locator(".main-nav").get_by_role("link", name="Đảng viên")).to_be_visible()
    page.get_by_role("button", name="Menu").click()

    row = page.locator("#queue tbody tr", has_text="Đào Thị Dũng")
    record = row.get_by_role("button", name="Ghi nhận")
    expect(record).to_be_in_viewport()  # the action is on screen, not off to the right
    record.click()
    assert page.url == f"{live_server.url}/dossiers/{dossier.pk}/ceremony/"
    no_sideways_scroll(page)
    field = page.get_by_label("Ngày tổ chức lễ kết nạp")
    assert field.get_attribute("inputmode") == "numeric"
    field.fill(timezone.localdate().strftime("%d%m%Y"))  # digits only
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận")
    no_sideways_scroll(page)

    # find a member by name typed without diacritics
    page.get_by_role("button", name="Menu").click()
    page.locator(".main-nav").get_by_role("link", name="Đảng viên").click()
    no_sideways_scroll(page)
    page.locator("details.filters summary").click()
    page.locator("input[name=q]").fill("nguyen van hung")
    page.locator("input[name=q]").press("Enter")
    expect(page.locator("#roll")).to_contain_text("Nguyễn Văn Hùng")
    expect(page.locator("#roll")).not_to_contain_text("Trần Thị Lan")
    no_sideways_scroll(page)

    for path in ["/tasks/", "/people/", "/people/pool/", "/courses/", "/dossiers/", f"/dossiers/{dossier.pk}/",
                 "/members/", "/units/", "/documents/", "/reports/", f"/people/{dossier.person.pk}/"]:  # fmt: skip
        page.goto(live_server.url + path)
        no_sideways_scroll(page)


MAIN_PAGES = [
    ("queue", "/tasks/"),
    ("dossier", None),
    ("candidates", "/people/pool/"),
    ("members", "/members/"),
    ("courses", "/courses/"),
    ("dashboard", "/reports/"),
]


def test_screenshots_of_the_main_pages_at_both_widths(browser, live_server, tree, make_user):
    dossier = decided_dossier(tree, make_user)
    make_user(tree.university, "staff", "committee", username="vanphong")
    folder = ARTIFACTS / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    for label, viewport in [("desktop", DESKTOP), ("phone", PHONE)]:
        context = browser.new_context(locale="vi-VN", viewport=viewport)
        page = context.new_page()
        log_in(page, live_server.url, "bithu")
        for name, path in MAIN_PAGES:
            page.goto(live_server.url + (path or f"/dossiers/{dossier.pk}/"))
            page.screenshot(path=str(folder / f"{name}-{label}.png"), full_page=label == "phone")
            if label == "phone":
                no_sideways_scroll(page)
        context.close()
    assert len(list(folder.glob("*.png"))) >= 2 * len(MAIN_PAGES)
