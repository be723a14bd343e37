"""Work queues, escalation, the calendar and stalled work, read from the database with a frozen clock."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.admission.selectors import dossier_deadline
from ptdv.quotas.models import Quota
from ptdv.reminders import selectors

from .conftest import TODAY, candidate, dossier

D = datetime.date
pytestmark = pytest.mark.django_db


def names(entries):
    return [(e.item.person, e.item.kind) for e in entries]


def test_each_user_sees_the_items_of_the_unit_they_act_for(world):
    secretary = selectors.user_queue(user=world["secretary"])
    assert names(secretary) == [("Đào Thị Dũng", "admission_ceremony"), ("Vũ Minh Tuấn", "probation_end")]
    ceremony, probation = secretary
    assert (ceremony.item.state, ceremony.item.days, ceremony.escalated) == ("overdue", 2, False)
    assert ceremony.url == f"/dossiers/{world['ceremony'].pk}/ceremony/"
    assert (probation.item.state, probation.item.days, probation.item.due) == ("upcoming", 14, D(2026, 4, 13))
    assert probation.url == f"/dossiers/{world['probation'].pk}/probation/"
    committee = selectors.user_queue(user=world["committee"])
    assert names(committee) == [("Trần Văn Bình", "admission_decision")]
    assert committee[0].item.days == 17 and committee[0].unit == world["tree"].university
    assert committee[0].url == f"/dossiers/{world['grassroots_vote'].pk}/committee_vote/"
    bloc = selectors.user_queue(user=world["bloc"])
    assert names(bloc) == [("Lê Thị Hoa", "admission_decision")]  # the bloc is authorised to admit
    assert selectors.user_queue(user=world["viewer"]) == []  # a viewer acts for nobody
    assert selectors.user_queue(user=world["sibling"]) == []  # the economics cell has nothing due


def test_an_item_overdue_too_long_also_goes_to_the_unit_above(world, settings):
    [own] = selectors.user_queue(user=world["kiln"])
    assert own.item.kind == "admission_ceremony" and own.item.state == "overdue" and own.item.days > 10
    assert own.escalated
    [above] = selectors.user_queue(user=world["cement"])
    assert above.item.key == own.item.key and selectors.entry_for_user(above, world["cement"]) == "escalated"
    assert names(selectors.user_queue(user=world["bloc"])) == [("Lê Thị Hoa", "admission_decision")]  # one level
    settings.PTDV_ESCALATION_WORKING_DAYS = 100
    assert selectors.user_queue(user=world["cement"]) == []
    settings.PTDV_ESCALATION_WORKING_DAYS = 1  # the IT cell's ceremony, 2 days late, reaches the university
    assert ("Đào Thị Dũng", "admission_ceremony") in names(selectors.user_queue(user=world["committee"]))


def test_the_queue_count_follows_the_queue(world):
    assert selectors.queue_count(user=world["secretary"]) == 2
    world["ceremony"].stage = "ceremony"
    world["ceremony"].ceremony_on = TODAY
    world["ceremony"].save()  # a change drops the cached counts
    assert selectors.queue_count(user=world["secretary"]) == 1
    world["ceremony"].stage = "decision"
    type(world["ceremony"]).objects.filter(pk=world["ceremony"].pk).update(stage="decision")  # no signal: cached
    assert selectors.queue_count(user=world["secretary"]) == 1
    assert len(selectors.user_queue(user=world["secretary"])) == 2  # the queue page computes afresh
    assert selectors.queue_count(user=world["secretary"]) == 2


def test_the_dossier_page_and_the_board_show_the_queues_deadline(world):
    deadline = dossier_deadline(world["ceremony"])
    assert (deadline["deadline"].due, deadline["state"], deadline["days"]) == (D(2026, 3, 20), "overdue", 2)
    assert deadline["item"].key == selectors.user_queue(user=world["secretary"])[0].item.key


def test_certificates_about_to_expire_are_in_the_cells_queue(world):
    from ptdv.training.services import course_create, course_enrol, enrolment_record_result

    tree = world["tree"]
    entry = candidate(tree.cell_it, "Ngô Thị Mai")
    course = course_create(
        actor=None, kind="awareness", title="Lớp 1", organiser=tree.bloc, starts_on=D(2021, 4, 5), ends_on=D(2021, 4, 9)
    )
    enrolment = course_enrol(actor=None, course=course, persons=[entry.person])[0]
    enrolment_record_result(
        actor=None, enrolment=enrolment, result="passed", certificate_number="1/CN", certificate_date=D(2021, 4, 12)
    )
    queue = selectors.user_queue(user=world["secretary"])
    assert ("Ngô Thị Mai", "certificate_expiry") in names(queue)
    [item] = [e for e in queue if e.item.kind == "certificate_expiry"]
    assert item.item.due == D(2026, 4, 12) and item.url == f"/people/{entry.person_id}/"


def test_due_entries_cost_the_same_queries_for_many_dossiers(world):
    tree = world["tree"]
    with CaptureQueriesContext(connection) as few:
        selectors.due_entries(root=tree.province)
    for i in range(8):
        dossier(tree.cell_econ, f"Người {i}", "decision", cell_vote_on=D(2026, 1, 5), decision_on=D(2026, 2, 2))
    with CaptureQueriesContext(connection) as many:
        entries = selectors.due_entries(root=tree.province)
    assert len(entries) >= 13
    # dossiers, members, candidates, moving members, letters, the tree, the follow-up's residence items
    assert len(many) == len(few) <= 10


def test_the_calendar_lists_coming_ceremonies_votes_and_probation_ends_of_the_users_units(world):
    entries = selectors.calendar_entries(user=world["committee"], days=30)
    assert names(entries) == [
        ("Vũ Minh Tuấn", "probation_end"),  # 13/04
        ("Lê Thị Hoa", "admission_decision"),  # 16/04
        ("Trần Văn Bình", "admission_decision"),  # 16/04
    ]  # the late ceremony is past; the kiln cell is not the university's
    assert names(selectors.calendar_entries(user=world["committee"], unit=world["tree"].cell_econ, days=30)) == [
        ("Trần Văn Bình", "admission_decision")
    ]
    assert selectors.calendar_entries(user=world["secretary"], days=10) == []


def test_stalled_work_is_listed_for_the_staff_of_the_unit_above(world):
    tree = world["tree"]
    idle = candidate(tree.cell_econ, "Hoàng Văn Sơn", entered_on=D(2025, 3, 23))
    candidate(tree.cell_econ, "Đỗ Thị Hằng", entered_on=D(2025, 3, 24))  # exactly a year: not yet
    stuck = dossier(tree.cell_econ, "Bùi Văn Long", "comments", opened_on=D(2025, 11, 3), comments_on=D(2025, 12, 23))
    dossier(tree.cell_econ, "Mai Thị Lan", "comments", opened_on=D(2025, 11, 3), comments_on=D(2025, 12, 24))
    Quota.objects.create(unit=tree.commune, year=2026, quota=4)  # nobody on the way in the commune
    Quota.objects.create(unit=tree.university, year=2026, quota=5)  # busy
    Quota.objects.create(unit=tree.cement, year=2025, quota=5)  # last year's
    university = selectors.stalled_work(user=world["committee"])
    assert [c.person.full_name for c in university.candidates] == ["Hoàng Văn Sơn"]
    assert university.candidates[0].pk == idle.pk
    assert [(d.pk, d.person.full_name, days) for d, days in university.dossiers] == [(stuck.pk, "Bùi Văn Long", 91)]
    assert university.units == []
    province_staff = world["bloc"]
    assert selectors.stalled_work(user=province_staff).units == []  # the commune is not under the bloc
    from ptdv.accounts.services import user_create

    top = user_create(
        actor=None, username="tinh", password="Mat-khau-thu-nghiem-2026", unit=tree.province, roles=["staff"],
        full_name="Nguyễn Văn Tỉnh",
    )  # fmt: skip
    assert selectors.stalled_work(user=top).units == [(tree.commune, 4)]
    assert selectors.stalled_work(user=world["secretary"]).candidates == []  # a cell secretary has no one below
    assert selectors.stalled_work(user=world["viewer"]) == selectors.StalledWork([], [], [])


def test_the_narrowed_queries_keep_every_item_of_every_queue(world, settings, make_user):
    """user_queue loads only what the user's unit and those just below can act on; it must lose nothing."""
    tree = world["tree"]
    settings.PTDV_ESCALATION_WORKING_DAYS = 1  # many escalations
    dossier(
        tree.cell_kiln, "Lý Văn Hải", "recognition_committee_vote", cell_vote_on=D(2024, 1, 8),
        decision_on=D(2024, 3, 4), ceremony_on=D(2024, 4, 1), recognition_cell_vote_on=D(2025, 4, 10),
        decided_by=tree.bloc,
    )  # fmt: skip
    dossier(tree.cell_village, "Tạ Thị Nga", "committee_vote", cell_vote_on=D(2025, 10, 1))
    dossier(tree.cell_village, "Kiều Văn Tú", "recognition_cell_vote", recognition_cell_vote_on=D(2026, 1, 5))
    dossier(tree.cell_econ, "Âu Thị Vân", "comments", opened_on=D(2025, 3, 3))
    users = [world[k] for k in ("secretary", "committee", "bloc", "kiln", "cement", "sibling")]
    users += [make_user(unit, "staff", "committee", "cell_secretary") for unit in tree.all()]
    seen = set()
    for user in users:
        expected = [e.item.key for e in selectors.due_entries(root=user.unit) if selectors.entry_for_user(e, user)]
        assert [e.item.key for e in selectors.user_queue(user=user)] == expected, user.unit.code
        seen.update(expected)
    assert len(seen) == 9  # every item is in somebody's queue


