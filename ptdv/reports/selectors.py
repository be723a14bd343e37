"""The admissions report of statistics.md.

Whole months are read from the rollups (each unit's admissions per month and key, counted where the cell stood on
the decision date); the partial months at a period's edges from the admission records. An admission counts where
its cell stood at the end of the period (statistics.md) — or on its last day, for a cell closed during the period:
so when a cell moved during the period, its admissions are taken off the units it left and added to the units it
joined, from its records."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from ptdv.admission.models import Dossier, DossierStage
from ptdv.admission.rules import Stage
from ptdv.membership.models import Membership, MembershipStatus
from ptdv.people.choices import MAJORITY_ETHNIC_GROUP, NO_RELIGION, Sex
from ptdv.people.models import Candidate
from ptdv.quotas.models import Quota, Term, TermQuota
from ptdv.units.history import TreeHistory, moved_units
from ptdv.units.models import Unit, UnitPlacement, subtree_q

from . import rules
from .models import AdmissionRecord, AdmissionRollup

GRASSROOTS_TYPES = ("commune", "ward", "special_zone", "grassroots_committee", "grassroots_cell")
# Stages before the decision, in order, with the date a dossier reached each (for the forecast's conversion).
PIPELINE_STAGES = [
    (DossierStage.OPENED, "opened_on"),
    (Stage.APPLICATION, "application_on"),
    (Stage.INTRODUCTION, "introduced_on"),
    (Stage.VERIFICATION, "verification_on"),
    (Stage.COMMENTS, "comments_on"),
    (Stage.CELL_VOTE, "cell_vote_on"),
    (Stage.COMMITTEE_VOTE, "committee_vote_on"),
]
PROBATION_STAGES = [Stage.DECISION, Stage.CEREMONY, Stage.RECOGNITION_CELL_VOTE, Stage.RECOGNITION_COMMITTEE_VOTE]
MIN_HISTORY = 5  # finished dossiers a stage needs before its own conversion rate is used


class UnitNotInTree(Exception):
    """The unit did not stand in the tree on the day asked (not yet created, or closed)."""


def placement_of(unit: Unit, day: datetime.date) -> str | None:
    """The unit's path on `day` (None when it did not stand in the tree that day)."""
    return UnitPlacement.objects.on(day).filter(unit=unit).values_list("path", flat=True).first()


def _chunks(items: list, size: int = 2000):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class Figures:
    """What a period counts: `counts` by rollup key for the unit itself, `totals` the admitted of other units."""

    counts: Counter
    totals: Counter


def period_figures(*, unit: Unit, date_from: datetime.date, date_to: datetime.date, targets=()) -> Figures:
    """Admissions decided in [from, to] under `unit` — every key — and under each of `targets` (totals only)."""
    ids = {unit.pk, *targets}
    counts, totals = Counter(), Counter()

    def add(unit_ids, keys: Counter, sign: int = 1) -> None:
        for unit_id in unit_ids:
            if unit_id == unit.pk:
                counts.update({key: sign * value for key, value in keys.items()})
            if unit_id in ids:
                totals[unit_id] += sign * keys["total"]

    own_paths = list(
        UnitPlacement.objects.filter(unit=unit).overlapping(date_from, date_to).values_list("path", flat=True)
    )
    whole, edges = rules.split_period(date_from, date_to)
    history = TreeHistory()
    if whole:
        rollups = AdmissionRollup.objects.filter(month__range=whole)
        own = rollups.filter(unit=unit).values_list("key").annotate(value=Sum("value"))
        counts.update(dict(own.values_list("key", "value")))
        for chunk in _chunks(ids - {unit.pk}):
            rows = rollups.filter(unit_id__in=chunk, key="total").values_list("unit_id").annotate(value=Sum("value"))
            totals.update(dict(rows.values_list("unit_id", "value")))
        # Cells that moved during the period: from where they stood on the decision date to where they stand at the end.
        moved = moved_units(own_paths, date_from, date_to)
        whole_to = rules.month_end(whole[1])
        for chunk in _chunks(moved):
            records = _light(
                AdmissionRecord.objects.filter(unit_id__in=chunk, decision_date__range=(whole[0], whole_to))
            )
            _move_counts(records, date_to, history, add)
    if edges and own_paths:
        under = Q()
        for path in own_paths:
            under |= subtree_q(path)
        cells = UnitPlacement.objects.filter(under).overlapping(date_from, date_to)
        for edge_from, edge_to in edges:
            records = _light(
                AdmissionRecord.objects.filter(
                    unit_id__in=cells.values("unit_id"), decision_date__range=(edge_from, edge_to)
                )
            )
            history.load_units(record.unit_id for record in records)
            where = history.ancestors_on((r.unit_id, _counted_on(history, r.unit_id, date_to)) for r in records)
            for record in records:
                add(where[(record.unit_id, _counted_on(history, record.unit_id, date_to))], _keys(record))
    totals[unit.pk] = counts.get("total", 0)
    return Figures(counts, totals)


