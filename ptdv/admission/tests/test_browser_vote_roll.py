"""In the browser: the cell's vote form names who the roll counts in the denominator on the vote date, and the full
members left out (away on a temporary stay, exempted) — roll.md and procedure.md "Votes"."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ptdv.membership import movements as mv

from .conftest import D, member, up_to_comments
from .test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_cell_vote_form_lists_who_the_roll_counts(page, live_server, world, frozen_today):
    w = world
    exempt = member(w["tree"].cell_it, "001080000011", "Đặng Văn Khải").membership
    away = member(w["tree"].cell_it, "001080000012", "Bùi Thị Mai").membership
    mv.member_exempt(actor=None, membership=exempt, on=D(2026, 1, 5))
    mv.transfer_temporary(actor=None, membership=away, host=w["tree"].cell_econ, on=D(2026, 2, 2))
    dossier = up_to_comments(w)
    log_in(page, live_server, w["secretary"].username)
    page.goto(live_server.url + reverse("admission:step", args=[dossier.pk, "cell_vote"]))
    body = page.locator("main")
    expect(body).to_contain_text("Số đảng viên chính thức được tính vào tổng số ngày 22/11/2026: 1")
    expect(body).to_contain_text("Nguyễn Văn Hùng")
    expect(body).to_contain_text("Không tính, đang chuyển sinh hoạt tạm thời: Bùi Thị Mai")
    expect(body).to_contain_text("Không tính, được miễn công tác và sinh hoạt đảng: Đặng Văn Khải")
