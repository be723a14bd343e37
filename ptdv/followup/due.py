"""The follow-up's due items in the work queues (reminders): a new member of an agency, enterprise or school to be
introduced to their residence cell (roll.md's deadline, a setting), and, from January, the residence cell's
comments on the year before not yet recorded. The work cell acts on both."""

import datetime

from django.db.models import Exists, OuterRef, Q

from ptdv.admission.due import DueItem
from ptdv.membership.models import Membership
from ptdv.units.models import Unit

from . import rules
from .models import ResidenceComment, ResidenceExemption, ResidenceLiaison
from .selectors import STEP
from .services import ON_ROLL, followup_settings

# A new member's introduction is followed for this long after the ceremony (older members were loaded with the roll).
FOLLOWED_DAYS = 366


def _work_units(root: Unit | None) -> set[int]:
    from .selectors import work_unit_ids

    if root is not None:
        return work_unit_ids(root)
    rows = list(Unit.objects.values_list("pk", "path", "sector"))
    work_paths = {path for _pk, path, sector in rows if rules.needs_residence(sector)}
    return {
        pk for pk, path, _sector in rows if any(path[:end] in work_paths for end in range(STEP, len(path) + 1, STEP))
    }


def followup_due(*, scope: Q, root: Unit | None, today: datetime.date, calendar) -> list[DueItem]:
    """The due items of the members in `scope` (a filter on Membership, as the queue narrows it)."""
    config = followup_settings()
    work = _work_units(root)
    if not work:
        return []
    items = []
    since = today - datetime.timedelta(days=FOLLOWED_DAYS)
    letter = ResidenceLiaison.objects.filter(membership_id=OuterRef("pk"), letter_date__gte=OuterRef("decision_date"))
    exempt = ResidenceExemption.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today), membership_id=OuterRef("pk"), valid_from__lte=today
    )
    new_members = (
        Membership.objects.filter(scope, status__in=ON_ROLL, admission_unit__isnull=False)
        .filter(Q(ceremony_date__gte=since) | Q(ceremony_date__isnull=True, decision_date__gte=since))
        .exclude(Exists(letter)).exclude(Exists(exempt))
        .values_list("pk", "person__full_name", "person_id", "unit_id", "ceremony_date", "decision_date")
    )  # fmt: skip
    for pk, name, person_id, unit_id, ceremony, decided in new_members:
        if unit_id not in work:
            continue
        deadline = rules.introduction_deadline(ceremony or decided, calendar, config.introduction_days)
        items.append(_item(deadline.due.isoformat(), pk, name, person_id, unit_id, deadline, today, calendar))
    year = today.year - 1
    commented = ResidenceComment.objects.filter(membership_id=OuterRef("pk"), year=year)
    introduced = ResidenceLiaison.objects.filter(
        membership_id=OuterRef("pk"), letter_date__lte=datetime.date(year, 12, 31)
    )
    awaiting = (
        Membership.objects.filter(scope, status__in=ON_ROLL).filter(Exists(introduced)).exclude(Exists(commented))
        .exclude(Exists(exempt))
        .values_list("pk", "person__full_name", "person_id", "unit_id")
    )  # fmt: skip
    deadline = rules.comments_deadline(year)
    for pk, name, person_id, unit_id in awaiting:
        if unit_id not in work:
            continue
        items.append(_item(str(year), pk, name, person_id, unit_id, deadline, today, calendar))
    return items


def _item(when: str, pk, name, person_id, unit_id, deadline, today, calendar) -> DueItem:
    """A member's residence item in the work cell's queue; `when` makes its key stable from day to day."""
    return DueItem.of(
        deadline,
        when=when,
        subject="residence",
        subject_id=pk,
        person=name,
        person_id=person_id,
        unit_id=unit_id,
        today=today,
        calendar=calendar,
    )