LIGHT_FIELDS = ["unit_id", "decision_date", "occupation", "age", "struck_off", *rules.CATEGORIES]


@dataclass(frozen=True, slots=True)
class LightRecord:
    """What the report needs of an admission record, read as a plain row (thousands at a period's edges)."""

    unit_id: int
    decision_date: datetime.date
    occupation: str
    age: int
    struck_off: bool
    categories: frozenset


def _light(records) -> list[LightRecord]:
    rows = records.order_by().values_list(*LIGHT_FIELDS)
    count = len(rules.CATEGORIES)
    return [
        LightRecord(
            *row[:5], frozenset(code for code, flag in zip(rules.CATEGORIES, row[5 : 5 + count], strict=True) if flag)
        )
        for row in rows
    ]


def _keys(record: LightRecord) -> Counter:
    return rules.keys_of(
        rules.AdmissionFacts(
            decision_date=record.decision_date,
            occupation=record.occupation,
            age=record.age,
            categories=record.categories,
            struck_off=record.struck_off,
        )
    )


def _counted_on(history: TreeHistory, unit_id: int, end: datetime.date) -> datetime.date:
    """The day whose tree an admission counts in: the period's end, or the cell's last day if it closed before."""
    last = history.last_day(unit_id)
    return min(end, last) if last else end


def _move_counts(records: list[LightRecord], end: datetime.date, history: TreeHistory, add) -> None:
    """Take the records' admissions off the units above their cells on the decision date and add them to the units
    above on the day they count (the rollups hold the former)."""
    history.load_units(record.unit_id for record in records)
    decided = history.ancestors_on((record.unit_id, record.decision_date) for record in records)
    counted = history.ancestors_on((record.unit_id, _counted_on(history, record.unit_id, end)) for record in records)
    for record in records:
        before = decided[(record.unit_id, record.decision_date)]
        after = counted[(record.unit_id, _counted_on(history, record.unit_id, end))]
        if before != after:
            keys = _keys(record)
            add(before, keys, -1)
            add(after, keys)


def children_on(*, unit: Unit, path: str, day: datetime.date) -> list[int]:
    """The ids of the unit's direct children as the tree stood on `day` (its path then is `path`), in tree order: the
    sub-units a report — and the quota pages, which read the same figures — lists for a period ending that day."""
    below = UnitPlacement.objects.subtree_on(path, day).filter(parent=unit).exclude(unit=unit)
    return list(below.order_by("path").values_list("unit_id", flat=True))


@dataclass(frozen=True)
class Admitted:
    """statistics.md's `admitted` for a unit and a period, and for each of its direct children (unit, admitted) as
    the tree stood at the period's end: what the report, the yearly quota page and the term page all show."""

    admitted: int
    children: list[tuple[Unit, int]]


