"""Shared fixtures of the admission tests: a candidate ready for a dossier, introducers, and the actors."""

import datetime

import pytest
import time_machine

from ptdv.admission import services
from ptdv.admission.models import IntroducerKind
from ptdv.admission.services import IntroducerInput
from ptdv.membership.services import membership_record
from ptdv.people.services import candidate_enter, person_create
from ptdv.training.services import course_create, course_enrol, enrolment_record_result

D = datetime.date
FULL_SINCE = D(2010, 1, 1)
VOTE_DAY = D(2025, 3, 27)


@pytest.fixture
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


FULL_SINCE = D(2010, 1, 1)
VOTE_DAY = D(2025, 3, 27)


def member(unit, citizen_id, name, full_since=FULL_SINCE, status="full"):
    person = person_create(
        actor=None,
        unit=unit,
        full_name=name,
        sex="male",
        birth_date=D(1980, 1, 1),
        citizen_id=citizen_id,
        occupation="public_employee",
        general_education="12/12",
    )
    membership_record(
        actor=None,
        person=person,
        unit=unit,
        status=status,
        decision_date=full_since - datetime.timedelta(days=366),
        full_member_date=full_since if status == "full" else None,
    )
    return person


@pytest.fixture
def world(tree, make_user):
    """A candidate of the IT cell with a certificate, two full members to introduce her, and the actors."""
    w = {"tree": tree}
    w["intro1"] = member(tree.cell_it, "001080000001", "Nguyễn Văn Hùng")
    w["intro2"] = member(tree.cell_econ, "001080000002", "Trần Thị Lan")
    w["probationer"] = member(tree.cell_it, "001080000003", "Lê Văn Tâm", status="probationary")
    w["foreign"] = member(tree.cell_kiln, "001080000004", "Phạm Văn Cường")
    applicant = person_create(
        actor=None,
        unit=tree.cell_it,
        full_name="Đào Thị Dũng",
        sex="female",
        birth_date=D(2000, 5, 17),
        citizen_id="001300000010",
        occupation="public_employee",
        general_education="12/12",
        youth_union=True,
    )
    w["candidate"] = candidate_enter(
        actor=None, person=applicant, unit=tree.cell_it, entered_on=D(2024, 1, 10), source="youth_union"
    )
    course = course_create(
        actor=None, kind="awareness", title="Lớp 1", organiser=tree.bloc, starts_on=D(2024, 3, 4), ends_on=D(2024, 3, 8)
    )
    enrolment = course_enrol(actor=None, course=course, persons=[applicant])[0]
    enrolment_record_result(
        actor=None, enrolment=enrolment, result="passed", certificate_number="1/CN", certificate_date=D(2024, 3, 11)
    )
    w["secretary"] = make_user(tree.cell_it, "cell_secretary")
    w["committee"] = make_user(tree.university, "committee")
    w["bloc"] = make_user(tree.bloc, "committee")  # the bloc is authorised to admit: the competent committee
    w["sibling"] = make_user(tree.cell_kiln, "cell_secretary", "committee", "staff")
    w["viewer"] = make_user(tree.cell_it, "viewer")
    return w


def introducers(w, months=(24, 24), second=None):
    return [
        IntroducerInput(
            kind=IntroducerKind.MEMBER, dated=D(2025, 2, 3), introducer=w["intro1"], months_together=months[0]
        ),
        IntroducerInput(
            kind=IntroducerKind.MEMBER, dated=D(2025, 2, 3), introducer=second or w["intro2"], months_together=months[1]
        ),
    ]


def up_to_comments(w):
    s = w["secretary"]
    dossier = services.dossier_open(actor=s, candidate=w["candidate"], opened_on=D(2025, 1, 6))
    dossier = services.dossier_record_application(
        actor=s, dossier=dossier, application_on=D(2025, 1, 6), cv_on=D(2025, 1, 20)
    )
    dossier = services.dossier_record_introduction(actor=s, dossier=dossier, introducers=introducers(w))
    dossier = services.dossier_record_verification(
        actor=s, dossier=dossier, concluded_on=D(2025, 3, 14), summary="Lý lịch rõ ràng."
    )
    return services.dossier_record_comments(actor=s, dossier=dossier, summarised_on=D(2025, 3, 20), summary="Tốt.")


def cell_vote(w, dossier, votes_for=9, denominator=10, on=VOTE_DAY):
    return services.dossier_record_cell_vote(
        actor=w["secretary"],
        dossier=dossier,
        vote_on=on,
        denominator=denominator,
        votes_for=votes_for,
        resolution="05-NQ/CB",
        ballot="raised_card",
        denominator_note="Theo danh sách chi bộ",
    )
