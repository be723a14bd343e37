"""Demo dossiers at every stage: a newly opened one, some in preparation, one waiting for its decision, one whose
ceremony is late, probationary members (one whose probation has ended), a recognised full member, one waiting for
the committee above after three failed recognition votes, and a ceremony held late with the approval of the
committee above.

Dates are relative to today and follow the rules; every move goes through the services."""

import datetime
import math

from django.utils import timezone

from ptdv.membership.models import MembershipStatus
from ptdv.people.models import Candidate, Person
from ptdv.people.rules import add_months
from ptdv.people.selectors import latest_certificate_subquery
from ptdv.units.models import subtree_q
from ptdv.units.selectors import unit_grassroots

from . import rules, services
from .models import Dossier, IntroducerKind

STEPS = [stage.value for stage in rules.ORDER]


def _number(dossier, stage: str, day: datetime.date, signer: str = "") -> str:
    """The resolution's or decision's number, taken from the issuing unit's register (documents app)."""
    from ptdv.documents.services import register_issue_for_step

    return register_issue_for_step(actor=None, dossier=dossier, stage=stage, issued_on=day, signer=signer).code


def _introducers(candidate, on):
    grassroots = unit_grassroots(unit=candidate.unit)
    members = list(
        Person.objects.filter(
            subtree_q(grassroots.path, "membership__unit__path"), membership__status=MembershipStatus.FULL
        ).order_by("pk")[:2]
    )
    return [
        services.IntroducerInput(kind=IntroducerKind.MEMBER, dated=on, introducer=m, months_together=36)
        for m in members
    ]


def _carry(candidate, start: datetime.date, until: str, gap_days: int = 10):
    """Open a dossier on `start` and record every step up to `until`, `gap_days` apart (probation: 12 months)."""
    day = start
    dossier = services.dossier_open(actor=None, candidate=candidate, opened_on=day)
    denominator = max(candidate.unit.member_count, 3)
    votes = math.ceil(denominator * 0.9)
    for step in STEPS[: STEPS.index(until) + 1]:
        if step == "recognition_cell_vote":
            ended = add_months(dossier.ceremony_on, 12)
            dossier = services.dossier_record_probation(
                actor=None,
                dossier=dossier,
                helper=_introducers(candidate, day)[0].introducer,
                self_review_on=ended - datetime.timedelta(days=10),
                helper_assessment_on=ended - datetime.timedelta(days=8),
                comments_on=ended - datetime.timedelta(days=3),
            )
            day = ended + datetime.timedelta(days=7)
        else:
            day = day + datetime.timedelta(days=gap_days)
        if step == "application":
            dossier = services.dossier_record_application(actor=None, dossier=dossier, application_on=day, cv_on=day)
        elif step == "introduction":
            dossier = services.dossier_record_introduction(
                actor=None, dossier=dossier, introducers=_introducers(candidate, day)
            )
        elif step == "verification":
            dossier = services.dossier_record_verification(
                actor=None,
                dossier=dossier,
                concluded_on=day,
                summary="Đã thẩm tra lý lịch người xin vào Đảng và cha mẹ đẻ: lịch sử chính trị rõ ràng.",
            )
        elif step == "comments":
            dossier = services.dossier_record_comments(
                actor=None,
                dossier=dossier,
                summarised_on=day,
                summary="Chi đoàn, công đoàn và chi ủy nơi cư trú đều nhận xét tốt, đề nghị kết nạp.",
            )
        elif step == "cell_vote":
            dossier = services.dossier_record_cell_vote(
                actor=None,
                dossier=dossier,
                vote_on=day,
                denominator=denominator,
                votes_for=votes,
                resolution=_number(dossier, step, day),
                ballot="raised_card",
                denominator_note="Theo danh sách chi bộ",
            )
        elif step == "committee_vote":
            dossier = services.dossier_record_committee_vote(
                actor=None,
                dossier=dossier,
                vote_on=day,
                committee_size=9,
                votes_for=9,
                resolution=_number(dossier, step, day),
            )
        elif step == "decision":
            dossier = services.dossier_record_decision(
                actor=None,
                dossier=dossier,
                decision_on=day,
                number=_number(dossier, step, day, "Nguyễn Văn Thành"),
                signer="Nguyễn Văn Thành",
            )
        elif step == "ceremony":
            dossier = services.dossier_record_ceremony(actor=None, dossier=dossier, ceremony_on=day)
        elif step == "recognition_cell_vote":
            dossier = services.dossier_record_recognition_cell_vote(
                actor=None,
                dossier=dossier,
                vote_on=day,
                denominator=denominator,
                votes_for=votes,
                resolution=_number(dossier, step, day),
            )
        elif step == "recognition_committee_vote":
            dossier = services.dossier_record_recognition_committee_vote(
                actor=None,
                dossier=dossier,
                vote_on=day,
                committee_size=9,
                votes_for=8,
                resolution=_number(dossier, step, day),
            )
        elif step == "full_member":
            dossier = services.dossier_record_recognition(
                actor=None,
                dossier=dossier,
                decision_on=day,
                number=_number(dossier, step, day, "Nguyễn Văn Thành"),
                signer="Nguyễn Văn Thành",
            )
    return dossier