def admitted_with_children(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> Admitted:
    """The one count of admissions against quotas: decision dates in [from, to], each admission counted where its
    cell stood at the period's end (period_figures: the rollups and admission records). A unit no longer in the
    tree at the end keeps its own count and lists no children."""
    path = placement_of(unit, date_to)
    child_ids = [] if path is None else children_on(unit=unit, path=path, day=date_to)
    figures = period_figures(unit=unit, date_from=date_from, date_to=date_to, targets=child_ids)
    children = sorted(Unit.objects.filter(pk__in=child_ids), key=lambda child: (child.name, child.pk))
    return Admitted(
        admitted=figures.counts.get("total", 0),
        children=[(child, figures.totals.get(child.pk, 0)) for child in children],
    )


def quotas_for(unit_ids, date_from: datetime.date, date_to: datetime.date) -> dict[int, tuple[int, float]]:
    """{unit id: (quota, prorated quota)} for the period: a term's quota when the period is exactly a term and the
    quota is set; otherwise the yearly quotas of the years the period touches (the whole of each), with the share
    of them that falls in the period. Units without a quota are left out. `unit_ids` may be a subquery."""
    result: dict[int, tuple[int, float]] = {}
    term = Term.objects.filter(starts_on=date_from, ends_on=date_to).first()
    if term is not None:
        rows = TermQuota.objects.filter(term=term, unit_id__in=unit_ids).values_list("unit_id", "quota")
        for unit_id, quota in rows:
            result[unit_id] = (quota, float(quota))
    yearly: dict[int, dict[int, int]] = {}
    rows = Quota.objects.filter(unit_id__in=unit_ids, year__in=rules.years_of(date_from, date_to))
    for unit_id, year, quota in rows.values_list("unit_id", "year", "quota"):
        yearly.setdefault(unit_id, {})[year] = quota
    for unit_id, quotas in yearly.items():
        result.setdefault(unit_id, (sum(quotas.values()), rules.prorated_quota(quotas, date_from, date_to)))
    return result


def _core(code: str, name: str, admitted: int, quota: tuple[int, float] | None) -> dict:
    quota = quota[0] if quota else None
    return {
        "code": code,
        "name": name,
        "admitted": admitted,
        "quota": quota,
        "quota_percent": rules.percent(admitted, quota),
    }


def _pipeline(unit: Unit) -> dict:
    """Where the unit's people stand now: the pool, the open dossiers before the decision, those on probation."""
    dossiers = Dossier.objects.filter(subtree_q(unit.path, "unit__path"))
    by_stage = dict(dossiers.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    stages = {"pool": Candidate.objects.filter(subtree_q(unit.path, "unit__path"), left_on__isnull=True).count()}
    for stage, _field in PIPELINE_STAGES:
        stages[str(stage)] = by_stage.get(str(stage), 0)
    stages["probation"] = sum(by_stage.get(str(stage), 0) for stage in PROBATION_STAGES)
    return stages


def _conversion(unit: Unit) -> dict[str, dict]:
    """For each stage before the decision: of the past dossiers that reached it and are finished (decided, or
    withdrawn/rejected), the share that reached the admission decision."""
    finished = Q(decision_on__isnull=False) | Q(stage__in=[DossierStage.WITHDRAWN, DossierStage.REJECTED])
    aggregates = {}
    for stage, field in PIPELINE_STAGES:
        reached = Q(**{f"{field}__isnull": False})
        aggregates[f"{stage}_done"] = Count("pk", filter=reached & finished)
        aggregates[f"{stage}_decided"] = Count("pk", filter=reached & Q(decision_on__isnull=False))
    totals = Dossier.objects.filter(subtree_q(unit.path, "unit__path")).aggregate(**aggregates)
    default = settings.PTDV_FORECAST_DEFAULT_CONVERSION
    result = {}
    for stage, _field in PIPELINE_STAGES:
        done, decided = totals[f"{stage}_done"], totals[f"{stage}_decided"]
        own = done >= MIN_HISTORY
        result[str(stage)] = {"rate": decided / done if own else default, "finished": done, "from_history": own}
    return result


def _forecast(unit: Unit, year: int, today: datetime.date, stages: dict[str, int]) -> dict | None:
    """The year-end total: for a past year what was admitted; for this year, admitted so far plus each stage's open
    dossiers times its conversion rate; none for a future year."""
    if year > today.year or placement_of(unit, min(today, datetime.date(year, 12, 31))) is None:
        return None
    if year < today.year:
        admitted = period_figures(unit=unit, date_from=datetime.date(year, 1, 1), date_to=datetime.date(year, 12, 31))
        total = admitted.counts.get("total", 0)
        return {"year": year, "admitted_so_far": total, "value": total, "rates": {}}
    so_far = period_figures(unit=unit, date_from=datetime.date(year, 1, 1), date_to=today).counts.get("total", 0)
    conversion = _conversion(unit)
    value = rules.forecast_year_end(
        admitted_so_far=so_far,
        pipeline={stage: stages.get(stage, 0) for stage in conversion},
        conversion={stage: data["rate"] for stage, data in conversion.items()},
    )
    return {"year": year, "admitted_so_far": so_far, "value": value, "rates": conversion}


def _lagging(units: dict[int, tuple], totals: Counter, quotas: dict, grassroots: list[int]) -> tuple[list, list]:
    """Units below with a quota, by admitted / prorated quota (lowest first, those behind pace only); and the
    grassroots organisations that admitted nobody."""
    lagging = []
    for unit_id, (quota, prorated) in quotas.items():
        if not prorated or unit_id not in units:
            continue
        admitted = totals.get(unit_id, 0)
        ratio = admitted / prorated * 100
        if ratio < 100:
            code, name, _type = units[unit_id]
            lagging.append(
                {
                    **_core(code, name, admitted, (quota, prorated)),
                    "prorated_quota": prorated,
                    "prorated_percent": ratio,
                }
            )
    lagging.sort(key=lambda row: (row["prorated_percent"], row["code"]))
    none_admitted = [
        {"code": units[unit_id][0], "name": units[unit_id][1], "quota": quotas.get(unit_id, (None,))[0]}
        for unit_id in grassroots
        if not totals.get(unit_id)
    ]
    none_admitted.sort(key=lambda row: row["code"])
    return lagging, none_admitted


def _breakdown(counts: Counter) -> dict:
    admitted = counts.get("total", 0)
    student = sum(counts.get(f"occupation:{code}", 0) for code in rules.STUDENT_OCCUPATIONS)
    return {
        "admitted": admitted,
        "by_category": rules.shares(counts, "category", rules.CATEGORIES),
        "by_occupation": rules.shares(counts, "occupation", rules.OCCUPATIONS),
        "by_age_band": rules.shares(counts, "age_band", rules.AGE_BANDS),
        "average_age": counts["age_sum"] / admitted if admitted else None,
        "student": {"count": student, "percent": rules.percent(student, admitted)},
        "struck_off": counts.get("struck_off", 0),
    }


def admissions_report(
    *, unit: Unit, date_from: datetime.date, date_to: datetime.date, today: datetime.date | None = None
) -> dict:
    """The admissions report of statistics.md for `unit` and [from, to], as a JSON-ready dict (exchange.md keys).

    Raises UnitNotInTree when the unit did not stand in the tree at the end of the period. The caller checks that the
    user may see the unit."""
    today = today or timezone.localdate()
    path = placement_of(unit, date_to)
    if path is None:
        raise UnitNotInTree(unit.code)
    below = UnitPlacement.objects.subtree_on(path, date_to).exclude(unit=unit)
    children = children_on(unit=unit, path=path, day=date_to)
    grassroots = list(below.filter(unit__unit_type__in=GRASSROOTS_TYPES).values_list("unit_id", flat=True))
    quotas = quotas_for(below.values("unit_id"), date_from, date_to)
    own_quota = quotas_for([unit.pk], date_from, date_to).get(unit.pk)
    targets = {*children, *grassroots, *quotas}
    units = {}
    for chunk in _chunks(targets):
        for pk, code, name, unit_type in Unit.objects.filter(pk__in=chunk).values_list(
            "pk", "code", "name", "unit_type"
        ):
            units[pk] = (code, name, unit_type)
    figures = period_figures(unit=unit, date_from=date_from, date_to=date_to, targets=targets)
    report = {
        "unit": {"code": unit.code, "name": unit.name},
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        **_core(unit.code, unit.name, figures.counts.get("total", 0), own_quota),
    }
    del report["code"], report["name"]
    report.update(_breakdown(figures.counts))

    previous_from, previous_to = rules.comparison_period(date_from, date_to, today)
    if placement_of(unit, previous_to) is None:
        report["previous"] = None
    else:
        earlier = period_figures(unit=unit, date_from=previous_from, date_to=previous_to)
        report["previous"] = {"from": previous_from.isoformat(), "to": previous_to.isoformat()}
        report["previous"].update(_breakdown(earlier.counts))
        report["previous"]["change"] = report["admitted"] - report["previous"]["admitted"]
    # The whole previous year, which the seeds compare a half year with ("vượt 8 đồng chí so với cả năm 2022").
    last_year = date_to.year - 1
    if placement_of(unit, datetime.date(last_year, 12, 31)) is None:
        report["previous_year"] = None
    else:
        whole = period_figures(
            unit=unit, date_from=datetime.date(last_year, 1, 1), date_to=datetime.date(last_year, 12, 31)
        )
        report["previous_year"] = {"year": last_year, **_breakdown(whole.counts)}

    report["units"] = [
        _core(units[child][0], units[child][1], figures.totals.get(child, 0), quotas.get(child)) for child in children
    ]
    report["lagging"], report["none_admitted"] = _lagging(units, figures.totals, quotas, grassroots)
    stages = _pipeline(unit)
    report["pipeline"] = {"stages": stages, "forecast": _forecast(unit, date_to.year, today, stages)}
    return report


def monthly_admissions(*, unit: Unit, year: int, today: datetime.date | None = None) -> list[int]:
    """Admissions of each month of `year` under the unit, where the cells stood on the decision dates (the chart;
    the report itself corrects for cells moved since)."""
    months = [0] * 12
    rows = AdmissionRollup.objects.filter(
        unit=unit, key="total", month__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 1))
    )
    for month, value in rows.values_list("month").annotate(value=Sum("value")).values_list("month", "value"):
        months[month.month - 1] = value
    return months


