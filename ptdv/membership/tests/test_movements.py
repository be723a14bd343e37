"""The roll as a dated history (roll.md): exits, returns, exemptions and transfers, each refused with a reason and a
code when it does not fit the member's history, nothing written then; the roll of a unit on a date; Biểu 1 and its
identity start + gains − losses = end."""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ptdv.audit.models import Event
from ptdv.membership import movements as mv
from ptdv.membership.models import Membership, RollEvent, Transfer
from ptdv.membership.selectors import roll_on, vote_denominator
from ptdv.membership.services import membership_record
from ptdv.people.services import person_create
from ptdv.reports.movements import balance, movements_report

pytestmark = pytest.mark.django_db
D = datetime.date
_numbers = iter(range(1, 100_000))


ADMITTED = D(2020, 5, 19)


def member(unit, decided=ADMITTED, full=True) -> Membership:
    person = person_create(
        actor=None, unit=unit, full_name=f"Đảng viên {next(_numbers)}", sex="male", birth_date=D(1990, 1, 2),
        citizen_id=f"0020900{next(_numbers):05d}", occupation="public_employee", general_education="12/12",
    )  # fmt: skip
    return membership_record(
        actor=None, person=person, unit=unit, status="full" if full else "probationary", decision_date=decided,
        full_member_date=D(decided.year + 1, decided.month, decided.day) if full else None,
    )  # fmt: skip


def refused(code, call):
    events, transfers, audit = RollEvent.objects.count(), Transfer.objects.count(), Event.objects.count()
    with pytest.raises(ValidationError) as error:
        call()
    assert error.value.code == code, error.value
    assert (RollEvent.objects.count(), Transfer.objects.count(), Event.objects.count()) == (events, transfers, audit)
    return error.value.messages[0]


def test_the_history_of_an_existing_member_starts_at_the_admission(tree):
    m = member(tree.cell_it)
    kinds = list(m.events.values_list("kind", "date"))
    assert kinds == [("admitted", D(2020, 5, 19)), ("full", D(2021, 5, 19))]
    assert roll_on(unit=tree.cell_it, day=D(2020, 5, 18))["count"] == 0
    assert roll_on(unit=tree.cell_it, day=D(2020, 5, 19)) | {} == {
        "count": 1, "probationary": 1, "full": 0, "exempted": 0, "away": 0, "guests": 0,
    }  # fmt: skip
    assert roll_on(unit=tree.province, day=D(2022, 1, 1))["full"] == 1


def test_leaving_twice_is_refused_with_a_reason_and_nothing_written(tree):
    m = member(tree.cell_it)
    mv.member_leave(actor=None, membership=m, kind="died", on=D(2025, 3, 1), document_number="12-TB/CB")
    message = refused("already_left", lambda: mv.member_leave(actor=None, membership=m, kind="resigned",
                                                              on=D(2025, 4, 1)))  # fmt: skip
    assert "không còn trong danh sách" in message
    m.refresh_from_db()
    assert m.status == "died" and m.ended_on == D(2025, 3, 1)
    # A full member can be struck off too (roll.md), and restored with the earlier seniority and status.
    other = member(tree.cell_it)
    mv.member_leave(actor=None, membership=other, kind="struck_off", on=D(2025, 3, 1))
    other.refresh_from_db()
    assert other.status == "struck_off"
    mv.member_restore(actor=None, membership=other, on=D(2025, 9, 1))
    other.refresh_from_db()
    assert other.status == "full" and other.decision_date == D(2020, 5, 19)
    refused("not_restorable", lambda: mv.member_restore(actor=None, membership=m, on=D(2025, 9, 1)))


def test_a_date_before_the_admission_is_refused(tree):
    m = member(tree.cell_it)
    message = refused("before_admission", lambda: mv.member_exempt(actor=None, membership=m, on=D(2019, 1, 1)))
    assert "trước ngày kết nạp" in message


def test_a_transfer_out_of_a_unit_the_member_is_not_in_is_refused(tree):
    m = member(tree.cell_it)
    refused("not_in_unit", lambda: mv.transfer_issue(actor=None, membership=m, origin=tree.cell_econ,
                                                     letter_date=D(2026, 3, 1), destination=tree.commune))  # fmt: skip


def test_a_member_under_discipline_is_not_transferred(tree):
    m = member(tree.cell_it)
    mv.member_proceedings(actor=None, membership=m, since=D(2026, 1, 5))
    message = refused(
        "under_discipline",
        lambda: mv.transfer_issue(
            actor=None, membership=m, origin=tree.cell_it, letter_date=D(2026, 3, 1), destination=tree.commune
        ),
    )
    assert "kỷ luật" in message
    refused("under_discipline", lambda: mv.transfer_internal(actor=None, membership=m, to=tree.cell_econ,
                                                             on=D(2026, 3, 1)))  # fmt: skip


