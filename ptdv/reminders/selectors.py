"""Reads of due items, work queues, the calendar and stalled work; always scoped to what the user may see.

`due_entries` is the one computation: it loads a subtree's open dossiers and candidates once (no query per item),
turns them into due items (reminders.rules), and finds the unit that must act on each. Every page (the queue, the
navigation count, the calendar and its feed, the digest) reads it; the admission pages read the same rules through
admission.selectors.dossier_deadline."""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from ptdv.accounts.models import Role
from ptdv.admission.access import ACTOR_ROLES
from ptdv.admission.models import Dossier, DossierStage
from ptdv.admission.rules import TERMINAL
from ptdv.admission.selectors import due_settings
from ptdv.calendar.rules import WorkingCalendar
from ptdv.membership.models import Membership, MembershipStatus, Transfer, TransferKind, TransferState
from ptdv.membership.rules import PROBATION_MONTHS
from ptdv.people.models import Candidate
from ptdv.people.rules import add_months
from ptdv.people.selectors import latest_certificate_subquery
from ptdv.units import rules as unit_rules
from ptdv.units.models import Unit, subtree_q

from . import rules
from .rules import DueItem

OPEN_STAGES = [s.value for s in DossierStage if s.value not in {t.value for t in TERMINAL}]
VOTED_STAGES = [
    s.value
    for s in DossierStage
    if s.value not in {"opened", "application", "introduction", "verification", "comments"}
]
ESCALATION_ROLES = (Role.STAFF, Role.COMMITTEE, Role.ADMIN)
STALLED_ROLES = (Role.STAFF, Role.COMMITTEE, Role.ADMIN)
ACTING_ROLES = tuple({role for roles in ACTOR_ROLES.values() for role in roles} | set(ESCALATION_ROLES))
COUNT_CACHE_SECONDS = 120


def reminder_settings() -> rules.Settings:
    return due_settings()  # admission's: the same numbers on the dossier pages and in the queues


class _MemoCalendar:
    """A working calendar that remembers its answers for one computation: thousands of dossiers share a few hundred
    start and due days, and counting working days one by one is what costs (a third of the time at 10,000)."""

    def __init__(self, calendar: WorkingCalendar):
        self.calendar = calendar
        self._added: dict[tuple[datetime.date, int], datetime.date] = {}
        self._counted: dict[tuple[datetime.date, datetime.date], int] = {}

    def is_working_day(self, day: datetime.date) -> bool:
        return self.calendar.is_working_day(day)

    def next_working_day(self, day: datetime.date) -> datetime.date:
        return self.calendar.next_working_day(day)

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        key = (start, n)
        if key not in self._added:
            self._added[key] = self.calendar.add_working_days(start, n)
        return self._added[key]

    def count_working_days(self, start: datetime.date, end: datetime.date) -> int:
        key = (start, end)
        if key not in self._counted:
            self._counted[key] = self.calendar.count_working_days(start, end)
        return self._counted[key]


def _calendar(calendar: WorkingCalendar | None):
    from ptdv.calendar.selectors import working_calendar

    return _MemoCalendar(calendar or working_calendar())


# What the due items read of a dossier (and the person's name): fewer columns, faster rows at thousands of dossiers.
DOSSIER_FIELDS = (
    "id", "unit_id", "person_id", "stage", "opened_on", "introduced_on", "cell_vote_on", "decision_on",
    "ceremony_on", "recognition_cell_vote_on", "decided_by_id", "person__full_name", "referred_on",
    "ceremony_allowed_until", "papers_redone_on",
)  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """A due item with the unit that must act on it, the cell it concerns and the page where it is settled."""

    item: DueItem
    unit: Unit  # who acts
    cell: Unit
    escalated: bool  # overdue by more than the escalation limit

    @property
    def url(self) -> str:
        item = self.item
        if item.subject == "transfer":
            return f"{reverse('membership:transfers')}?unit={self.cell.code}"
        if item.kind == "transfer_start":
            return reverse("membership:detail", args=[item.subject_id])
        if item.subject in ("candidate", "member"):
            return reverse("people:detail", args=[item.person_id])
        if item.step == "referral":
            return reverse("admission:referral", args=[item.subject_id])
        if item.step:
            return reverse("admission:step", args=[item.subject_id, item.step])
        if item.kind == "probation_end":
            return reverse("admission:probation", args=[item.subject_id])
        return reverse("admission:detail", args=[item.subject_id])

    @property
    def detail_url(self) -> str:
        """The dossier's (or person's) page: for the unit above, which follows an escalated item up but does not
        record the cell's steps itself."""
        if self.item.subject == "transfer":
            return f"{reverse('membership:transfers')}?unit={self.cell.code}"
        if self.item.subject in ("candidate", "member"):
            return reverse("people:detail", args=[self.item.person_id])
        return reverse("admission:detail", args=[self.item.subject_id])

    @property
    def actor_label(self) -> str:
        return rules.actor_label(self.item.actor)

    @property
    def state_text(self) -> str:
        return rules.state_text(self.item)