def _three_failed_votes(candidate, start: datetime.date):
    """Probation ended, then three recognition votes of the cell that did not reach 2/3, a week apart: the cell no
    longer votes and the dossier waits for the committee above (procedure.md "Votes")."""
    dossier = _carry(candidate, start, "ceremony")
    ended = add_months(dossier.ceremony_on, 12)
    dossier = services.dossier_record_probation(
        actor=None,
        dossier=dossier,
        helper=_introducers(candidate, ended)[0].introducer,
        self_review_on=ended - datetime.timedelta(days=10),
        helper_assessment_on=ended - datetime.timedelta(days=8),
        comments_on=ended - datetime.timedelta(days=3),
    )
    denominator = max(candidate.unit.member_count, 3)
    for week in (1, 2, 3):
        dossier = services.dossier_record_failed_vote(
            actor=None,
            dossier=dossier,
            vote_on=ended + datetime.timedelta(days=7 * week),
            denominator=denominator,
            votes_for=denominator // 2,
        )
    return dossier


def _late_ceremony(candidate, start: datetime.date):
    """A ceremony 45 working days after the decision, approved by the committee above up to 50 working days."""
    from ptdv.calendar.selectors import working_calendar

    dossier = _carry(candidate, start, "decision")
    calendar = working_calendar()
    approved_on = calendar.add_working_days(dossier.decision_on, 28)
    dossier = services.dossier_record_ceremony_approval(
        actor=None,
        dossier=dossier,
        document="Công văn",
        number=f"{dossier.pk}-CV/ĐU",
        approved_on=approved_on,
        allowed_until=calendar.add_working_days(dossier.decision_on, 50),
    )
    ceremony_on = calendar.add_working_days(dossier.decision_on, 45)
    return services.dossier_record_ceremony(actor=None, dossier=dossier, ceremony_on=ceremony_on)


def demo_dossiers_load() -> int:
    if Dossier.objects.exists():
        return 0
    today = timezone.localdate()
    ready = list(
        Candidate.objects.filter(left_on__isnull=True, unit__code__startswith="BS.")
        .annotate(certificate=latest_certificate_subquery())
        .filter(certificate__isnull=False)
        .select_related("person", "unit")
        .order_by("certificate", "pk")
    )
    # (how far, opened how long ago in days); the oldest certificates go to the dossiers that started earliest
    plan = [
        ("full_member", 640),
        ("three_failed_votes", 560),  # waits for the committee above
        ("recognition_cell_vote", 470),
        ("ceremony", 430),
        ("ceremony", 200),
        ("late_ceremony", 200),  # held late, with the approval of the committee above
        ("decision", 120),
        ("committee_vote", 90),
        ("cell_vote", 60),
        ("comments", 70),
        ("introduction", 40),
        ("application", 25),
        (None, 5),
    ]
    created = 0
    for until, days_ago in plan:
        start = today - datetime.timedelta(days=days_ago)
        candidate = next((c for c in ready if max(c.entered_on, c.certificate) <= start), None)
        if candidate is None:  # no candidate has been in the pool with a certificate that long
            continue
        ready.remove(candidate)
        if until is None:
            services.dossier_open(actor=None, candidate=candidate, opened_on=start)
        elif until == "three_failed_votes":
            _three_failed_votes(candidate, start)
        elif until == "late_ceremony":
            _late_ceremony(candidate, start)
        else:
            _carry(candidate, start, until)
        created += 1
    return created