def test_an_official_transfer_counts_in_the_origin_until_received_then_in_the_destination(tree):
    m = member(tree.cell_it)
    stay = member(tree.cell_it)
    transfer = mv.transfer_issue(actor=None, membership=m, origin=tree.cell_it, letter_date=D(2026, 3, 1),
                                 letter_number="05-GGT/ĐU", destination=tree.commune, reason="new_job")  # fmt: skip
    assert roll_on(unit=tree.cell_it, day=D(2026, 3, 10))["count"] == 2
    mv.transfer_receive(actor=None, transfer=transfer, cell=tree.cell_village, on=D(2026, 3, 20))
    refused("already_received", lambda: mv.transfer_receive(actor=None, transfer=transfer, cell=tree.cell_village,
                                                             on=D(2026, 3, 21)))  # fmt: skip
    assert roll_on(unit=tree.cell_it, day=D(2026, 3, 20))["count"] == 1
    assert roll_on(unit=tree.commune, day=D(2026, 3, 20))["count"] == 1
    m.refresh_from_db()
    assert m.unit == tree.cell_village and m.status == "full"
    university = movements_report(unit=tree.university, date_from=D(2026, 1, 1), date_to=D(2026, 12, 31))
    assert university["start"]["count"] == 2 and university["end"]["count"] == 1
    assert university["losses"]["transferred_out"] == {"count": 1, "probationary": 0, "outside": 0}
    commune = movements_report(unit=tree.commune, date_from=D(2026, 1, 1), date_to=D(2026, 12, 31))
    assert commune["gains"]["transferred_in"] == {"count": 1, "probationary": 0, "outside": 0}
    province = movements_report(unit=tree.province, date_from=D(2026, 1, 1), date_to=D(2026, 12, 31))
    assert province["gains"]["transferred_in"]["count"] == 0 and province["end"]["count"] == 2
    assert {row["code"]: (row["start"], row["end"]) for row in province["units"]} == {"P.B": (2, 1), "P.T": (0, 1)}
    assert stay.pk


def test_temporary_stay_and_exemption_leave_the_count_but_not_the_denominator(tree):
    a, b, c = member(tree.cell_it), member(tree.cell_it), member(tree.cell_it)
    mv.transfer_temporary(actor=None, membership=a, host=tree.cell_village, on=D(2026, 2, 1), until=D(2026, 8, 1))
    mv.member_exempt(actor=None, membership=b, on=D(2026, 2, 1))
    day = D(2026, 3, 1)
    assert roll_on(unit=tree.cell_it, day=day)["count"] == 3
    assert roll_on(unit=tree.cell_village, day=day)["guests"] == 1
    assert roll_on(unit=tree.cell_village, day=day)["count"] == 0
    assert vote_denominator(unit=tree.cell_it, day=day) == 1
    assert c.pk
    report = movements_report(unit=tree.cell_it, date_from=D(2026, 1, 1), date_to=D(2026, 6, 30))
    assert report["end"] == {"count": 3, "probationary": 0, "exempted": 1}
    assert balance(report) == report["end"]["count"]


def test_report_movements_command_prints_exchange_md_json(tree):
    m = member(tree.cell_it)
    member(tree.cell_kiln, decided=D(2026, 2, 2), full=False)
    mv.transfer_issue(actor=None, membership=m, origin=tree.cell_it, letter_date=D(2026, 4, 1),
                      other_place="Đảng bộ tỉnh Lào Cai", letter_number="7-GGT")  # fmt: skip
    out = io.StringIO()
    call_command("report", "movements", "--unit", "p.b", "--from", "2026-01-01", "--to", "2026-12-31", stdout=out)
    report = json.loads(out.getvalue())
    for key in ["start", "end", "gains", "losses", "previous", "units"]:
        assert key in report
    assert report["start"] == {"count": 1, "probationary": 0, "exempted": 0}
    assert report["gains"]["admitted"] == {"count": 1, "probationary": 1}
    assert report["losses"]["transferred_out"] == {"count": 1, "probationary": 0, "outside": 1}
    assert report["end"]["count"] == 1 and balance(report) == 1
    assert set(report["units"][0]) == {"code", "name", "start", "end"}
    assert report["previous"]["start"]["count"] == 1
    with pytest.raises(CommandError) as error:
        call_command("report", "movements", "--unit", "KHONG", "--from", "2026-01-01", "--to", "2026-12-31")
    assert error.value.returncode == 2


# ---------------------------------------------------------------- the identity, against the definition


