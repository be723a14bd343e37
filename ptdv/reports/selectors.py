"""The admissions report of statistics.md, read from the monthly rollups (whole months) and the admission records
(the partial months at a period's edges), over the tree as it stood at the end of the period."""

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
from ptdv.units.models import Unit, UnitPlacement, subtree_q
from ptdv.units.rules import PATH_STEP

from . import rules
from .models import AdmissionRecord, AdmissionRollup
from .services import record_facts

GRASSROOTS_TYPES = ("commune", "ward", "grassroots_committee", "grassroots_cell")
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


@dataclass
class Figures:
    """Admission counts of one subtree and period: `counts` by rollup key, `by_unit` the total per cell."""

    counts: Counter
    by_unit: Counter


def placements_on(path: str, day: datetime.date) -> dict[int, str]:
    """{unit id: path} of the units in the subtree at `path` on `day`."""
    return dict(UnitPlacement.objects.subtree_on(path, day).values_list("unit_id", "path"))


def placement_of(unit: Unit, day: datetime.date) -> str | None:
    """The unit's path on `day` (None when it did not stand in the tree that day)."""
    return UnitPlacement.objects.on(day).filter(unit=unit).values_list("path", flat=True).first()


def admission_figures(*, path: str, date_from: datetime.date, date_to: datetime.date, on: datetime.date) -> Figures:
    """Admissions decided in [from, to] in the subtree that stood at `path` on `on`."""
    units = UnitPlacement.objects.subtree_on(path, on).values("unit_id")
    counts, by_unit = Counter(), Counter()
    whole, edges = rules.split_period(date_from, date_to)
    if whole:
        rollups = AdmissionRollup.objects.filter(unit_id__in=units, month__range=whole)
        for key, value in rollups.values_list("key").annotate(value=Sum("value")).values_list("key", "value"):
            counts[key] += value
        totals = rollups.filter(key="total").values_list("unit_id").annotate(value=Sum("value"))
        for unit_id, value in totals.values_list("unit_id", "value"):
            by_unit[unit_id] += value
    for edge_from, edge_to in edges:
        for record in AdmissionRecord.objects.filter(unit_id__in=units, decision_date__range=(edge_from, edge_to)):
            counts.update(rules.keys_of(record_facts(record)))
            by_unit[record.unit_id] += 1
    return Figures(counts, by_unit)


def quotas_for(unit_ids: list[int], date_from: datetime.date, date_to: datetime.date) -> dict[int, tuple[int, float]]:
    """{unit id: (quota, prorated quota)} for the period: a term's quota when the period is exactly a term and the
    quota is set; otherwise the yearly quotas of the years the period touches (the whole of each), with the share
    of them that falls in the period. Units without a quota are left out."""
    result: dict[int, tuple[int, float]] = {}
    term = Term.objects.filter(starts_on=date_from, ends_on=date_to).first()
    if term is not None:
        for unit_id, quota in TermQuota.objects.filter(term=term, unit_id__in=unit_ids).values_list("unit_id", "quota"):
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


def _subtree_totals(placements: dict[int, str], by_unit: Counter) -> Counter:
    """{path: admitted in the subtree at that path}: each cell's count added to all its ancestors' paths."""
    totals = Counter()
    for unit_id, count in by_unit.items():
        path = placements.get(unit_id)
        if path is None:
            continue
        for end in range(PATH_STEP, len(path) + 1, PATH_STEP):
            totals[path[:end]] += count
    return totals


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
    if year > today.year:
        return None
    path = placement_of(unit, min(today, datetime.date(year, 12, 31)))
    if path is None:
        return None
    if year < today.year:
        year_end = datetime.date(year, 12, 31)
        figures = admission_figures(path=path, date_from=datetime.date(year, 1, 1), date_to=year_end, on=year_end)
        return {"year": year, "admitted_so_far": figures.counts["total"], "value": figures.counts["total"], "rates": {}}
    so_far = admission_figures(path=path, date_from=datetime.date(year, 1, 1), date_to=today, on=today)
    conversion = _conversion(unit)
    pipeline = {stage: stages.get(stage, 0) for stage in conversion}
    value = rules.forecast_year_end(
        admitted_so_far=so_far.counts["total"],
        pipeline=pipeline,
        conversion={stage: data["rate"] for stage, data in conversion.items()},
    )
    return {"year": year, "admitted_so_far": so_far.counts["total"], "value": value, "rates": conversion}


