"""The outcome figures of new members (roll.md, "Follow-up of new members"; the seeds' "100% đảng viên mới kết nạp
được giới thiệu về sinh hoạt tại chi bộ nơi cư trú đúng thời gian quy định", "hàng năm đều được đánh giá, xếp loại"):
for the members admitted in a period under a unit — the cohort the admissions report counts (decision date in the
period, in the cells that stood in the unit's subtree at its end) — their introduction to the residence cell, their
ratings by year, and how their probation ended. Grouped in SQL: a handful of queries whatever the cohort's size."""

import datetime
from collections import Counter

from django.db.models import Count, F, Min, Q
from django.utils import timezone

from ptdv.admission.deadlines import RECOGNITION_CELL_DAYS, RECOGNITION_DECISION_DAYS
from ptdv.admission.models import Dossier
from ptdv.calendar.rules import WorkingCalendar
from ptdv.calendar.selectors import working_calendar
from ptdv.membership.models import Membership, MembershipStatus
from ptdv.people.rules import add_months
from ptdv.reports.models import AdmissionRecord
from ptdv.reports.rules import percent
from ptdv.reports.selectors import UnitNotInTree, placement_of
from ptdv.units.models import Unit, UnitPlacement, subtree_q

from . import rules
from .models import Rating, ResidenceExemption, ResidenceLiaison
from .selectors import work_unit_ids
from .services import followup_settings

LEFT = (
    MembershipStatus.DIED,
    MembershipStatus.EXPELLED,
    MembershipStatus.RESIGNED,
    MembershipStatus.TRANSFERRED_OUT,
)
# Recognition is on time when decided within the cell's 30 and the committee's 30 working days after probation
# (294-QĐ/TW §4.2, 29-QĐ/TW §4.2).
RECOGNITION_DAYS = RECOGNITION_CELL_DAYS + RECOGNITION_DECISION_DAYS
NAMES_LIMIT = 200


def _share(count: int, whole: int) -> dict:
    return {"count": count, "percent": percent(count, whole)}


def cohort_of(*, unit: Unit, date_from: datetime.date, date_to: datetime.date):
    path = placement_of(unit, date_to)
    if path is None:
        raise UnitNotInTree(unit.code)
    placed = UnitPlacement.objects.subtree_on(path, date_to).values("unit_id")
    # A cell closed during the period counts where it stood on its last day (statistics.md, as the report does).
    closed = (
        UnitPlacement.objects.filter(subtree_q(path), unit__valid_to__gte=date_from, unit__valid_to__lt=date_to,
                                     valid_from__lte=F("unit__valid_to"))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=F("unit__valid_to"))).values_list("unit_id", flat=True)
    )  # fmt: skip
    closed = list(closed)  # rare: read once, so that the cohort stays one indexed subquery
    units = Q(unit_id__in=placed) | Q(unit_id__in=closed) if closed else Q(unit_id__in=placed)
    return AdmissionRecord.objects.filter(units, decision_date__range=(date_from, date_to))


def _residence(cohort, unit: Unit, today, calendar, config, names: bool) -> dict:
    """Hash joins rather than a subquery per member: the cohort's rows, the first letter of each member since
    admission, and the exemptions, each read once and matched in Python."""
    work = work_unit_ids(unit)
    ids = cohort.values("membership_id")
    first_letter = dict(
        ResidenceLiaison.objects.filter(membership_id__in=ids, letter_date__gte=F("membership__decision_date"))
        .values("membership_id").annotate(first=Min("letter_date")).values_list("membership_id", "first")
    )  # fmt: skip
    exempt = {
        membership_id
        for membership_id, valid_to, decided in ResidenceExemption.objects.filter(membership_id__in=ids).values_list(
            "membership_id", "valid_to", "membership__decision_date"
        )
        if valid_to is None or valid_to >= decided
    }
    rows = cohort.values_list("membership_id", "unit_id", "decision_date", "membership__ceremony_date")
    counts = Counter()
    listed = {"late": [], "not_yet": []}
    due_cache: dict[datetime.date, datetime.date] = {}
    table = rules.WorkingDays(calendar)
    for membership_id, unit_id, decided, ceremony in rows.iterator(chunk_size=5000):
        if unit_id not in work:
            continue
        counts["required"] += 1
        first = first_letter.get(membership_id)
        if first is None and membership_id in exempt:
            counts["exempt"] += 1
            continue
        start = ceremony or decided
        due = due_cache.get(start)
        if due is None:
            due = due_cache[start] = table.add(start, config.introduction_days)
        state = rules.introduction_state(due, first, today)
        counts[state] += 1
        if names and state in (rules.LATE, rules.OVERDUE):
            listed["late" if state == rules.LATE else "not_yet"].append(membership_id)
    expected = counts["required"] - counts["exempt"]
    not_yet = counts[rules.NOT_YET] + counts[rules.OVERDUE]
    figures = {
        "required": counts["required"],
        "exempt": counts["exempt"],
        "expected": expected,
        "on_time": _share(counts[rules.ON_TIME], expected),
        "late": _share(counts[rules.LATE], expected),
        "not_yet": {**_share(not_yet, expected), "overdue": counts[rules.OVERDUE]},
    }
    if names:
        figures["names"] = {key: _names(ids) for key, ids in listed.items()}
    return figures


def _names(ids: list[int]) -> list[dict]:
    rows = Membership.objects.filter(pk__in=ids[:NAMES_LIMIT]).values_list("pk", "person__full_name", "unit__name")
    return sorted(({"member_id": pk, "name": name, "cell": cell} for pk, name, cell in rows), key=lambda r: r["name"])


