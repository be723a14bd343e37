"""Reads of the roll: the roll page (scoped to the user's units), and what other areas need: who may help or
introduce a candidate."""

from dataclasses import dataclass

from django.db.models import Count, Exists, Expression, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from ptdv.core.db import prefix_q
from ptdv.people import rules as people_rules
from ptdv.people.models import Person, PersonSearchToken
from ptdv.units.models import Unit, subtree_q
from ptdv.units.selectors import unit_grassroots

from .models import Membership, MembershipStatus


def full_members_of_grassroots(*, unit: Unit, exclude_person_id: int | None = None) -> QuerySet[Person]:
    """Full members of the grassroots organisation `unit` belongs to: the helpers and introducers it may have."""
    grassroots = unit_grassroots(unit=unit) or unit
    return (
        Person.objects.filter(
            subtree_q(grassroots.path, "membership__unit__path"), membership__status=MembershipStatus.FULL
        )
        .exclude(pk=exclude_person_id)
        .select_related("membership__unit")
        .order_by("sort_name", "pk")
    )


def helper_problem(*, unit: Unit, person_id: int, helper: Person) -> str | None:
    """Why `helper` may not help the person `person_id` of `unit` (a candidate or a probationary member), or None:
    a helper is a full member of the same grassroots organisation (procedure.md, stages 0 and 10)."""
    membership = getattr(helper, "membership", None)
    if helper.pk == person_id:
        return _("A candidate cannot be their own helper.")
    if membership is None:
        return _("%(name)s is not a party member: a helper must be a full member.") % {"name": helper.full_name}
    if membership.status != MembershipStatus.FULL:
        return _("%(name)s is a probationary member: a helper must be a full member.") % {"name": helper.full_name}
    grassroots, helper_grassroots = unit_grassroots(unit=unit), unit_grassroots(unit=membership.unit)
    if grassroots is None or helper_grassroots is None or grassroots.pk != helper_grassroots.pk:
        return _(
            "%(name)s is a member of another grassroots organisation: the helper must be a full member of "
            "%(organisation)s."
        ) % {"name": helper.full_name, "organisation": grassroots.name if grassroots else unit.name}
    return None


CURRENT_STATUSES = (MembershipStatus.PROBATIONARY, MembershipStatus.FULL)