def move(unit, parent, on):
    import time_machine

    from ptdv.units.services import unit_update

    with time_machine.travel(datetime.datetime(on.year, on.month, on.day, 9, tzinfo=datetime.UTC), tick=False):
        unit_update(
            actor=None, unit=unit, code=unit.code, name=unit.name, unit_type=unit.unit_type, sector=unit.sector,
            may_admit=unit.may_admit, valid_from=unit.valid_from, parent=parent, member_count=0,
        )  # fmt: skip


KINDS = ["died", "expelled", "struck_off", "resigned", "restored", "transfer_in", "internal", "transfer_out",
         "exempted", "exemption_ended", "temporary_out", "temporary_back"]  # fmt: skip
DAYS = st.integers(min_value=0, max_value=700).map(lambda n: D(2025, 1, 1) + datetime.timedelta(days=n))


def _naive_state(events, day):
    """(on the roll, unit, probationary) at the end of `day`, from the events as roll.md defines them."""
    on, unit, probationary = False, None, False
    for kind, date, target, _pk in sorted(events, key=lambda e: (e[1], e[3])):
        if date > day:
            break
        if kind == "admitted":
            on, unit, probationary = True, target, True
        elif kind == "full":
            probationary = False
        elif kind in ("transfer_in", "internal", "restored"):
            on, unit = True, target or unit
        elif kind in ("died", "expelled", "struck_off", "resigned", "transfer_out"):
            on = False
    return on, unit, probationary


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    histories=st.lists(
        st.tuples(DAYS, st.integers(0, 3), st.lists(st.tuples(st.sampled_from(KINDS), DAYS, st.integers(0, 3)),
                                                     max_size=5)),
        min_size=1, max_size=6,
    ),
    root=st.integers(0, 6),
    period=st.tuples(DAYS, DAYS),
    moves=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), DAYS), max_size=2),
)  # fmt: skip
def test_biểu_1_matches_a_count_from_the_definition(tree, histories, root, period, moves):
    """Random histories, and cells moved in the tree meanwhile: `ptdv report movements --format json` gives figures
    equal to a count from roll.md's definition over the tree as it stood at the period's end."""
    from django.db import transaction

    from ptdv.units.history import TreeHistory
    from ptdv.units.models import Unit

    cells = [tree.cell_it, tree.cell_econ, tree.cell_kiln, tree.cell_village]
    roots = [tree.province, tree.bloc, tree.university, tree.cement, tree.city, tree.commune, tree.cell_it]
    parents = [tree.university, tree.cement, tree.commune]
    with transaction.atomic():
        for cell, parent, day in sorted(moves, key=lambda m: m[2]):
            unit = Unit.objects.get(pk=cells[cell].pk)
            if unit.parent_id != parents[parent].pk:
                move(unit, parents[parent], day)
        members = []
        for decided, cell, actions in histories:
            m = member(cells[cell], decided=decided, full=False)
            members.append(m)
            for kind, day, target in actions:
                try:
                    with transaction.atomic():
                        mv.movement_record(actor=None, membership=m, kind=kind, on=day,
                                           unit=cells[target] if kind in ("transfer_in", "internal",
                                                                          "temporary_out") else None)  # fmt: skip
                except ValidationError:
                    pass
        unit = Unit.objects.get(pk=roots[root].pk)
        date_from, date_to = sorted(period)
        out = io.StringIO()  # through the command, as exchange.md's contract prints it
        call_command("report", "movements", "--unit", unit.code, "--from", date_from.isoformat(), "--to",
                     date_to.isoformat(), "--format", "json", stdout=out)  # fmt: skip
        report = json.loads(out.getvalue())
        assert report == json.loads(json.dumps(movements_report(unit=unit, date_from=date_from, date_to=date_to)))
        where = TreeHistory().ancestors_on((u.pk, date_to) for u in [*cells, *roots])
        inside = {u.pk for u in [*cells, *roots] if unit.pk in where[(u.pk, date_to)]}
        start = end = 0
        gains = losses = 0
        for m in members:
            events = list(m.events.values_list("kind", "date", "unit_id", "pk"))
            before = _naive_state(events, date_from - datetime.timedelta(days=1))
            after = _naive_state(events, date_to)
            start += before[0] and before[1] in inside
            end += after[0] and after[1] in inside
            state = before
            for _kind, date, _target, pk in sorted(events, key=lambda e: (e[1], e[3])):
                if date_from <= date <= date_to:
                    new = _naive_state([e for e in events if (e[1], e[3]) <= (date, pk)], date)
                    was_in, now_in = state[0] and state[1] in inside, new[0] and new[1] in inside
                    gains += now_in and not was_in
                    losses += was_in and not now_in
                    state = new
        assert report["start"]["count"] == start
        assert report["end"]["count"] == end
        assert sum(r["count"] for r in report["gains"].values()) == gains
        assert sum(r["count"] for r in report["losses"].values()) == losses
        assert balance(report) == report["end"]["count"]
        transaction.set_rollback(True)
