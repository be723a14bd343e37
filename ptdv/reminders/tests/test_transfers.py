"""The transfer deadline of roll.md in the work queues: the destination expects the member within 30 days of the
letter of introduction; the receipt settles the item."""

import datetime

import pytest

from ptdv.membership import movements as mv
from ptdv.membership.services import membership_record
from ptdv.reminders import selectors

from .conftest import person

D = datetime.date
pytestmark = pytest.mark.django_db


def full_member(unit, name):
    return membership_record(
        actor=None, person=person(unit, name), unit=unit, status="full", decision_date=D(2020, 5, 19),
        full_member_date=D(2021, 5, 19),
    )  # fmt: skip


def test_a_letter_awaiting_receipt_is_due_at_the_destination_until_received(tree, make_user, frozen):
    member = full_member(tree.cell_it, "Ngô Thị Lan")
    transfer = mv.transfer_issue(
        actor=None, membership=member, origin=tree.cell_it, destination=tree.cell_econ, letter_date=D(2026, 3, 2),
        letter_number="12-GGT/ĐU",
    )  # fmt: skip
    econ = make_user(tree.cell_econ, "cell_secretary")
    origin = make_user(tree.cell_it, "cell_secretary")
    [entry] = selectors.user_queue(user=econ)
    assert (entry.item.kind, entry.item.subject, entry.item.person) == ("transfer_present", "transfer", "Ngô Thị Lan")
    assert entry.item.due == D(2026, 4, 1)  # 30 calendar days from the letter's date
    assert entry.item.state == "upcoming" and entry.unit == tree.cell_econ
    assert entry.item.deadline.label == "Nộp giấy giới thiệu sinh hoạt đảng tại nơi đến"
    assert entry.url == f"/members/transfers/?unit={tree.cell_econ.code}"
    assert selectors.user_queue(user=origin) == []  # the destination acts, not the origin
    mv.transfer_receive(actor=None, transfer=transfer, cell=tree.cell_econ, on=D(2026, 3, 20))
    assert selectors.user_queue(user=econ) == []


def test_a_late_letter_is_overdue_and_goes_up_after_the_escalation_limit(tree, make_user, frozen):
    member = full_member(tree.cell_it, "Đỗ Văn Hải")
    mv.transfer_issue(
        actor=None, membership=member, origin=tree.cell_it, destination=tree.cell_kiln, letter_date=D(2026, 1, 5),
    )  # fmt: skip
    [entry] = selectors.user_queue(user=make_user(tree.cell_kiln, "cell_secretary"))
    assert entry.item.state == "overdue" and entry.item.due == D(2026, 2, 4)
    assert entry.escalated
    [above] = selectors.user_queue(user=make_user(tree.cement, "staff"))
    assert above.item.kind == "transfer_present"


def test_a_letter_to_outside_the_system_is_not_due(tree, make_user, frozen):
    member = full_member(tree.cell_it, "Hồ Văn Nam")
    mv.transfer_issue(actor=None, membership=member, origin=tree.cell_it, other_place="Đảng bộ tỉnh Bình Định",
                      letter_date=D(2026, 3, 2))  # fmt: skip
    assert [e for e in selectors.due_entries(root=None) if e.item.subject == "transfer"] == []


def test_a_decision_that_moves_a_member_is_due_at_the_cell_until_the_letter_is_issued(tree, make_user, frozen):
    member = full_member(tree.cell_it, "Trịnh Văn Phúc")
    mv.member_move_decided(actor=None, membership=member, on=D(2026, 1, 5), document_number="88-QĐ/UBND")
    secretary = make_user(tree.cell_it, "cell_secretary")
    [entry] = selectors.user_queue(user=secretary)
    assert (entry.item.kind, entry.item.subject, entry.unit) == ("transfer_start", "member", tree.cell_it)
    assert entry.item.state == "upcoming" and entry.item.deadline.length == "60 ngày làm việc"
    assert entry.item.deadline.label == "Bắt đầu chuyển sinh hoạt đảng (đã cấp giấy giới thiệu)"
    mv.transfer_issue(actor=None, membership=member, origin=tree.cell_it, destination=tree.cell_econ,
                      letter_date=D(2026, 3, 2))  # fmt: skip
    assert [e.item.kind for e in selectors.user_queue(user=secretary)] == []  # the letter settles it
    assert [e.item.kind for e in selectors.user_queue(user=make_user(tree.cell_econ, "cell_secretary"))] == [
        "transfer_present"
    ]