class RollCounter:
    """How the organisation tree counts members (units.selectors.roll_counter_register, done in membership.apps):
    the members on the roll, probationary and full — the roll page's "current" and the reports' composition."""

    def loaded(self) -> Expression:
        return Exists(Membership.objects.filter(unit_id=OuterRef("pk")))

    def members_by_branch(self, path: str, length: int) -> dict[str, int]:
        rows = (
            Membership.objects.filter(subtree_q(path, "unit__path"), status__in=CURRENT_STATUSES)
            .annotate(branch=Substr("unit__path", 1, length))
            .values("branch")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {row["branch"]: row["n"] for row in rows}


def full_members_on(*, unit: Unit, day) -> int:
    """Full members of the cell (its groups included) on `day`, from the roll: the figure the tree shows for the
    cell's full members, and where the cell vote's denominator starts (procedure.md, Votes): read from the roll's
    history — those on the cell's roll that day, less members away on a temporary stay and the exempted (roll.md). A
    roll loaded without its history (no member of the cell has a dated period) counts the members' current cell."""
    from .models import RollPeriod

    if RollPeriod.objects.filter(subtree_q(unit.path, "unit__path")).exists():
        return vote_denominator(unit=unit, day=day)
    return Membership.objects.filter(
        subtree_q(unit.path, "unit__path"), status=MembershipStatus.FULL, full_member_date__lte=day
    ).count()


CURRENT = "current"
STATUS_FILTERS = (CURRENT, MembershipStatus.PROBATIONARY, MembershipStatus.FULL, MembershipStatus.STRUCK_OFF, "all")


@dataclass(frozen=True)
class RollFilters:
    """The roll page's filters: a unit of the user's subtree (with its sub-units), a status (`current`:
    probationary and full members), words of the name, citizen ID or card (no diacritics needed), the year of
    admission."""

    unit: Unit | None = None
    status: str = CURRENT
    query: str = ""
    admitted_year: int | None = None


def memberships_visible_to(user) -> QuerySet[Membership]:
    """The roll of the user's unit and the units below it; nothing for an account without a unit."""
    if not user.is_authenticated or user.unit_id is None:
        return Membership.objects.none()
    return Membership.objects.filter(subtree_q(user.unit.path, "unit__path"))


def roll(*, user, filters: RollFilters = RollFilters()) -> QuerySet[Membership]:
    """The members the user may see that match the filters, by name. The unit must come from access_unit."""
    members = memberships_visible_to(user)
    if filters.unit is not None:
        members = members.filter(subtree_q(filters.unit.path, "unit__path"))
    if filters.status == CURRENT:
        members = members.filter(status__in=CURRENT_STATUSES)
    elif filters.status != "all":
        members = members.filter(status=filters.status)
    if filters.admitted_year is not None:
        members = members.filter(decision_date__year=filters.admitted_year)
    # Each word as a set of persons (an IN subquery the planner can hash), not a correlated EXISTS per member: with
    # two common words over a province's roll, PostgreSQL took 96 s the correlated way (benchmarks/roll_page.py).
    for word in people_rules.query_tokens(filters.query):
        matching = Q(person_id__in=PersonSearchToken.objects.filter(prefix_q("token", word)).values("person_id"))
        if word.isdigit():  # a card number is not in the person's search words
            matching |= Q(card_number__startswith=word)
        members = members.filter(matching)
    return members.select_related("person", "unit").order_by("person__sort_name", "person_id")


def roll_counts(members: QuerySet[Membership]) -> dict[str, int]:
    """How many of `members` are probationary, full and struck off, in one query."""
    counts = dict(members.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in MembershipStatus.values}


# ---------------------------------------------------------------- the roll as a dated history


def placed_units_on(unit: Unit, day):
    """The ids of the units that stood in `unit`'s subtree on `day` (a subquery), or None when the unit did not
    stand in the tree that day."""
    from ptdv.units.models import UnitPlacement

    path = UnitPlacement.objects.on(day).filter(unit=unit).values_list("path", flat=True).first()
    if path is None:
        return None
    return UnitPlacement.objects.subtree_on(path, day).values("unit_id")


def periods_on(day) -> QuerySet:
    from .models import RollPeriod

    return RollPeriod.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


def roll_on(*, unit: Unit, day) -> dict:
    """The roll of `unit` (its subtree as the tree stood on `day`) at the end of `day` (roll.md): members on it,
    probationary and full, exempted, away on a temporary stay (still counted here), and temporary guests from
    elsewhere (listed apart, not counted)."""
    units = placed_units_on(unit, day)
    if units is None:
        return {"count": 0, "probationary": 0, "full": 0, "exempted": 0, "away": 0, "guests": 0}
    from .counts import counts_on

    totals = counts_on(Q(unit_id__in=units), day, by_unit=False)  # the rollups (membership.counts)
    if totals is not None:
        count, probationary, exempted, away = totals.get(None, [0, 0, 0, 0])
    else:  # nothing counted yet: the periods, grouped on the covering index (no table row read)
        count = probationary = exempted = away = 0
        rows = (
            periods_on(day)
            .filter(unit_id__in=units)
            .values_list("status", "exempted", "away_id", "away_outside")
            .annotate(n=Count("unit_id"))
            .order_by()
        )
        for status, is_exempted, away_id, away_outside, n in rows:
            count += n
            probationary += n if status == MembershipStatus.PROBATIONARY else 0
            exempted += n if is_exempted else 0
            away += n if away_id is not None or away_outside else 0
    counted = {"count": count, "probationary": probationary, "full": count - probationary, "exempted": exempted,
               "away": away}  # fmt: skip
    # Guests are few: read by the host (its index), then kept when their period holds that day and their official
    # cell is not counted here (the planner would otherwise walk the dates index over the whole roll).
    own = None
    counted["guests"] = 0
    from .models import RollPeriod

    hosted = RollPeriod.objects.filter(away_id__isnull=False, away_id__in=units)
    for unit_id, valid_from, valid_to in hosted.values_list("unit_id", "valid_from", "valid_to"):
        if valid_from <= day and (valid_to is None or valid_to >= day):
            own = own if own is not None else set(units.values_list("unit_id", flat=True))
            counted["guests"] += unit_id not in own
    return counted


def roll_members_on(*, unit: Unit, day, guests: bool = False) -> QuerySet:
    """The periods of the members on `unit`'s roll on `day` (or, with `guests`, of those on a temporary stay in it),
    with the member and the cell."""
    units = placed_units_on(unit, day)
    periods = periods_on(day)
    if units is None:
        return periods.none()
    periods = (
        periods.filter(away_id__isnull=False, away_id__in=units).exclude(unit_id__in=units)
        if guests
        else periods.filter(unit_id__in=units)
    )
    return periods.select_related("membership__person", "unit", "away").order_by("membership__person__full_name")


def vote_denominator(*, unit: Unit, day) -> int:
    """Full members of the cell on the roll on `day`, less those away on a temporary stay and the exempted
    (procedure.md, Votes): the cell vote's denominator."""
    return (
        roll_members_on(unit=unit, day=day)
        .filter(status=MembershipStatus.FULL, exempted=False, away__isnull=True, away_outside=False)
        .count()
    )


def vote_roll(*, unit: Unit, day) -> dict:
    """Who the cell vote's denominator counts on `day` (vote_denominator, by name) and the full members left out:
    those away on a temporary stay and the exempted (procedure.md, Votes). A roll loaded without its history counts
    the members' current cell, as full_members_on does."""
    from .models import RollPeriod

    if not RollPeriod.objects.filter(subtree_q(unit.path, "unit__path")).exists():
        rows = Membership.objects.filter(
            subtree_q(unit.path, "unit__path"), status=MembershipStatus.FULL, full_member_date__lte=day
        ).order_by("person__full_name")
        return {"day": day, "counted": list(rows.values_list("person__full_name", flat=True)), "away": [],
                "exempted": []}  # fmt: skip
    counted, away, exempted = [], [], []
    for period in roll_members_on(unit=unit, day=day).filter(status=MembershipStatus.FULL):
        name = period.membership.person.full_name
        if period.away_id is not None or period.away_outside:
            away.append(name)
        elif period.exempted:
            exempted.append(name)
        else:
            counted.append(name)
    return {"day": day, "counted": counted, "away": away, "exempted": exempted}


def member_history(membership) -> QuerySet:
    from .models import RollEvent

    return RollEvent.objects.filter(membership=membership).select_related(
        "unit", "origin", "document_unit", "recorded_by", "unit_before", "unit_after"
    )


def member_history_with_cards(membership) -> list:
    """The member's roll events and party card events, one dated list (the member's page)."""
    from .models import CardEvent

    cards = CardEvent.objects.filter(membership=membership).select_related("recorded_by")
    events = [*member_history(membership), *cards]
    return sorted(events, key=lambda e: (e.date, e.recorded_at))