class _Tree:
    """The units of a subtree and the ancestors of its root, loaded once, to find who acts for each cell."""

    def __init__(self, root: Unit | None):
        units = Unit.objects.all() if root is None else Unit.objects.filter(subtree_q(root.path))
        self.by_id = {u.pk: u for u in units}
        if root is not None:
            for ancestor in root.ancestors():
                self.by_id.setdefault(ancestor.pk, ancestor)

    def chain(self, unit_id: int) -> list[Unit]:
        chain, unit = [], self.by_id.get(unit_id)
        while unit is not None:
            chain.append(unit)
            unit = self.by_id.get(unit.parent_id) if unit.parent_id else None
        return chain

    def acting(self, unit_id: int, actor: str, decided_by_id: int | None) -> Unit | None:
        chain = self.chain(unit_id)
        if actor == rules.CELL:
            return chain[0] if chain else None
        if actor == rules.GRASSROOTS:
            return unit_rules.grassroots_of(chain) or (chain[0] if chain else None)
        if decided_by_id and decided_by_id in self.by_id:
            return self.by_id[decided_by_id]
        return unit_rules.competent_committee(chain)


def _stages(actor: str) -> list[str]:
    return [str(stage) for stage, who in rules.ACTOR_OF_STAGE.items() if who == actor]


def _acting_filters(units: list[Unit]) -> tuple[Q, Q]:
    """Filters of dossiers and candidates that keep at least those whose items `units` act on, so that a queue high
    in the tree does not load the whole subtree: the cell's steps of these units' own cells, the grassroots
    committee's votes under these units' grassroots organisations, and the competent committee's decisions only when
    one of these units can be competent (or decided the admission)."""
    ids = [u.pk for u in units]
    cell = Q(stage__in=_stages(rules.CELL), unit_id__in=ids)
    grassroots = Q(unit_id__in=ids)
    for unit in units:
        if unit.unit_type in unit_rules.GRASSROOTS_TYPES:
            grassroots |= subtree_q(unit.path, "unit__path")
    competent = Q(decided_by_id__in=ids)
    if any(u.may_admit or u.unit_type in unit_rules.ABOVE_GRASSROOTS_TYPES for u in units):
        competent = Q()
    dossiers = (
        cell
        | (Q(stage__in=_stages(rules.GRASSROOTS)) & grassroots)
        | (Q(stage__in=_stages(rules.COMPETENT)) & competent)
    )
    return dossiers, Q(unit_id__in=ids)


def _certificates_listed_until(today: datetime.date, config: rules.Settings) -> datetime.date:
    """The latest certificate date whose expiry can be listed today: the horizon in working days is at most twice
    as many calendar days plus the longest run of holidays (Tết), and a month more for month-end arithmetic."""
    latest_listed_expiry = today + datetime.timedelta(days=2 * config.horizon_days + 45)
    return add_months(latest_listed_expiry, -config.certificate_months)


def _probations_listed_until(today: datetime.date, config: rules.Settings) -> datetime.date:
    """The latest ceremony date whose end of probation can be listed today (as for certificates)."""
    latest_listed_end = today + datetime.timedelta(days=2 * config.horizon_days + 45)
    return add_months(latest_listed_end, -PROBATION_MONTHS)


