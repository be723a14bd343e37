"""`ptdv import restructure FILE [--dry-run]` (exchange.md): the dry run writes nothing and lists what would go
where; the import applies the act; a second import changes nothing and says so; bad rows exit 1, nothing written."""

import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from ptdv.exchange.services import import_file
from ptdv.restructuring.models import RestructureAct
from ptdv.units.models import Unit

from .conftest import ACT_DAY, D, make

pytestmark = pytest.mark.django_db
HEADER = ["Mã đơn vị cũ", "Mã đơn vị mới", "Ngày", "Cách thức", "Số quyết định", "Ghi chú"]


def _write(tmp_path, rows, name="act.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    path = tmp_path / name
    workbook.save(path)
    return path


def run(path, *extra):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", "restructure", str(path), *extra, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_dry_run_lists_and_writes_nothing_then_the_import_applies_once(province, tmp_path):
    make(province.district, "P.H.N", "commune", day=D(2026, 11, 22), sector="commune")
    path = _write(tmp_path, [
        HEADER,
        ["p.h.a", "P.H.N", "01/07/2025", "Hợp nhất", "12-QĐ/TU", ""],
        [" P.H.B ", "P.H.N", "2025-07-01", "", "12-QĐ/TU", ""],
    ])  # fmt: skip
    code, out, err = run(path, "--dry-run")
    assert code == 0, err
    assert "P.H.A → P.H.N: 2 unit(s) (P.H.A.1, P.H.A.2)" in out or "P.H.A → P.H.N" in out
    assert "P.H.B → P.H.N" in out
    assert Unit.objects.get(code="P.H.A").valid_to is None and RestructureAct.objects.count() == 0

    code, out, err = run(path)
    assert code == 0, err
    assert Unit.objects.get(code="P.H.A").successor.code == "P.H.N"
    assert Unit.objects.get(code="P.H.A.1").parent.code == "P.H.N"
    assert RestructureAct.objects.get().decision_number == "12-QĐ/TU"

    code, out, err = run(path)
    assert code == 0
    assert RestructureAct.objects.count() == 1
    assert "0" in out and err  # a warning: already applied


def test_move_rows_and_a_split(province, tmp_path):
    """The district's communes are placed under the province (move), then the district merged into it."""
    path = _write(tmp_path, [
        HEADER,
        ["P.H.A", "P", "01/07/2025", "Chuyển", "", ""],
        ["P.H.B", "P.K", "01/07/2025", "move", "", ""],
        ["P.H", "P", "01/07/2025", "merge", "", ""],
    ])  # fmt: skip
    code, _out, err = run(path)
    assert code == 0, err
    assert Unit.objects.get(code="P.H.A").parent.code == "P"
    assert Unit.objects.get(code="P.H.B").parent.code == "P.K"
    assert Unit.objects.get(code="P.H").valid_to == D(2025, 6, 30)
    assert Unit.objects.get(code="P.H.A").valid_to is None


def test_bad_rows_exit_1_with_every_problem_and_nothing_written(province, tmp_path):
    path = _write(tmp_path, [
        HEADER,
        ["P.H.A", "NOPE", "01/07/2025", "", "", ""],
        ["P.H.B", "P.H.A", "02/07/2025", "", "", ""],
        ["P.H.B", "P.K", "01/07/2025", "xóa", "", ""],
    ])  # fmt: skip
    code, _out, err = run(path, "--dry-run")
    assert code == 1
    lines = err.strip().splitlines()
    assert any(line.startswith('dòng 2, cột "Mã đơn vị mới"') for line in lines)
    assert any(line.startswith('dòng 3, cột "Ngày"') for line in lines)
    assert any(line.startswith('dòng 4, cột "Cách thức"') for line in lines)
    assert Unit.objects.get(code="P.H.A").valid_to is None


def test_users_import_only_acts_over_their_units(province, make_user):
    """A commune's staff may not restructure their own unit nor name another's: the same words as an unknown code."""
    staff = make_user(province.a, "staff")
    stream = io.BytesIO()
    workbook = Workbook()
    for row in (HEADER, ["P.H.A.2", "P.H.A.1", "01/07/2025"], ["P.H.B.1", "P.H.A.1", "01/07/2025"]):
        workbook.active.append(row)
    workbook.save(stream)
    stream.seek(0)
    result = import_file(actor=staff, kind="restructure", file=stream, dry_run=True)
    assert [line for line in result.error_lines() if "dòng 3" in line] == [
        'dòng 3, cột "Mã đơn vị cũ": ' + "Không đơn vị nào bạn quản lý có mã P.H.B.1."
    ] or any("P.H.B.1" in line and "dòng 3" in line for line in result.error_lines())
    assert not any("Đơn vị P.H.B.1" in line for line in result.error_lines())  # never the unit's name
    assert ACT_DAY  # the fixture's act day is the file's
