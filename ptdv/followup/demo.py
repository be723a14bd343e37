"""The follow-up in the demo province: two years of ratings of every cell (the last two years), residence letters
for the new members of agencies, enterprises and schools — on time, except in xã Tân An, whose school cell
introduces its new members late or not at all — a few exemptions (students away, mobile work), last year's
comments from the residence cells, and two strike-off proposals. Every write goes through the services. Safe to
run again: nothing is added once the demo has ratings."""

import datetime
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ptdv.calendar.selectors import working_calendar
from ptdv.membership.models import Membership
from ptdv.units.models import Unit
from ptdv.units.services import unit_update

from . import rules, services
from .models import Rating
from .selectors import work_unit_ids

# Cells whose members work where the cell is, inside a ward or commune: they are introduced to where they live.
WORK_CELLS = {"Cơ quan phường": "agency", "Trường Tiểu học Tân An": "school"}
LATE_COMMUNE = "BS.TP.TA"  # xã Tân An: its school cell is late with its introductions
RESIDENTIAL = ("Tổ dân phố", "Thôn", "Khu phố")
OUTSIDE = [
    "Chi bộ Tổ dân phố 7, phường Ba Đình, Hà Nội",
    "Chi bộ Thôn 3, xã Hòa Tiến",
    "Chi bộ Khu phố 2, phường Bến Thành",
]


def _set_work_sectors() -> None:
    for unit in Unit.objects.filter(unit_type="cell", sector=""):
        sector = next((s for name, s in WORK_CELLS.items() if unit.name.endswith(name)), None)
        if sector:
            unit_update(
                actor=None, unit=unit, code=unit.code, name=unit.name, unit_type=unit.unit_type, sector=sector,
                may_admit=unit.may_admit, valid_from=unit.valid_from, parent=unit.parent,
                member_count=unit.member_count,
            )  # fmt: skip


def _band(rng: random.Random) -> str:
    roll = rng.random()
    return "excellent" if roll < 0.10 else "good" if roll < 0.82 else "completed" if roll < 0.975 else "not_completed"


def demo_followup_load(*, rng: random.Random) -> int:
    """Returns the ratings written (0 when the demo already has them)."""
    if Rating.objects.exists():
        return 0
    today = timezone.localdate()
    calendar = working_calendar()
    with transaction.atomic():
        _set_work_sectors()
    province = Unit.objects.filter(parent__isnull=True, code="BS").first()
    if province is None:
        return 0
    residential = list(Unit.objects.filter(unit_type="cell", name__regex=r"(Tổ dân phố|Thôn|Khu phố)"))
    late = Unit.objects.filter(code=LATE_COMMUNE).first()
    late_cells = set(Unit.objects.filter(path__startswith=late.path).values_list("pk", flat=True)) if late else set()
    work = work_unit_ids(province)
    config = services.followup_settings()
    members = list(
        Membership.objects.filter(status__in=services.ON_ROLL).select_related("unit", "person").order_by("pk")
    )
    # Residence letters: the work cells' members admitted these last years (older members are loaded with the roll).
    for membership in members:
        if membership.unit_id not in work or membership.admission_unit_id is None:
            continue
        start = membership.ceremony_date or membership.decision_date
        if start.year < today.year - 5:
            continue
        if membership.unit.name.endswith("Sinh viên") and rng.random() < 0.5:
            services.residence_exempt(actor=None, membership=membership, reason="student_away", valid_from=start,
                                      note="")  # fmt: skip
            continue
        if rng.random() < 0.03:
            services.residence_exempt(actor=None, membership=membership, reason="mobile", valid_from=start)
            continue
        due = rules.introduction_deadline(start, calendar, config.introduction_days).due
        if membership.unit_id in late_cells:
            if rng.random() < 0.4:
                continue  # not introduced yet
            letter = due + datetime.timedelta(days=rng.randint(10, 90))
        else:
            letter = start + datetime.timedelta(days=rng.randint(3, 35)) if rng.random() < 0.95 else due + \
                datetime.timedelta(days=rng.randint(3, 20))  # fmt: skip
        if letter > today:
            continue
        place = rng.choice(residential) if residential and rng.random() < 0.8 else None
        try:
            services.residence_introduce(
                actor=None, membership=membership, letter_date=letter, residence_unit=place,
                residence_place="" if place else rng.choice(OUTSIDE),
                letter_number=f"{rng.randint(1, 99)}-GGT/CB",
            )  # fmt: skip
        except ValidationError:
            continue
        if letter.year < today.year and rng.random() < 0.85:
            services.residence_comment_record(
                actor=None, membership=membership, year=today.year - 1, received=True,
                received_on=datetime.date(today.year, 1, rng.randint(5, 28)),
                summary="Gương mẫu thực hiện nghĩa vụ công dân nơi cư trú",
            )  # fmt: skip
    # Two years of ratings, cell by cell, as the cells record them after their year-end meetings.
    written = 0
    by_cell: dict[int, list[Membership]] = {}
    for membership in members:
        by_cell.setdefault(membership.unit_id, []).append(membership)
    struggling = [m for m in members if m.decision_date.year < today.year - 3][:: max(1, len(members) // 4)][:4]
    for year in (today.year - 2, today.year - 1):
        end = datetime.date(year, 12, 31)
        for cell_members in by_cell.values():
            bands = {}
            for m in cell_members:
                if m.decision_date > end or not rules.rated(m.decision_date, year, "year", config.min_months):
                    continue
                bands[m.pk] = ("not_completed" if m in struggling else _band(rng), "")
            if bands:
                result = services.cell_ratings_record(actor=None, cell=cell_members[0].unit, year=year,
                                                      period="year", bands=bands)  # fmt: skip
                written += result.created
    for membership in struggling[:2]:
        services.strike_off_propose(actor=None, membership=membership, proposed_on=today - datetime.timedelta(days=20),
                                    reason="Không hoàn thành nhiệm vụ hai năm liền, bỏ sinh hoạt chi bộ")  # fmt: skip
    return written