def due_entries(
    *,
    root: Unit | None,
    today: datetime.date | None = None,
    calendar: WorkingCalendar | None = None,
    all_watches: bool = False,
    acting: list[Unit] | None = None,
) -> list[Entry]:
    """Every due item of the open dossiers, the probationary members without one (loaded with the roll), the
    candidates, the members whom a decision moves and the letters of introduction awaiting receipt in `root`'s
    subtree (all units when None), most urgent first, each with the unit that must act. With `acting`, at least the
    items those units act on (the others the query could skip are left out). Seven queries whatever the number of
    items."""
    today = today or timezone.localdate()
    calendar = _calendar(calendar)
    config = reminder_settings()
    scope = Q() if root is None else subtree_q(root.path, "unit__path")
    dossier_scope = candidate_scope = scope
    if acting is not None:
        only_dossiers, only_candidates = _acting_filters(acting)
        dossier_scope, candidate_scope = scope & only_dossiers, scope & only_candidates
    tree = _Tree(root)
    entries: list[Entry] = []

    def add(item: DueItem, decided_by_id: int | None = None):
        unit = tree.acting(item.unit_id, item.actor, decided_by_id)
        cell = tree.by_id.get(item.unit_id)
        if unit is not None and cell is not None:
            entries.append(Entry(item, unit, cell, item.escalated(config.escalation_days)))

    # Plain rows, not model instances: at 10,000s of dossiers and candidates, building models cost most of the time.
    dossiers = Dossier.objects.filter(dossier_scope, stage__in=OPEN_STAGES).values(*DOSSIER_FIELDS)
    for row in dossiers.order_by("pk"):
        dossier = SimpleNamespace(**row)
        for item in rules.dossier_due(
            dossier, row["person__full_name"], row["person_id"], today, calendar, config, all_watches=all_watches
        ):
            add(item, row["decided_by_id"])
    # Probationary members whose probation no open dossier follows (loaded with the roll): the same end of probation
    # and recognition vote, from the ceremony date on the roll (issue 15: the probation list and the roll agree).
    open_dossier = Dossier.objects.filter(person_id=OuterRef("person_id"), stage__in=OPEN_STAGES)
    members = Membership.objects.filter(
        candidate_scope, status=MembershipStatus.PROBATIONARY, ceremony_date__isnull=False
    ).exclude(Exists(open_dossier))
    if not all_watches:  # only probations that end within the horizon or have ended (the rules decide)
        members = members.filter(ceremony_date__lte=_probations_listed_until(today, config))
    rows = members.order_by("pk").values_list("pk", "person__full_name", "person_id", "unit_id", "ceremony_date")
    for membership_id, name, person_id, unit_id, ceremony_on in rows:
        for item in rules.member_due(
            membership_id=membership_id,
            person=name,
            person_id=person_id,
            unit_id=unit_id,
            ceremony_on=ceremony_on,
            today=today,
            calendar=calendar,
            settings=config,
            all_watches=all_watches,
        ):
            add(item)
    voted = Dossier.objects.filter(person_id=OuterRef("person_id"), stage__in=VOTED_STAGES)
    candidates = (
        Candidate.objects.filter(candidate_scope, left_on__isnull=True)
        .annotate(certificate=latest_certificate_subquery(), voted=Exists(voted))
        .filter(certificate__isnull=False, voted=False)
    )
    if not all_watches:  # only certificates that expire within the horizon or have expired (the rules decide)
        candidates = candidates.filter(certificate__lte=_certificates_listed_until(today, config))
    rows = candidates.order_by("pk").values_list("pk", "person__full_name", "person_id", "unit_id", "certificate")
    for candidate_id, name, person_id, unit_id, certificate in rows:
        for item in rules.candidate_due(
            candidate_id=candidate_id,
            person=name,
            person_id=person_id,
            unit_id=unit_id,
            certificate_on=certificate,
            today=today,
            calendar=calendar,
            settings=config,
            all_watches=all_watches,
        ):
            add(item)
    # Members whom a decision moves (retirement, a new post) and who have no letter of introduction since: the cell
    # starts the transfer within 60 working days (roll.md).
    letter_since = Transfer.objects.filter(
        membership_id=OuterRef("pk"), kind=TransferKind.OFFICIAL, letter_date__gte=OuterRef("move_decided_on")
    )
    moving = Membership.objects.filter(
        candidate_scope, status__in=[MembershipStatus.PROBATIONARY, MembershipStatus.FULL],
        move_decided_on__isnull=False,
    ).exclude(Exists(letter_since))  # fmt: skip
    rows = moving.order_by("pk").values_list("pk", "person__full_name", "person_id", "unit_id", "move_decided_on")
    for membership_id, name, person_id, unit_id, decided_on in rows:
        for item in rules.transfer_start_due(
            membership_id=membership_id, person=name, person_id=person_id, unit_id=unit_id, decided_on=decided_on,
            today=today, calendar=calendar,
        ):  # fmt: skip
            add(item)
    # Official transfers whose letter awaits receipt: the destination expects the member (roll.md's 30 days).
    transfer_scope = Q() if root is None else subtree_q(root.path, "destination__path")
    if acting is not None:
        transfer_scope &= Q(destination_id__in=[u.pk for u in acting])
    transfers = Transfer.objects.filter(
        transfer_scope, kind=TransferKind.OFFICIAL, state=TransferState.ISSUED, destination__isnull=False
    )
    rows = transfers.order_by("pk").values_list(
        "pk", "membership__person__full_name", "membership__person_id", "destination_id", "letter_date"
    )
    for transfer_id, name, person_id, destination_id, letter_date in rows:
        for item in rules.transfer_due(
            transfer_id=transfer_id,
            person=name,
            person_id=person_id,
            destination_id=destination_id,
            letter_date=letter_date,
            today=today,
            calendar=calendar,
        ):
            add(item)
    return sorted(entries, key=lambda e: rules.urgency_key(e.item))