def test_the_certificate_prefilter_keeps_every_certificate_the_rules_list_around_tet(tree):
    """The query reads only certificates that can expire within the horizon; with Tết 2027 (06/02) inside the
    horizon and a certificate expiring on every day around it, the listed items are exactly those the rules list
    when every certificate is read."""
    import time_machine

    from ptdv.people.models import Candidate
    from ptdv.training.models import Course, Enrolment

    course = Course.objects.create(
        kind="awareness", title="Lớp", organiser=tree.bloc, starts_on=D(2021, 1, 4), ends_on=D(2021, 1, 8)
    )
    today = D(2027, 1, 25)  # 20 working days ahead reach past Tết
    for offset in range(-10, 120):
        certified = today + datetime.timedelta(days=offset) - datetime.timedelta(days=365 * 5 + 1)
        entry = candidate(tree.cell_it, f"Người {offset + 10:03d}")
        Enrolment.objects.create(
            course=course, person=entry.person, result="passed", certificate_number="9/CN", certificate_date=certified
        )
    assert Candidate.objects.count() == 130
    with time_machine.travel(datetime.datetime(2027, 1, 25, 9, 0, tzinfo=datetime.UTC), tick=False):
        listed = {e.item.key for e in selectors.due_entries(root=None)}
        every = selectors.due_entries(root=None, all_watches=True)
    expected = {e.item.key for e in every if e.item.state != "upcoming" or e.item.days <= 20}
    assert listed == expected
    assert 20 < len(listed) < 130  # some are beyond the horizon, some within it
    latest = max(e.item.due for e in every if e.item.key in listed)
    assert (latest - today).days > 28  # the horizon spans Tết: more than 4 weeks of calendar days
