"""Writes to the working calendar's special days: who may make them, what they refuse, and their events."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from ptdv.audit.models import Event
from ptdv.calendar.models import SpecialDay
from ptdv.calendar.rules import PUBLIC
from ptdv.calendar.selectors import special_days, working_calendar
from ptdv.calendar.services import special_day_remove, special_day_set

pytestmark = pytest.mark.django_db

D = datetime.date
MONDAY_AFTER_TET = D(2026, 2, 23)
SATURDAY = D(2026, 3, 7)


@pytest.fixture(autouse=True)
def _early_2026():
    """The days these tests declare are still ahead (a day in the past needs a reason: tested apart)."""
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def top_admin(tree, make_user):
    return make_user(tree.province, "admin")


def state():
    return list(SpecialDay.objects.values_list("day", "kind", "reason")), Event.objects.count()


def refused(**kwargs) -> dict[str, list[str]]:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        special_day_set(**kwargs)
    return error.value.message_dict


def test_the_top_admin_adds_an_extra_day_off_and_the_calendar_follows(tree, top_admin):
    staff = top_admin
    special = special_day_set(actor=staff, day=MONDAY_AFTER_TET, kind="day_off", reason="  Thông báo  số 1/TB-VPCP  ")
    assert special.reason == "Thông báo số 1/TB-VPCP" and special.created_by == staff
    event = Event.objects.get(action="special_day.create")
    assert event.actor == staff and event.unit is None
    assert event.target_type == "workcalendar.specialday" and event.target_id == str(special.pk)
    assert event.after == {"day": "2026-02-23", "kind": "day_off", "reason": "Thông báo số 1/TB-VPCP"}
    calendar = working_calendar()
    assert not calendar.is_working_day(MONDAY_AFTER_TET)
    assert calendar.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 24)
    assert special_days(year=2026) == [special] and special_days(year=2027) == []


def test_admin_declares_a_make_up_saturday(tree, make_user):
    admin = make_user(tree.province, "admin")
    special_day_set(actor=admin, day=SATURDAY, kind="working_day", reason="Làm bù cho ngày 09/03")
    assert working_calendar().is_working_day(SATURDAY)


def test_the_system_may_write_without_an_actor(db):
    special_day_set(actor=None, day=SATURDAY, kind="working_day", reason="Nhập từ thông báo")
    assert Event.objects.get(action="special_day.create").actor is None
    assert SpecialDay.objects.get().created_by is None


@pytest.mark.parametrize(
    ("unit_attr", "roles"),
    [
        ("bloc", ("viewer",)),
        ("bloc", ("cell_secretary",)),
        ("bloc", ("committee",)),
        ("bloc", ()),
        ("city", ("staff",)),  # the staff of a district: the calendar is every unit's
        ("city", ("admin", "staff", "committee")),  # an administrator below the top
        ("province", ("staff", "committee")),  # the top unit without the admin role
    ],
)
def test_everyone_but_the_top_admins_is_refused_and_nothing_is_written(tree, make_user, unit_attr, roles):
    user = make_user(getattr(tree, unit_attr), *roles)
    before = state()
    errors = refused(actor=user, day=MONDAY_AFTER_TET, kind="day_off", reason="x")
    assert "Only the administrators of the top unit may change working days" in errors["__all__"][0]
    special_day_set(actor=None, day=SATURDAY, kind="working_day", reason="Thông báo")
    before = state()
    with pytest.raises(ValidationError):
        special_day_remove(actor=user, day=SATURDAY)
    assert state() == before


def test_a_viewer_may_not_remove_a_day(tree, make_user):
    special_day_set(actor=None, day=MONDAY_AFTER_TET, kind="day_off", reason="Thông báo")
    viewer = make_user(tree.bloc, "viewer")
    before = state()
    with pytest.raises(ValidationError):
        special_day_remove(actor=viewer, day=MONDAY_AFTER_TET)
    assert state() == before


@pytest.mark.parametrize(
    ("day", "kind", "field", "text"),
    [
        (D(2026, 3, 10), "working_day", "kind", "10/03/2026 is already a working day"),  # a Tuesday
        (D(2026, 2, 17), "day_off", "kind", "17/02/2026 is already a public holiday"),  # Tết
        (D(2026, 9, 2), "day_off", "kind", "02/09/2026 is already a public holiday"),
        (D(2026, 3, 8), "day_off", "kind", "08/03/2026 is a Saturday or a Sunday"),
        (D(2026, 3, 10), "holiday", "kind", "Choose an extra day off or a make-up working day"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(tree, make_user, day, kind, field, text):
    staff = make_user(tree.province, "admin")
    before = state()
    errors = refused(actor=staff, day=day, kind=kind, reason="Thông báo")
    assert text in errors[field][0]
    assert state() == before


def test_the_reason_is_required_and_bounded(tree, make_user):
    staff = make_user(tree.province, "admin")
    before = state()
    assert "Enter the reason" in refused(actor=staff, day=SATURDAY, kind="working_day", reason="  ")["reason"][0]
    assert "at most 255" in refused(actor=staff, day=SATURDAY, kind="working_day", reason="x" * 256)["reason"][0]
    assert "valid date" in refused(actor=staff, day="2026-03-07", kind="working_day", reason="x")["day"][0]
    assert state() == before


def test_refusals_are_in_vietnamese_for_vietnamese_users(tree, make_user):
    staff = make_user(tree.province, "admin")
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        special_day_set(actor=staff, day=D(2026, 3, 10), kind="holiday", reason="x")
    assert "Hãy chọn ngày nghỉ bổ sung hoặc ngày làm bù" in error.value.message_dict["kind"][0]


def test_a_holiday_may_be_made_a_working_day(tree, make_user):
    # when the government's Tết differs from the package's: here 04/02/2027 (29 Tết in the package) is worked
    staff = make_user(tree.province, "admin")
    special_day_set(actor=staff, day=D(2027, 2, 4), kind="working_day", reason="Thông báo lịch nghỉ Tết 2027")
    assert not PUBLIC.is_working_day(D(2027, 2, 4)) and working_calendar().is_working_day(D(2027, 2, 4))


def test_the_package_make_up_saturday_may_be_cancelled(tree, make_user):
    staff = make_user(tree.province, "admin")
    special_day_set(actor=staff, day=D(2026, 8, 22), kind="day_off", reason="Thông báo hủy làm bù")
    assert not working_calendar().is_working_day(D(2026, 8, 22))


def test_setting_again_updates_the_day_and_records_the_change(tree, make_user):
    staff = make_user(tree.province, "admin")
    special_day_set(actor=staff, day=SATURDAY, kind="working_day", reason="Thông báo 1")
    special_day_set(actor=staff, day=SATURDAY, kind="working_day", reason="Thông báo 1")  # no change: no event
    assert Event.objects.filter(target_type="workcalendar.specialday").count() == 1
    special_day_set(actor=staff, day=SATURDAY, kind="working_day", reason="Thông báo 2")
    event = Event.objects.get(action="special_day.update")
    assert event.before == {"reason": "Thông báo 1"} and event.after == {"reason": "Thông báo 2"}
    assert SpecialDay.objects.get().reason == "Thông báo 2"


def test_remove_records_what_was_there(tree, make_user):
    staff = make_user(tree.province, "admin")
    special = special_day_set(actor=staff, day=MONDAY_AFTER_TET, kind="day_off", reason="Thông báo")
    special_day_remove(actor=staff, day=MONDAY_AFTER_TET)
    assert not SpecialDay.objects.exists()
    event = Event.objects.get(action="special_day.remove")
    assert event.target_id == str(special.pk) and event.actor == staff
    assert event.before == {"day": "2026-02-23", "kind": "day_off", "reason": "Thông báo"} and event.after is None
    assert working_calendar().is_working_day(MONDAY_AFTER_TET)


def test_removing_a_day_never_recorded_is_refused(tree, make_user):
    staff = make_user(tree.province, "admin")
    before = state()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        special_day_remove(actor=staff, day=SATURDAY)
    assert "No extra day off or make-up working day is recorded on 07/03/2026" in error.value.message_dict["day"][0]
    assert state() == before


def test_one_query_builds_the_calendar(django_assert_num_queries):
    special_day_set(actor=None, day=SATURDAY, kind="working_day", reason="x")
    special_day_set(actor=None, day=MONDAY_AFTER_TET, kind="day_off", reason="x")
    with django_assert_num_queries(1):
        calendar = working_calendar()
    assert calendar == PUBLIC.of(days_off=[MONDAY_AFTER_TET], working_days=[SATURDAY])


# ---------------------------------------------------------------- days in the past


def test_a_past_day_is_refused_without_a_reason(tree, top_admin):
    special_day_set(actor=None, day=MONDAY_AFTER_TET, kind="day_off", reason="Thông báo")
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        before = state()
        errors = refused(actor=top_admin, day=SATURDAY, kind="working_day", reason="Thông báo")
        assert "07/03/2026 is in the past" in errors["correction"][0]
        with translation.override("en"), pytest.raises(ValidationError) as error:
            special_day_remove(actor=top_admin, day=MONDAY_AFTER_TET, correction="   ")
        assert "23/02/2026 is in the past" in error.value.message_dict["correction"][0]
        assert state() == before


def test_a_past_day_with_a_reason_records_it_in_the_event(tree, top_admin):
    special_day_set(actor=None, day=MONDAY_AFTER_TET, kind="day_off", reason="Thông báo")
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        special_day_set(
            actor=top_admin, day=SATURDAY, kind="working_day", reason="Thông báo", correction="Nhập sót\x00 lúc đầu năm"
        )
        event = Event.objects.get(action="special_day.create", actor=top_admin)
        assert event.after["correction"] == "Nhập sót lúc đầu năm" and event.after["day"] == "2026-03-07"
        special_day_remove(actor=top_admin, day=MONDAY_AFTER_TET, correction="Nhập nhầm ngày")
        event = Event.objects.get(action="special_day.remove")
        assert event.before == {"day": "2026-02-23", "kind": "day_off", "reason": "Thông báo"}
        assert event.after == {"day": None, "kind": None, "reason": None, "correction": "Nhập nhầm ngày"}


def test_today_and_later_need_no_reason(tree, top_admin):
    with time_machine.travel(datetime.datetime(2026, 3, 7, 9, 0, tzinfo=datetime.UTC), tick=False):
        special_day_set(actor=top_admin, day=SATURDAY, kind="working_day", reason="Thông báo")
    assert "correction" not in Event.objects.get(action="special_day.create").after