def _usable(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.unit_id is not None)


def entry_for_user(entry: Entry, user) -> str | None:
    """Why `entry` is in the user's queue: "own" (the user's unit acts and the user has a role that acts),
    "escalated" (overdue too long at the unit just below the user's), or None."""
    if entry.unit.pk == user.unit_id and user.has_role(*ACTOR_ROLES[entry.item.actor]):
        return "own"
    if entry.escalated and entry.unit.parent_id == user.unit_id and user.has_role(*ESCALATION_ROLES):
        return "escalated"
    return None


def user_queue(*, user, today: datetime.date | None = None, calendar: WorkingCalendar | None = None) -> list[Entry]:
    """Việc cần làm: the due items of the unit the user acts for, and those escalated from the units just below,
    most urgent first. Refreshes the navigation count."""
    if not _usable(user) or not user.has_role(*ACTING_ROLES):
        return []
    acting = [user.unit, *Unit.objects.filter(parent=user.unit)]  # the user's unit, and those it follows up
    entries = [
        e for e in due_entries(root=user.unit, today=today, calendar=calendar, acting=acting) if entry_for_user(e, user)
    ]
    cache.set(_count_key(user, today or timezone.localdate()), len(entries), COUNT_CACHE_SECONDS)
    return entries


GENERATION_KEY = "reminders:generation"


