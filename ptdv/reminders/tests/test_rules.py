"""Due items on each side of each deadline, around Tết and weekends (pure rules, no database).

Tết 2026: Monday 16 to Friday 20/02/2026 off. Working days were counted by hand; the calendar is the public one."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from ptdv.admission import deadlines
from ptdv.calendar.rules import PUBLIC
from ptdv.reminders import rules
from ptdv.reminders.rules import Settings

D = datetime.date


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@dataclass
class FakeDossier:
    stage: str
    id: int = 7
    unit_id: int = 3
    opened_on: datetime.date = D(2025, 1, 6)  # noqa: RUF009 - a date is immutable: one shared default is right
    introduced_on: datetime.date | None = None
    cell_vote_on: datetime.date | None = None
    decision_on: datetime.date | None = None
    ceremony_on: datetime.date | None = None
    recognition_cell_vote_on: datetime.date | None = None


def due(dossier, today, **kw):
    return rules.dossier_due(dossier, "Đào Thị Dũng", 11, today, PUBLIC, **kw)


def only(dossier, today, **kw):
    items = due(dossier, today, **kw)
    assert len(items) == 1, items
    return items[0]


# ---------------------------------------------------------------- the ceremony: 30 working days, across Tết

CEREMONY = FakeDossier(stage="decision", decision_on=D(2026, 1, 30))  # due Friday 20/03/2026 (Tết adds a week)


@pytest.mark.parametrize(
    "today, state, days",
    [
        (D(2026, 1, 30), "upcoming", 30),  # the day of the decision: 30 to go
        (D(2026, 2, 13), "upcoming", 20),  # Friday before Tết: 10 done, Tết's 5 days do not count
        (D(2026, 2, 20), "upcoming", 20),  # last day of Tết: still 20
        (D(2026, 3, 19), "upcoming", 1),
        (D(2026, 3, 20), "due_today", 0),
        (D(2026, 3, 21), "overdue", 1),  # Saturday after: already late, 1 at least
        (D(2026, 3, 23), "overdue", 1),  # Monday: the first working day late
        (D(2026, 3, 24), "overdue", 2),
    ],
)
def test_ceremony_item_on_each_side_of_its_deadline(today, state, days):
    item = only(CEREMONY, today)
    assert (item.kind, item.due, item.actor, item.step) == ("admission_ceremony", D(2026, 3, 20), "cell", "ceremony")
    assert (item.state, item.days) == (state, days)
    assert item.key == "dossier:7:admission_ceremony:2026-01-30"
    assert item.subject == "dossier" and item.subject_id == 7 and item.unit_id == 3 and item.person_id == 11


def test_actor_labels():
    assert [rules.actor_label(a) for a in ("cell", "grassroots", "competent")] == [
        "the cell",
        "the grassroots committee",
        "the competent committee",
    ]


def test_state_text_reads_as_the_user_sees_it():
    assert rules.state_text(only(CEREMONY, D(2026, 3, 24))) == "2 working days late"
    assert rules.state_text(only(CEREMONY, D(2026, 3, 20))) == "due today"
    assert rules.state_text(only(CEREMONY, D(2026, 3, 19))) == "1 working day left"


# ---------------------------------------------------------------- every step deadline, on each side of its day

EACH_SIDE = [
    # (dossier, the last day on time counted by hand across Tết 2026, the day before, the day after)
    (FakeDossier(stage="cell_vote", cell_vote_on=D(2026, 1, 15)), D(2026, 4, 16), D(2026, 4, 15), D(2026, 4, 17)),
    (FakeDossier(stage="committee_vote", cell_vote_on=D(2026, 1, 15)), D(2026, 4, 16), D(2026, 4, 15), D(2026, 4, 17)),
    (CEREMONY, D(2026, 3, 20), D(2026, 3, 19), D(2026, 3, 21)),  # Friday; after it a Saturday
    # probation ended Thursday 15/01/2026: the cell has until Thursday 05/03/2026 (Tết skipped)
    (FakeDossier(stage="ceremony", ceremony_on=D(2025, 1, 15)), D(2026, 3, 5), D(2026, 3, 4), D(2026, 3, 6)),
    (FakeDossier(stage="recognition_cell_vote", recognition_cell_vote_on=D(2026, 1, 30)), D(2026, 3, 20),
     D(2026, 3, 19), D(2026, 3, 21)),
    (FakeDossier(stage="recognition_committee_vote", recognition_cell_vote_on=D(2026, 1, 30)), D(2026, 3, 20),
     D(2026, 3, 19), D(2026, 3, 21)),
]  # fmt: skip


@pytest.mark.parametrize("dossier, due_on, before, after", EACH_SIDE, ids=lambda v: getattr(v, "stage", None))
def test_every_step_deadline_on_each_side_of_its_day(dossier, due_on, before, after):
    assert (only(dossier, before).due, only(dossier, before).state, only(dossier, before).days) == (
        due_on,
        "upcoming",
        1,
    )
    assert (only(dossier, due_on).state, only(dossier, due_on).days) == ("due_today", 0)
    assert (only(dossier, after).state, only(dossier, after).days) == ("overdue", 1)
    assert not only(dossier, after).escalated(10)


# ---------------------------------------------------------------- who acts, stage by stage


@pytest.mark.parametrize(
    "stage, kind, actor, step",
    [
        ("cell_vote", "admission_decision", "grassroots", "committee_vote"),
        ("committee_vote", "admission_decision", "competent", "decision"),
        ("decision", "admission_ceremony", "cell", "ceremony"),
        ("recognition_cell_vote", "recognition_decision", "grassroots", "recognition_committee_vote"),
        ("recognition_committee_vote", "recognition_decision", "competent", "full_member"),
    ],
)
def test_who_acts_on_each_step(stage, kind, actor, step):
    dossier = FakeDossier(
        stage=stage,
        cell_vote_on=D(2026, 1, 15),
        decision_on=D(2026, 1, 30),
        ceremony_on=D(2026, 3, 10),
        recognition_cell_vote_on=D(2027, 3, 20),
    )
    item = only(dossier, D(2026, 1, 16), all_watches=True)
    assert (item.kind, item.actor, item.step) == (kind, actor, step)
    assert rules.ACTOR_OF_STAGE[stage] == actor  # what the queues' queries narrow by


def test_decision_due_60_working_days_after_the_cells_resolution_across_tet():
    item = only(FakeDossier(stage="cell_vote", cell_vote_on=D(2026, 1, 15)), D(2026, 4, 16))
    assert (item.due, item.state) == (D(2026, 4, 16), "due_today")
    shorter = only(
        FakeDossier(stage="cell_vote", cell_vote_on=D(2026, 1, 15)), D(2026, 4, 16), settings=Settings(decision_days=10)
    )
    assert shorter.due == D(2026, 1, 29) and shorter.state == "overdue"


@pytest.mark.parametrize("stage", ["opened", "application", "introduction", "verification", "comments", "ceremony"])
def test_the_cell_acts_on_papers_and_probation(stage):
    dossier = FakeDossier(stage=stage, ceremony_on=D(2025, 1, 6), decision_on=D(2024, 12, 2))
    assert (
        {i.actor for i in due(dossier, D(2026, 1, 16), all_watches=True)} == {rules.ACTOR_OF_STAGE[stage]} == {"cell"}
    )


@pytest.mark.parametrize("stage", ["full_member", "withdrawn", "rejected", "struck_off"])
def test_closed_dossiers_have_nothing_due(stage):
    assert due(FakeDossier(stage=stage, ceremony_on=D(2025, 1, 1)), D(2026, 1, 5), all_watches=True) == []


# ---------------------------------------------------------------- probation and recognition


def test_probation_end_is_watched_only_near_its_day_then_the_cell_must_consider_recognition():
    """Ceremony Monday 15/03/2027 is far off; the end of probation of a ceremony on 16/03/2026 is Tuesday
    16/03/2027. 20 working days before it (16/02/2027, with Tết 2027 from 04 to 10/02) it enters the queue."""
    dossier = FakeDossier(stage="ceremony", ceremony_on=D(2026, 3, 16))
    assert due(dossier, D(2026, 9, 1)) == []  # months away: not in the queue
    far = only(dossier, D(2026, 9, 1), all_watches=True)  # but the calendar sees it
    assert (far.kind, far.due, far.step) == ("probation_end", D(2027, 3, 16), None)
    assert due(dossier, D(2027, 2, 15)) == []  # 21 working days before
    near = only(dossier, D(2027, 2, 16))
    assert (near.kind, near.state, near.days) == ("probation_end", "upcoming", 20)
    ended = only(dossier, D(2027, 3, 16))  # the full-member date: the cell's 30 working days start
    recognition = deadlines.recognition_cell_deadline(D(2027, 3, 16), PUBLIC)
    assert (ended.kind, ended.due, ended.actor, ended.step) == (
        "recognition_cell",
        recognition.due,
        "cell",
        "recognition_cell_vote",
    )
    assert ended.state == "upcoming" and ended.days == 30


def test_probation_ending_on_a_sunday():
    """Ceremony Saturday 14/03/2026: probation ends Sunday 14/03/2027, a status date not moved off the weekend;
    on Friday 12/03 one working day is still counted."""
    dossier = FakeDossier(stage="ceremony", ceremony_on=D(2026, 3, 14))
    friday = only(dossier, D(2027, 3, 12))
    assert (friday.kind, friday.due, friday.state, friday.days) == ("probation_end", D(2027, 3, 14), "upcoming", 1)
    sunday = only(dossier, D(2027, 3, 14))
    assert sunday.kind == "recognition_cell" and sunday.due == PUBLIC.add_working_days(D(2027, 3, 14), 30)


# ---------------------------------------------------------------- papers and certificates


def test_papers_freshness_enters_the_queue_20_working_days_before_tet_counted_out():
    """Opened Monday 03/03/2025: the cell must vote by Tuesday 03/03/2026. 20 working days before is Tuesday
    27/01/2026 (Tết's five days skipped); Monday 26/01 is 21."""
    dossier = FakeDossier(stage="comments", opened_on=D(2025, 3, 3))
    assert due(dossier, D(2026, 1, 26)) == []
    item = only(dossier, D(2026, 1, 27))
    assert (item.kind, item.due, item.actor, item.state, item.days) == (
        "papers_fresh",
        D(2026, 3, 3),
        "cell",
        "upcoming",
        20,
    )
    assert item.is_watch and item.deadline.unconfirmed
    assert only(dossier, D(2026, 3, 4)).state == "overdue"
    redone = FakeDossier(stage="comments", opened_on=D(2025, 3, 3), introduced_on=D(2025, 9, 1))
    assert due(redone, D(2026, 3, 4)) == []  # papers redone on 01/09/2025: fresh until 01/09/2026
    assert only(redone, D(2026, 3, 4), all_watches=True).due == D(2026, 9, 1)
    assert only(FakeDossier(stage="opened", opened_on=D(2025, 3, 3)), D(2026, 3, 3)).state == "due_today"


def test_certificate_expiry_of_a_candidate():
    def item(today):
        return rules.candidate_due(
            candidate_id=5,
            person="Lê Văn Tâm",
            person_id=12,
            unit_id=3,
            certificate_on=D(2021, 3, 11),
            today=today,
            calendar=PUBLIC,
        )

    assert item(D(2026, 1, 26)) == []  # 03/2026 is far enough
    [expired] = item(D(2026, 3, 12))
    assert (expired.kind, expired.due, expired.state, expired.days) == (
        "certificate_expiry",
        D(2026, 3, 11),
        "overdue",
        1,
    )
    assert expired.key == "candidate:5:certificate_expiry:2021-03-11" and expired.actor == "cell"
    assert (
        rules.candidate_due(
            candidate_id=5, person="", person_id=1, unit_id=3, certificate_on=None, today=D(2026, 1, 1), calendar=PUBLIC
        )
        == []
    )


# ---------------------------------------------------------------- escalation and order


@pytest.mark.parametrize(
    "today, escalated",
    [
        (D(2026, 4, 3), False),  # 10 working days late (23/03-03/04): not yet
        (D(2026, 4, 6), True),  # 11 working days late: the unit above sees it
    ],
)
def test_escalation_after_more_than_n_working_days_late(today, escalated):
    item = only(CEREMONY, today)
    assert item.state == "overdue"
    assert item.escalated(10) is escalated
    assert item.escalated(3) is True
    assert only(CEREMONY, D(2026, 3, 20)).escalated(0) is False  # due today is not late


def test_the_most_urgent_come_first():
    late = only(CEREMONY, D(2026, 3, 24))
    soon = only(FakeDossier(stage="cell_vote", id=8, cell_vote_on=D(2026, 1, 15)), D(2026, 3, 24))
    watch = only(FakeDossier(stage="comments", id=9, opened_on=D(2025, 4, 20)), D(2026, 3, 24))  # due 20/04
    assert [i.kind for i in rules.sort_by_urgency([watch, soon, late])] == [
        "admission_ceremony",
        "admission_decision",
        "papers_fresh",
    ]


@settings(deadline=None)
@given(
    start=st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31)),
    offset=st.integers(min_value=-200, max_value=200),
)
def test_state_agrees_with_the_due_day_and_escalation_with_lateness(start, offset):
    dossier = FakeDossier(stage="decision", decision_on=start)
    today = start + datetime.timedelta(days=offset)
    [item] = rules.dossier_due(dossier, "", 1, today, PUBLIC, all_watches=True)
    if today < item.due:
        assert item.state == "upcoming" and item.days >= 1
    elif today == item.due:
        assert (item.state, item.days) == ("due_today", 0)
    else:
        assert item.state == "overdue" and item.days >= 1
        assert item.days == max(1, PUBLIC.count_working_days(item.due, today))
    assert item.escalated(10) == (item.state == "overdue" and item.days > 10)


