"""The pool as an .xlsx workbook in the `people` format of ../shared/domain/exchange.md, so that an export can be
edited and imported back unchanged."""

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from ptdv.core.files import attachment
from ptdv.core.spreadsheets import safe_row
from ptdv.exchange.formats import OCCUPATION_LABELS as EXCHANGE_OCCUPATION_LABELS
from ptdv.exchange.formats import PEOPLE
from ptdv.exchange.formats import SEX_LABELS as EXCHANGE_SEX_LABELS

from .choices import Occupation, Sex
from .models import HelperAssignment

PEOPLE_COLUMNS = [column.header for column in PEOPLE]
# Vietnamese labels of statistics.md, whatever the user's language: the file is a contract (ptdv/exchange).
SEX_LABELS = {Sex(code): label for code, label in EXCHANGE_SEX_LABELS.items()}
OCCUPATION_LABELS = {Occupation(code): label for code, label in EXCHANGE_OCCUPATION_LABELS.items()}


def _yes_no(value: bool) -> str:
    return "Có" if value else "Không"


def pool_rows(candidates):
    """One row per candidate; the first open helper's citizen ID (the format has one helper column)."""
    helpers = {}
    for candidate_id, citizen_id in (
        HelperAssignment.objects.filter(candidate__in=candidates.order_by().values("pk"), ended_on__isnull=True)
        .order_by("assigned_on", "pk")
        .values_list("candidate_id", "helper__citizen_id")
    ):
        helpers.setdefault(candidate_id, citizen_id)
    for candidate in candidates.iterator(chunk_size=2000):
        person = candidate.person
        yield [
            person.full_name,
            person.birth_date.strftime("%d/%m/%Y"),
            SEX_LABELS[person.sex],
            person.citizen_id,
            person.ethnicity,
            person.religion,
            OCCUPATION_LABELS[person.occupation],
            person.general_education,
            _yes_no(person.youth_union),
            _yes_no(person.business_owner),
            candidate.unit.code,
            candidate.entered_on.strftime("%d/%m/%Y"),
            helpers.get(candidate.pk, ""),
        ]


def pool_workbook_response(candidates) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Nguon ket nap")
    sheet.append(safe_row(sheet, PEOPLE_COLUMNS, font=Font(bold=True)))
    for row in pool_rows(candidates):
        sheet.append(safe_row(sheet, row))
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"nguon-ket-nap-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = attachment(name)
    workbook.save(response)
    return response
