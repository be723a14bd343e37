import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from ptdv.audit.models import Event
from ptdv.calendar.selectors import working_calendar
from ptdv.followup import services
from ptdv.followup.due import followup_due
from ptdv.followup.models import Rating, ResidenceLiaison
from ptdv.followup.rules import introduction_deadline
from ptdv.membership.models import Membership
from ptdv.reminders.selectors import due_entries
from ptdv.units.models import subtree_q

from .conftest import new_member

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_letter_is_recorded_with_its_event(tree, secretary):
    m = new_member(tree.cell_it, decided=D(2025, 3, 3), ceremony=D(2025, 3, 10))
    liaison = services.residence_introduce(actor=secretary, membership=m, letter_date=D(2025, 4, 1),
                                           residence_unit=tree.cell_village, letter_number="12-GGT/CB")  # fmt: skip
    assert liaison.residence_name == tree.cell_village.name
    assert Event.objects.filter(action="followup.residence_introduce", target_id=str(m.pk)).count() == 1


def test_a_letter_needs_exactly_one_residence_cell_and_nothing_is_written_otherwise(tree, secretary):
    m = new_member(tree.cell_it, decided=D(2025, 3, 3))
    for kwargs in ({}, {"residence_unit": tree.cell_village, "residence_place": "Chi bộ tổ dân phố 5"}):
        with pytest.raises(ValidationError) as error:
            services.residence_introduce(actor=secretary, membership=m, letter_date=D(2025, 4, 1), **kwargs)
        assert error.value.code == "residence"
    with pytest.raises(ValidationError):
        services.residence_introduce(actor=secretary, membership=m, letter_date=D(2025, 3, 1), residence_place="X")
    assert not ResidenceLiaison.objects.exists()


def test_a_sibling_unit_cannot_record(tree, make_user):
    m = new_member(tree.cell_it, decided=D(2025, 3, 3))
    outsider = make_user(tree.cement, "staff")
    with pytest.raises(ValidationError) as error:
        services.residence_introduce(actor=outsider, membership=m, letter_date=D(2025, 4, 1), residence_place="X")
    assert error.value.code == "out_of_scope"


def _due(tree, day):
    return [i for i in followup_due(scope=subtree_q(tree.province.path, "unit__path"), root=tree.province, today=day,
                                    calendar=working_calendar()) if i.kind == "residence_introduction"]  # fmt: skip


def test_introduction_due_item_on_the_deadline_day_and_the_day_after(tree):
    m = new_member(tree.cell_it, decided=D(2026, 3, 2), ceremony=D(2026, 3, 2))
    due = introduction_deadline(D(2026, 3, 2), working_calendar(), 30).due
    [item] = _due(tree, due)
    assert (item.state, item.subject_id, item.unit_id) == ("due_today", m.pk, tree.cell_it.pk)
    [item] = _due(tree, due + datetime.timedelta(days=1))
    assert item.state == "overdue"


def test_a_commune_member_is_not_introduced_and_a_letter_or_an_exemption_settles_the_item(tree, secretary):
    new_member(tree.cell_village, decided=D(2026, 3, 2), ceremony=D(2026, 3, 2))
    m = new_member(tree.cell_it, decided=D(2026, 3, 2), ceremony=D(2026, 3, 2))
    other = new_member(tree.cell_it, decided=D(2026, 3, 2), ceremony=D(2026, 3, 2))
    assert {i.subject_id for i in _due(tree, D(2026, 4, 1))} == {m.pk, other.pk}
    services.residence_introduce(actor=secretary, membership=m, letter_date=D(2026, 3, 20), residence_place="Chi bộ 5")
    services.residence_exempt(actor=secretary, membership=other, reason="student_away", valid_from=D(2026, 3, 2))
    assert _due(tree, D(2026, 4, 1)) == []


def test_an_exemption_for_another_reason_says_which(tree, secretary):
    m = new_member(tree.cell_it, decided=D(2026, 3, 2))
    with pytest.raises(ValidationError) as error:
        services.residence_exempt(actor=secretary, membership=m, reason="other", valid_from=D(2026, 3, 2))
    assert error.value.code == "reason"
    with pytest.raises(ValidationError):
        services.residence_exempt(actor=secretary, membership=m, reason="mobile", valid_from=D(2026, 3, 2),
                                  valid_to=D(2026, 3, 1))  # fmt: skip


def test_an_exemption_that_ended_makes_the_introduction_due_again(tree, secretary):
    m = new_member(tree.cell_it, decided=D(2026, 3, 2), ceremony=D(2026, 3, 2))
    services.residence_exempt(actor=secretary, membership=m, reason="mobile", valid_from=D(2026, 3, 2),
                              valid_to=D(2026, 5, 31))  # fmt: skip
    assert _due(tree, D(2026, 5, 31)) == []
    assert [i.subject_id for i in _due(tree, D(2026, 6, 1))] == [m.pk]


