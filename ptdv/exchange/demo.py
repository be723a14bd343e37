"""The demo's roll, loaded as an organisation loads its roll: a `members` workbook (exchange.md) through the members
import. Each open cell of the demo province is topped up with full members to the number it declares, so that the
tree, the unit pages, the roll and the reports all say the same figure (issue 15: one member count)."""

import datetime
import io
import random

from dateutil.relativedelta import relativedelta
from django.db.models import Count
from django.utils import timezone
from openpyxl import Workbook

from ptdv.core.names import person_name
from ptdv.membership.models import Membership, MembershipStatus
from ptdv.people.models import Person
from ptdv.units.models import Unit
from ptdv.units.services import unit_update

from .formats import MEMBERS, OCCUPATION_LABELS, SEX_LABELS
from .services import import_file

ID_PREFIX = "037"  # the demo roll's citizen IDs (the pool's start with 035, the history's with 036)
CELL_TYPES = ("cell", "grassroots_cell")
OCCUPATION_OF_SECTOR = {
    "public_service": ["public_employee"],
    "school": ["public_employee"],
    "agency": ["civil_servant_state", "civil_servant_party"],
    "state_enterprise": ["worker", "worker", "enterprise_manager"],
    "non_state_enterprise": ["worker", "worker", "enterprise_manager"],
    "commune": ["farmer", "farmer", "village_staff", "commune_official"],
    "ward": ["village_staff", "commune_official", "other"],
}


def _sector(cell: Unit, units: dict[int, Unit]) -> str:
    unit = cell
    while unit is not None and not unit.sector:
        unit = units.get(unit.parent_id)
    return unit.sector if unit is not None else ""


def _rows(rng: random.Random, cell: Unit, sector: str, count: int, today: datetime.date, used: set[str]):
    occupations = OCCUPATION_OF_SECTOR.get(sector, ["other"])
    for _ in range(count):
        family, given, sex = person_name(rng)
        decided = today - relativedelta(years=rng.randint(4, 30), days=rng.randint(0, 364))
        birth = decided - relativedelta(years=rng.randint(19, 35), days=rng.randint(0, 364))
        ceremony = decided + datetime.timedelta(days=rng.randint(7, 25))
        while True:
            citizen_id = f"{ID_PREFIX}{0 if birth.year < 2000 else 2}{birth.year % 100:02d}{rng.randrange(10**6):06d}"
            if citizen_id not in used:
                used.add(citizen_id)
                break
        values = {
            "full_name": f"{family} {given}",
            "birth_date": birth,
            "sex": SEX_LABELS[sex],
            "citizen_id": citizen_id,
            "ethnicity": "Kinh",
            "occupation": OCCUPATION_LABELS[rng.choice(occupations)],
            "general_education": "12/12",
            "unit_code": cell.code,
            "decision_date": decided,
            "decision_number": f"{rng.randint(10, 300)}-QĐ/ĐU",
            "ceremony_date": ceremony,
            "full_member_date": ceremony + relativedelta(months=12),
        }
        yield [values.get(column.key) for column in MEMBERS]


def demo_roll_import(*, rng: random.Random) -> int:
    """Top every open cell of the demo province up to its declared members, through the members import; returns how
    many members were imported (0 when the roll is already loaded). A cell that already has more members on the
    roll than it declared (admissions recorded by the other demos) declares the roll's count instead."""
    if Person.objects.filter(citizen_id__startswith=ID_PREFIX).exists():
        return 0
    today = timezone.localdate()
    units = {unit.pk: unit for unit in Unit.objects.filter(code__startswith="BS")}
    cells = [unit for unit in units.values() if unit.unit_type in CELL_TYPES and unit.valid_to is None]
    on_roll = dict(
        Membership.objects.filter(unit__in=cells, status__in=[MembershipStatus.PROBATIONARY, MembershipStatus.FULL])
        .values_list("unit")
        .annotate(n=Count("pk"))
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.header for column in MEMBERS])
    used: set[str] = set()
    rows = 0
    for cell in sorted(cells, key=lambda unit: unit.code):
        have = on_roll.get(cell.pk, 0)
        if have > cell.member_count:
            unit_update(
                actor=None, unit=cell, code=cell.code, name=cell.name, unit_type=cell.unit_type, sector=cell.sector,
                may_admit=cell.may_admit, valid_from=cell.valid_from, parent=units.get(cell.parent_id),
                member_count=have,
            )  # fmt: skip
            continue
        for row in _rows(rng, cell, _sector(cell, units), cell.member_count - have, today, used):
            sheet.append(row)
            rows += 1
    if not rows:
        return 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    result = import_file(actor=None, kind="members", file=buffer, file_name="danh-sach-dang-vien-mau.xlsx")
    if not result.ok:  # the demo's own data: a problem here is a bug in this module
        raise RuntimeError("; ".join(result.error_lines()[:5]) or result.file_error)
    return rows