def _ratings(cohort, admitted_on, ended_on, date_from, date_to, today, config) -> list[dict]:
    bands = Counter()
    for year, band, count in (
        Rating.objects.filter(period="year", membership_id__in=cohort.values("membership_id"))
        .values("year", "band").annotate(n=Count("pk")).values_list("year", "band", "n")
    ):  # fmt: skip
        bands[year, band] += count
    last = min(today.year, max([date_to.year, *(year for year, _band in bands)]))
    years = []
    for year in range(date_from.year, last + 1):
        end = datetime.date(year, 12, 31)
        if not any(bands[year, band] for band in rules.BANDS):
            continue  # no rating recorded that year (not due yet, or a past loaded without its ratings)
        on_roll = sum(n for day, n in admitted_on.items() if day <= end)
        on_roll -= sum(n for day, n in ended_on.items() if day <= end)
        if on_roll <= 0:
            continue
        too_new = sum(
            n for day, n in admitted_on.items() if day <= end and not rules.rated(day, year, "year", config.min_months)
        )
        rated = sum(bands[year, band] for band in rules.BANDS)
        row = {"year": year, "members": on_roll}
        row.update({band: _share(bands[year, band], on_roll) for band in rules.BANDS})
        row["reviewed_not_rated"] = too_new
        row["not_recorded"] = max(0, on_roll - rated - too_new)
        years.append(row)
    return years


def _members(cohort) -> tuple[list[tuple], Counter, Counter]:
    """The cohort's members grouped by what the figures need, in one query: (status, ceremony, full member date,
    ended on, decision date, count); and the admissions and departures per day."""
    groups = list(
        cohort.values("membership__status", "membership__ceremony_date", "membership__full_member_date",
                      "membership__ended_on", "decision_date")
        .annotate(n=Count("pk"))
        .values_list("membership__status", "membership__ceremony_date", "membership__full_member_date",
                     "membership__ended_on", "decision_date", "n")
    )  # fmt: skip
    admitted_on, ended_on = Counter(), Counter()
    for _status, _ceremony, _full, ended, decided, count in groups:
        admitted_on[decided] += count
        if ended is not None:
            ended_on[ended] += count
    return groups, admitted_on, ended_on


def _probation(cohort, groups, today, calendar) -> dict:
    counts = Counter()
    table = rules.WorkingDays(calendar)
    for status, ceremony, full_on, _ended, _decided, count in groups:
        if full_on is not None:
            counts["full"] += count
        if status == MembershipStatus.PROBATIONARY:
            counts["probationary"] += count
            if ceremony and today > table.add(add_months(ceremony, 12), RECOGNITION_DAYS):
                counts["probation_overdue"] += count
        elif status == MembershipStatus.STRUCK_OFF:
            counts["struck_off"] += count
        elif status in LEFT:
            counts["left"] += count
    # Recognised late: the recognition decision of the member's dossier more than the cell's and the committee's
    # working days after the end of probation. Members loaded with the roll, without a dossier, count as on time.
    recognised = (
        Dossier.objects.filter(person_id__in=cohort.values("membership__person_id"))
        .filter(recognition_decision_on__isnull=False, ceremony_on__isnull=False)
        .values("ceremony_on", "recognition_decision_on").annotate(n=Count("pk"))
        .values_list("ceremony_on", "recognition_decision_on", "n")
    )  # fmt: skip
    for ceremony, decided, count in recognised:
        if decided > table.add(add_months(ceremony, 12), RECOGNITION_DAYS):
            counts["full_late"] += count
    return {
        "full": counts["full"],
        "full_on_time": counts["full"] - min(counts["full_late"], counts["full"]),
        "full_late": min(counts["full_late"], counts["full"]),
        "probationary": counts["probationary"],
        "probation_overdue": counts["probation_overdue"],
        "struck_off": counts["struck_off"],
        "left": counts["left"],
    }


def outcome_figures(
    *,
    unit: Unit,
    date_from: datetime.date,
    date_to: datetime.date,
    today: datetime.date | None = None,
    calendar: WorkingCalendar | None = None,
    names: bool = False,
) -> dict:
    """The outcome figures as a JSON-ready dict: `admitted` (the cohort), `residence` (introduced on time, late, not
    yet — percentages of those expected, i.e. required minus exempt; `names` of the late and not yet when asked, for
    the unit's own staff), `ratings` (per year: the members of the cohort on the roll at its end, each band, those
    reviewed not rated, those with no rating recorded) and `probation` (recognised on time or late, still on
    probation and how many overdue, struck off, left). Raises UnitNotInTree like the admissions report."""
    today = today or timezone.localdate()
    calendar = calendar or working_calendar()
    config = followup_settings()
    cohort = cohort_of(unit=unit, date_from=date_from, date_to=date_to)
    groups, admitted_on, ended_on = _members(cohort)
    return {
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "term": (date_to - date_from).days > 366,
        "admitted": sum(admitted_on.values()),
        "residence": _residence(cohort, unit, today, calendar, config, names),
        "ratings": _ratings(cohort, admitted_on, ended_on, date_from, date_to, today, config),
        "probation": _probation(cohort, groups, today, calendar),
    }


def own_staff(request, unit: Unit) -> bool:
    """The names of the late and not yet introduced are for the unit's own staff (its organisation work), not for
    the units above reading its report."""
    user = request.user
    return bool(user.is_authenticated and user.unit_id == unit.pk and user.has_role("staff", "admin"))


def without_names(outcomes: dict) -> dict:
    outcomes["residence"].pop("names", None)
    return outcomes