def test_comments_not_received_are_due_in_january(tree, secretary):
    m = new_member(tree.cell_it, decided=D(2025, 3, 2), ceremony=D(2025, 3, 2))
    services.residence_introduce(actor=secretary, membership=m, letter_date=D(2025, 3, 20), residence_place="Chi bộ 5")
    scope = subtree_q(tree.province.path, "unit__path")
    items = [i for i in followup_due(scope=scope, root=tree.province, today=D(2026, 1, 5), calendar=working_calendar())
             if i.kind == "residence_comments"]  # fmt: skip
    assert [(i.subject_id, i.due, i.state) for i in items] == [(m.pk, D(2026, 1, 31), "upcoming")]
    services.residence_comment_record(actor=secretary, membership=m, year=2025, received=False)
    items = followup_due(scope=scope, root=tree.province, today=D(2026, 1, 5), calendar=working_calendar())
    assert not [i for i in items if i.kind == "residence_comments"]


def test_the_cell_secretary_queue_holds_the_introduction(tree, secretary):
    m = new_member(tree.cell_it, decided=D(2026, 11, 2), ceremony=D(2026, 11, 2))
    with time_machine.travel(D(2026, 11, 20)):
        entries = due_entries(root=tree.cell_it, today=D(2026, 11, 20))
    [entry] = [e for e in entries if e.item.subject == "residence"]
    assert entry.unit == tree.cell_it and entry.item.subject_id == m.pk
    assert entry.url.startswith("/followup/residence/?unit=P.B.U.1")


def test_cell_ratings_six_month_rule_and_nothing_written_on_a_problem(tree, secretary):
    old = new_member(tree.cell_it, decided=D(2025, 6, 30), status="probationary")
    new = new_member(tree.cell_it, decided=D(2025, 7, 1), status="probationary")
    with pytest.raises(ValidationError) as error:
        services.cell_ratings_record(actor=secretary, cell=tree.cell_it, year=2025, period="year",
                                     bands={old.pk: ("good", ""), new.pk: ("good", "")})  # fmt: skip
    assert "chưa xếp loại" in error.value.messages[0] or "not rated" in error.value.messages[0]
    assert not Rating.objects.exists()
    result = services.cell_ratings_record(actor=secretary, cell=tree.cell_it, year=2025, period="year",
                                          bands={old.pk: ("good", ""), new.pk: ("", "")})  # fmt: skip
    assert (result.created, result.updated, result.unchanged) == (1, 0, 0)
    again = services.cell_ratings_record(actor=secretary, cell=tree.cell_it, year=2025, period="year",
                                         bands={old.pk: ("good", "")})  # fmt: skip
    assert again.unchanged == 1 and Event.objects.filter(action="followup.rating").count() == 1


def test_a_member_of_another_cell_cannot_be_rated_in_this_form(tree, secretary):
    stranger = new_member(tree.cell_econ, decided=D(2020, 1, 1))
    with pytest.raises(ValidationError):
        services.cell_ratings_record(actor=secretary, cell=tree.cell_it, year=2025, period="year",
                                     bands={stranger.pk: ("good", "")})  # fmt: skip


def test_twenty_percent_cap_warned_over_the_grassroots_organisation(tree, staff):
    it = [new_member(tree.cell_it, decided=D(2020, 1, 1)) for _ in range(5)]
    econ = [new_member(tree.cell_econ, decided=D(2020, 1, 1)) for _ in range(5)]
    result = services.cell_ratings_record(
        actor=staff, cell=tree.cell_it, year=2025, period="year",
        bands={m.pk: ("good", "") for m in it[:4]} | {it[4].pk: ("excellent", "")},
    )  # fmt: skip
    assert len(result.warnings) == 1  # 20% of 4 good is 0.8: one excellent is already over
    result = services.cell_ratings_record(
        actor=staff, cell=tree.cell_econ, year=2025, period="year", bands={m.pk: ("good", "") for m in econ},
    )  # fmt: skip
    assert result.warnings == []  # 1 excellent of 9 good
    services.rating_set(actor=staff, membership=econ[0], year=2025, band="excellent")
    result = services.rating_set(actor=staff, membership=econ[1], year=2025, band="excellent")
    assert result.warnings and "20" in result.warnings[0]  # 3 excellent, 7 good: at most 1


def test_quarters_only_where_a_committee_chose_them(tree, staff):
    assert not services.quarterly_for(tree.cell_it)
    services.quarterly_set(actor=staff, unit=tree.university, quarterly=True)
    assert services.quarterly_for(tree.cell_it) and not services.quarterly_for(tree.cell_kiln)
    m = new_member(tree.cell_it, decided=D(2020, 1, 1))
    services.rating_set(actor=staff, membership=m, year=2025, period="q2", band="completed")
    assert Rating.objects.get(membership=m).period == "q2"


def test_strike_off_proposal_once_and_withdrawn(tree, secretary):
    m = new_member(tree.cell_it, decided=D(2020, 1, 1))
    proposal = services.strike_off_propose(
        actor=secretary, membership=m, proposed_on=D(2026, 1, 5), reason="Bỏ sinh hoạt"
    )
    with pytest.raises(ValidationError):
        services.strike_off_propose(actor=secretary, membership=m, proposed_on=D(2026, 1, 6), reason="Lần hai")
    services.strike_off_withdraw(actor=secretary, proposal=proposal)
    assert Membership.objects.filter(pk=m.pk).exists()
