"""Where a dossier stands (issue #19 item 5): the procedure as a tracker on the dossier page and the board."""

import datetime

import pytest
from django.urls import reverse

from ptdv.admission import rules
from ptdv.admission.rules import ORDER, Stage, procedure_tracker
from ptdv.admission.tests.conftest import up_to_comments

D = datetime.date


def states(steps):
    return [step.state for step in steps]


def test_a_new_dossier_is_at_its_first_step():
    steps = procedure_tracker(None, {}, current_due=D(2025, 2, 1))
    assert states(steps) == ["current", "next", *["later"] * (len(ORDER) - 2)]
    assert steps[0].due == D(2025, 2, 1)


def test_done_steps_carry_their_day_the_current_one_its_deadline():
    dates = {Stage.APPLICATION: D(2025, 1, 6), Stage.INTRODUCTION: D(2025, 2, 3)}
    steps = procedure_tracker(Stage.INTRODUCTION, dates, current_due=D(2025, 3, 1))
    assert states(steps)[:4] == ["done", "done", "current", "next"]
    assert [s.day for s in steps[:2]] == [D(2025, 1, 6), D(2025, 2, 3)]
    assert steps[2].stage == Stage.VERIFICATION and steps[2].due == D(2025, 3, 1)
    assert steps[2].number == 3


def test_a_full_member_has_every_step_done_and_nothing_current():
    steps = procedure_tracker(Stage.FULL_MEMBER, {})
    assert states(steps) == ["done"] * len(ORDER)


def test_a_withdrawn_dossier_stopped_after_its_last_completed_step():
    dates = {Stage.APPLICATION: D(2025, 1, 6)}
    steps = procedure_tracker(Stage.WITHDRAWN, dates)
    assert states(steps) == ["done", *["stopped"] * (len(ORDER) - 1)]


@pytest.mark.parametrize("stage", [None, *ORDER, *sorted(rules.SIDE_EXITS)])
def test_at_most_one_current_step_and_it_is_the_next_to_record(stage):
    steps = procedure_tracker(stage, {})
    current = [s.stage for s in steps if s.state == "current"]
    expected = rules.next_stage(stage) if stage not in rules.SIDE_EXITS else None
    assert current == ([expected] if expected else [])


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_the_dossier_page_and_the_board_show_the_tracker(client, world):
    dossier = up_to_comments(world)
    client.force_login(world["secretary"])
    page = client.get(reverse("admission:detail", args=[dossier.pk])).content.decode()
    assert "Hồ sơ đang ở đâu" in page
    tracker = page.split('class="tracker-steps"')[1].split("</ol>")[0]
    assert tracker.count("tracker-done") == 4
    assert "xong 20/01/2025" in tracker  # application and CV: the later of the two days
    current = tracker.split('aria-current="step"')[1].split("</li>")[0]
    assert "Chi bộ xét, biểu quyết (6-KNĐ)" in current and "đang làm" in current
    board = client.get(reverse("admission:board")).content.decode()
    assert "Đã xong 4/11 bước" in board
    assert "đang làm: Chi bộ xét, biểu quyết (6-KNĐ)" in board