def _lagging(
    placements: dict[int, str], by_unit: Counter, date_from, date_to, units: dict[int, Unit], root_id: int
) -> tuple[list[dict], list[dict]]:
    """Units below the root with a quota, by admitted / prorated quota (lowest first, those behind pace only); and
    the grassroots organisations that admitted nobody."""
    totals = _subtree_totals(placements, by_unit)
    below = [unit_id for unit_id in placements if unit_id != root_id]
    quotas = quotas_for(below, date_from, date_to)
    lagging = []
    for unit_id, unit_quotas in quotas.items():
        prorated = unit_quotas[1]
        if not prorated:
            continue
        admitted = totals[placements[unit_id]]
        ratio = admitted / prorated * 100
        if ratio < 100:
            unit = units[unit_id]
            lagging.append(
                {
                    **_core(unit.code, unit.name, admitted, unit_quotas),
                    "prorated_quota": prorated,
                    "prorated_percent": ratio,
                }
            )
    lagging.sort(key=lambda row: (row["prorated_percent"], row["code"]))
    none_admitted = []
    for unit_id in below:
        unit = units[unit_id]
        if unit.unit_type in GRASSROOTS_TYPES and totals[placements[unit_id]] == 0:
            none_admitted.append({"code": unit.code, "name": unit.name, "quota": quotas.get(unit_id, (None,))[0]})
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
    placements = placements_on(path, date_to)
    units = Unit.objects.in_bulk(list(placements))
    figures = admission_figures(path=path, date_from=date_from, date_to=date_to, on=date_to)
    children = sorted(
        (unit_id for unit_id, child_path in placements.items() if len(child_path) == len(path) + PATH_STEP),
        key=lambda unit_id: placements[unit_id],
    )
    quotas = quotas_for([unit.pk, *children], date_from, date_to)
    totals = _subtree_totals(placements, figures.by_unit)
    report = {
        "unit": {"code": unit.code, "name": unit.name},
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        **_core(unit.code, unit.name, figures.counts.get("total", 0), quotas.get(unit.pk)),
    }
    del report["code"], report["name"]
    report.update(_breakdown(figures.counts))

    previous_from, previous_to = rules.previous_period(date_from, date_to)
    previous_path = placement_of(unit, previous_to)
    if previous_path is None:
        report["previous"] = None
    else:
        earlier = admission_figures(path=previous_path, date_from=previous_from, date_to=previous_to, on=previous_to)
        report["previous"] = {"from": previous_from.isoformat(), "to": previous_to.isoformat()}
        report["previous"].update(_breakdown(earlier.counts))
        report["previous"]["change"] = report["admitted"] - report["previous"]["admitted"]
    # The whole previous year, which the seeds compare a half year with ("vượt 8 đồng chí so với cả năm 2022").
    last_year = date_to.year - 1
    last_year_end = datetime.date(last_year, 12, 31)
    last_year_path = placement_of(unit, last_year_end)
    if last_year_path is not None:
        whole = admission_figures(
            path=last_year_path, date_from=datetime.date(last_year, 1, 1), date_to=last_year_end, on=last_year_end
        )
        report["previous_year"] = {"year": last_year, **_breakdown(whole.counts)}
    else:
        report["previous_year"] = None

    report["units"] = [
        _core(units[child].code, units[child].name, totals[placements[child]], quotas.get(child)) for child in children
    ]
    report["lagging"], report["none_admitted"] = _lagging(
        placements, figures.by_unit, date_from, date_to, units, unit.pk
    )
    stages = _pipeline(unit)
    report["pipeline"] = {"stages": stages, "forecast": _forecast(unit, date_to.year, today, stages)}
    return report


def monthly_admissions(*, unit: Unit, year: int, today: datetime.date | None = None) -> list[int]:
    """Admissions of each month of `year` in the unit's subtree (as it stood at the year's end, or today)."""
    today = today or timezone.localdate()
    on = min(datetime.date(year, 12, 31), today)
    path = placement_of(unit, on)
    months = [0] * 12
    if path is None:
        return months
    units = UnitPlacement.objects.subtree_on(path, on).values("unit_id")
    rows = AdmissionRollup.objects.filter(
        unit_id__in=units, key="total", month__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 1))
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
        year_path = placement_of(unit, end)
        count = 0
        if year_path is not None:
            count = admission_figures(path=year_path, date_from=start, date_to=end, on=end).counts.get("total", 0)
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