def roll_composition(*, unit: Unit, today: datetime.date | None = None) -> dict:
    """Members on the roll now in the unit's subtree: "Chi bộ có 23 đảng viên, trong đó có 13 đảng viên trẻ"."""
    today = today or timezone.localdate()
    young_born_after = rules.shift_year(today, -(rules.YOUNG_AGE + 1))
    on_roll = Membership.objects.filter(
        subtree_q(unit.path, "unit__path"), status__in=[MembershipStatus.PROBATIONARY, MembershipStatus.FULL]
    )
    totals = on_roll.aggregate(
        total=Count("pk"),
        full=Count("pk", filter=Q(status=MembershipStatus.FULL)),
        probationary=Count("pk", filter=Q(status=MembershipStatus.PROBATIONARY)),
        young=Count("pk", filter=Q(person__birth_date__gt=young_born_after)),
        woman=Count("pk", filter=Q(person__sex=Sex.FEMALE)),
        ethnic_minority=Count("pk", filter=~Q(person__ethnicity=MAJORITY_ETHNIC_GROUP)),
        religious=Count("pk", filter=~Q(person__religion=NO_RELIGION)),
    )
    total = totals["total"]
    return {
        "total": total,
        **{
            key: {"count": value, "percent": rules.percent(value, total)}
            for key, value in totals.items()
            if key != "total"
        },
    }