def data_changed() -> None:
    """A dossier, candidate or certificate changed: the cached queue counts no longer hold (reminders.apps)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def _count_key(user, today: datetime.date) -> str:
    generation = cache.get(GENERATION_KEY, 0)
    return f"reminders:queue-count:{generation}:{user.pk}:{today.isoformat()}"


def queue_count(*, user) -> int:
    """The number of items in the user's queue, for the navigation; kept for two minutes or until a dossier,
    candidate or certificate changes (the queue page itself is always computed afresh and refreshes it)."""
    if not _usable(user):
        return 0
    count = cache.get(_count_key(user, timezone.localdate()))
    if count is None:
        count = len(user_queue(user=user))
    return count


def queue_count_forget(*, user) -> None:
    cache.delete(_count_key(user, timezone.localdate()))


def unread_count(*, user) -> int:
    """Unread messages in the user's inbox, for the navigation; kept for two minutes, forgotten when the user reads
    them or a digest arrives (in this process)."""
    if not _usable(user):
        return 0
    from .models import Notification

    key = f"reminders:unread:{user.pk}"
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(user=user, read_at__isnull=True).count()
        cache.set(key, count, COUNT_CACHE_SECONDS)
    return count


def unread_count_forget(*, user) -> None:
    cache.delete(f"reminders:unread:{user.pk}")


def calendar_entries(
    *,
    user,
    unit: Unit | None = None,
    start: datetime.date | None = None,
    days: int = 92,
    calendar: WorkingCalendar | None = None,
    today: datetime.date | None = None,
) -> list[Entry]:
    """The coming ceremonies, votes, decisions and ends of probation of the user's units (or of `unit`, which the
    caller has checked the user may see), from `start` for `days` days, by date."""
    if not _usable(user):
        return []
    today = today or timezone.localdate()
    start = start or today
    end = start + datetime.timedelta(days=days)
    root = unit or user.unit
    return [
        e
        for e in due_entries(root=root, today=today, calendar=calendar, all_watches=True)
        if e.item.subject in ("dossier", "member") and e.item.kind != "papers_fresh" and start <= e.item.due <= end
    ]


# ---------------------------------------------------------------- stalled work


@dataclass(frozen=True)
class StalledWork:
    dossiers: list[tuple[Dossier, int]]  # the dossier and the days since its last move
    candidates: list[Candidate]
    units: list[tuple[Unit, int]]  # the unit and its quota this year


def stalled_work(*, user, today: datetime.date | None = None) -> StalledWork:
    """For the staff and committees of a unit: stalled work in the units below it (not its own). Candidates in the
    pool for more than PTDV_STALLED_POOL_MONTHS without any awareness course nor dossier; open dossiers without a
    move for more than PTDV_STALLED_DOSSIER_DAYS days; units below with a quota this year and nobody on the way."""
    if not _usable(user) or not user.has_role(*STALLED_ROLES):
        return StalledWork([], [], [])
    from ptdv.quotas.models import Quota
    from ptdv.training.models import CourseKind, Enrolment

    today = today or timezone.localdate()
    root = user.unit
    below = subtree_q(root.path, "unit__path")
    dossiers = []
    for dossier in (
        Dossier.objects.filter(below, stage__in=OPEN_STAGES)
        .exclude(unit=root)
        .select_related("person", "unit")
        .order_by("opened_on", "pk")
    ):
        idle = rules.dossier_stalled_days(dossier, today, settings.PTDV_STALLED_DOSSIER_DAYS)
        if idle is not None:
            dossiers.append((dossier, idle))
    dossiers.sort(key=lambda row: -row[1])
    course = Enrolment.objects.filter(person_id=OuterRef("person_id"), course__kind=CourseKind.AWARENESS)
    any_dossier = Dossier.objects.filter(person_id=OuterRef("person_id"), stage__in=OPEN_STAGES)
    candidates = [
        c
        for c in Candidate.objects.filter(below, left_on__isnull=True)
        .exclude(unit=root)
        .annotate(has_course=Exists(course), has_dossier=Exists(any_dossier))
        .select_related("person", "unit")
        .order_by("entered_on", "pk")
        if rules.candidate_stalled(
            entered_on=c.entered_on,
            has_course=c.has_course,
            has_dossier=c.has_dossier,
            today=today,
            months=settings.PTDV_STALLED_POOL_MONTHS,
        )
    ]

    def prefixes(paths) -> set[str]:
        step = unit_rules.PATH_STEP
        return {path[:end] for path in set(paths) for end in range(step, len(path) + 1, step)}

    with_dossiers = prefixes(Dossier.objects.filter(below, stage__in=OPEN_STAGES).values_list("unit__path", flat=True))
    with_candidates = prefixes(
        Candidate.objects.filter(below, left_on__isnull=True).values_list("unit__path", flat=True)
    )
    units = [
        (q.unit, q.quota)
        for q in Quota.objects.filter(below, year=today.year, quota__gt=0)
        .exclude(unit=root)
        .select_related("unit")
        .order_by("unit__path")
        if rules.pipeline_empty(
            quota=q.quota,
            open_dossiers=int(q.unit.path in with_dossiers),
            candidates=int(q.unit.path in with_candidates),
        )
    ]
    return StalledWork(dossiers, candidates, units)