# ---------------------------------------------------------------- stalled work


def test_a_dossier_stalls_after_n_days_without_a_move_but_not_while_probation_runs():
    dossier = FakeDossier(stage="comments", opened_on=D(2025, 1, 6), introduced_on=D(2025, 2, 3))
    assert rules.dossier_last_move(dossier) == D(2025, 2, 3)
    assert rules.dossier_stalled_days(dossier, D(2025, 5, 4), 90) is None  # 90 days
    assert rules.dossier_stalled_days(dossier, D(2025, 5, 5), 90) == 91
    probation = FakeDossier(stage="ceremony", ceremony_on=D(2025, 3, 10))
    assert rules.dossier_stalled_days(probation, D(2026, 3, 1), 90) is None
    assert rules.dossier_stalled_days(probation, D(2026, 6, 9), 90) == 91  # 91 days after probation ended


def test_a_candidate_stalls_after_a_year_in_the_pool_without_a_course():
    kw = {"entered_on": D(2025, 11, 22), "has_course": False, "has_dossier": False, "months": 12}
    assert not rules.candidate_stalled(today=D(2026, 11, 22), **kw)
    assert rules.candidate_stalled(today=D(2026, 11, 23), **kw)
    assert not rules.candidate_stalled(today=D(2026, 11, 23), **{**kw, "has_course": True})
    assert not rules.candidate_stalled(today=D(2026, 11, 23), **{**kw, "has_dossier": True})


def test_an_empty_pipeline_is_a_quota_with_nobody_on_the_way():
    assert rules.pipeline_empty(quota=3, open_dossiers=0, candidates=0)
    assert not rules.pipeline_empty(quota=0, open_dossiers=0, candidates=0)
    assert not rules.pipeline_empty(quota=3, open_dossiers=1, candidates=0)
    assert not rules.pipeline_empty(quota=3, open_dossiers=0, candidates=2)
