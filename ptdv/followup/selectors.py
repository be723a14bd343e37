"""Reads of the follow-up, always for a unit the caller got from access_unit (the user's subtree)."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ptdv.calendar.rules import WorkingCalendar
from ptdv.calendar.selectors import working_calendar
from ptdv.membership.models import Membership, MembershipStatus
from ptdv.units.models import Unit, subtree_q

from . import rules
from .models import Rating, ResidenceComment, ResidenceExemption, ResidenceLiaison, StrikeOffProposal
from .services import ON_ROLL, followup_settings

STEP = 4  # characters of a unit path per level (units.models)


def work_unit_ids(root: Unit) -> set[int]:
    """The units in `root`'s subtree whose members are introduced to a residence cell: those under (or being) a
    grassroots organisation of an agency, enterprise or school — the root's own grassroots above it included."""
    ancestors = [root.path[:end] for end in range(STEP, len(root.path), STEP)]
    rows = list(Unit.objects.filter(subtree_q(root.path) | Q(path__in=ancestors)).values_list("pk", "path", "sector"))
    work_paths = {path for _pk, path, sector in rows if rules.needs_residence(sector)}
    if not work_paths:
        return set()
    found = set()
    for pk, path, _sector in rows:
        if path.startswith(root.path) and any(path[:end] in work_paths for end in range(STEP, len(path) + 1, STEP)):
            found.add(pk)
    return found


@dataclass
class ResidenceRow:
    membership: Membership
    liaison: ResidenceLiaison | None
    exemption: ResidenceExemption | None
    deadline: object | None  # a Deadline for a new member still to be introduced, else None
    state: str  # rules.ON_TIME … or "" for a member admitted before the follow-up's horizon
    comment: ResidenceComment | None


def residence_rows(
    *, unit: Unit, today: datetime.date | None = None, calendar: WorkingCalendar | None = None
) -> list[ResidenceRow]:
    """The members on the roll of `unit`'s subtree who are introduced to a residence cell, with their letter in
    force, any exemption in force, the new members' deadline and state, and last year's comments."""
    today = today or timezone.localdate()
    calendar = calendar or working_calendar()
    config = followup_settings()
    units = work_unit_ids(unit)
    members = list(
        Membership.objects.filter(unit_id__in=units, status__in=ON_ROLL).select_related("person", "unit")
        .order_by("unit__name", "person__full_name", "pk")
    )  # fmt: skip
    ids = [m.pk for m in members]
    letters, exemptions, comments = {}, {}, {}
    for liaison in ResidenceLiaison.objects.filter(membership_id__in=ids).select_related("residence_unit"):
        letters[liaison.membership_id] = liaison  # ordered by date: the latest stays
    active = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    for exemption in ResidenceExemption.objects.filter(active, membership_id__in=ids, valid_from__lte=today):
        exemptions[exemption.membership_id] = exemption
    for comment in ResidenceComment.objects.filter(membership_id__in=ids, year=today.year - 1):
        comments[comment.membership_id] = comment
    first_letter = {}
    for membership_id, letter_date in ResidenceLiaison.objects.filter(membership_id__in=ids).values_list(
        "membership_id", "letter_date"
    ):
        first_letter.setdefault(membership_id, letter_date)
    rows = []
    for membership in members:
        exemption = exemptions.get(membership.pk)
        deadline, state = None, ""
        start = membership.ceremony_date or membership.decision_date
        if membership.admission_unit_id and start >= today - datetime.timedelta(days=366 * 2):
            deadline = rules.introduction_deadline(start, calendar, config.introduction_days)
            state = rules.introduction_state(deadline.due, first_letter.get(membership.pk), today)
        if exemption is not None:
            state = rules.EXEMPT
        rows.append(
            ResidenceRow(
                membership, letters.get(membership.pk), exemption, deadline, state, comments.get(membership.pk)
            )
        )
    return rows


@dataclass
class RatingRow:
    membership: Membership
    rating: Rating | None
    rated: bool  # False: admitted less than the months of the rule before the period's end — reviewed, not rated


def cell_rating_rows(*, cell: Unit, year: int, period: str) -> list[RatingRow]:
    """The cell's members on the roll with their rating for the period (the cell's rating page)."""
    config = followup_settings()
    members = list(
        Membership.objects.filter(unit=cell, status__in=ON_ROLL)
        .select_related("person")
        .order_by("person__full_name", "pk")
    )
    ratings = {
        r.membership_id: r
        for r in Rating.objects.filter(membership__in=[m.pk for m in members], year=year, period=period)
    }
    return [
        RatingRow(m, ratings.get(m.pk), rules.rated(m.decision_date, year, period, config.min_months)) for m in members
    ]


@dataclass
class ScreeningRow:
    membership: Membership
    not_completed_years: list[int]
    proposal: StrikeOffProposal | None


def screening_rows(*, unit: Unit, year: int) -> list[ScreeningRow]:
    """The screening list of a unit's subtree (sàng lọc): members on the roll rated "not completed" the configured
    number of years running (the last being `year` or the year before), and members with a pending strike-off
    proposal."""
    config = followup_settings()
    scope = subtree_q(unit.path, "unit__path")
    from .models import ProposalState

    pending = StrikeOffProposal.objects.filter(membership_id=OuterRef("pk"), state=ProposalState.PENDING)
    not_completed = Rating.objects.filter(
        membership_id=OuterRef("pk"), period="year", band="not_completed", year__gte=year - config.screening_years
    )
    candidates = Membership.objects.filter(scope, status__in=ON_ROLL).filter(Exists(pending) | Exists(not_completed))
    members = list(candidates.select_related("person", "unit").order_by("unit__name", "person__full_name"))
    years: dict[int, list[int]] = {}
    for membership_id, rated_year in Rating.objects.filter(
        membership_id__in=[m.pk for m in members], period="year", band="not_completed"
    ).values_list("membership_id", "year"):
        years.setdefault(membership_id, []).append(rated_year)
    proposals = {
        p.membership_id: p
        for p in StrikeOffProposal.objects.filter(
            membership_id__in=[m.pk for m in members], state=ProposalState.PENDING
        )
    }
    rows = []
    for membership in members:
        listed_years = sorted(years.get(membership.pk, []))
        running = rules.not_completed_running(listed_years, up_to=year, times=config.screening_years)
        proposal = proposals.get(membership.pk)
        if running or proposal is not None:
            rows.append(ScreeningRow(membership, listed_years, proposal))
    return rows


def memberships_of_unit(unit: Unit):
    return Membership.objects.filter(subtree_q(unit.path, "unit__path"))


__all__ = ["MembershipStatus"]