def term_summary(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """A term's (or any long period's) totals: admissions per year, the organisations by type at the end, the
    courses held and the people trained — "72 tổ chức cơ sở đảng (30 đảng bộ cơ sở, 42 chi bộ cơ sở) ... 12 lớp
    bồi dưỡng nhận thức về Đảng với 655 quần chúng"."""
    from ptdv.training.selectors import course_statistics

    path = placement_of(unit, date_to)
    if path is None:
        raise UnitNotInTree(unit.code)
    per_year = []
    for year in rules.years_of(date_from, date_to):
        start, end = max(date_from, datetime.date(year, 1, 1)), min(date_to, datetime.date(year, 12, 31))
        count = 0
        if placement_of(unit, end) is not None:
            count = period_figures(unit=unit, date_from=start, date_to=end).counts.get("total", 0)
        per_year.append({"year": year, "admitted": count})
    placed = UnitPlacement.objects.subtree_on(path, date_to).exclude(unit=unit)
    by_type = dict(placed.values_list("unit__unit_type").annotate(n=Count("pk")).values_list("unit__unit_type", "n"))
    courses = [
        {"kind": row.kind, "courses": row.courses, "participants": row.participants, "passed": row.passed}
        for row in course_statistics(unit=unit, date_from=date_from, date_to=date_to)
    ]
    return {
        "admitted": sum(row["admitted"] for row in per_year),
        "per_year": per_year,
        "units_by_type": by_type,
        "grassroots": sum(by_type.get(kind, 0) for kind in GRASSROOTS_TYPES),
        "courses": courses,
    }
