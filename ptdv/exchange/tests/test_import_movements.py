"""The `movements` import of exchange.md: rows applied in date order through the roll's rules, all or nothing,
idempotent (person, kind and date), scoped, errors by row and column; an arrival from outside the system with the
`members` columns; and the members export/import keeps a member's current status."""

import datetime

import pytest

from ptdv.accounts.services import user_create
from ptdv.exchange.export import member_rows
from ptdv.exchange.formats import MEMBERS
from ptdv.exchange.services import import_file
from ptdv.membership.models import Membership, RollEvent
from ptdv.membership.selectors import roll_on
from ptdv.reports.movements import movements_report

from .conftest import xlsx
from .test_imports import full_member, run

pytestmark = pytest.mark.django_db
D = datetime.date
HEADER = ["Số CCCD", "Loại biến động", "Ngày", "Mã đơn vị", "Nơi đến / nơi đi", "Số văn bản", "Ngày văn bản",
          "Ghi chú"]  # fmt: skip


def test_movements_are_applied_in_date_order_and_a_second_import_changes_nothing(tree, write_xlsx):
    full_member(tree, "001080000011")
    full_member(tree, "001080000012")
    path = write_xlsx([
        HEADER,
        ["001080000011", "Từ trần", "10/05/2026", "", "", "15-TB/CB", "11/05/2026", ""],
        ["001080000011", "miễn sinh hoạt", "2026-02-01", "", "", "", "", "tuổi cao"],
        ["001080000012", "transfer_in", "01/03/2026", "P.T.X.1", "", "05-GGT/ĐU", "20/02/2026", ""],
        ["001080000012", "Chuyển đi", "01/06/2026", "", "Đảng bộ tỉnh Lào Cai", "9-GGT/TU", "", ""],
    ])  # fmt: skip
    code, out, err = run("movements", path)
    assert code == 0, err
    assert "4" in out
    died = Membership.objects.get(person__citizen_id="001080000011")
    assert died.status == "died" and died.ended_on == D(2026, 5, 10)
    gone = Membership.objects.get(person__citizen_id="001080000012")
    assert gone.status == "transferred_out" and gone.unit == tree.cell_village
    assert roll_on(unit=tree.commune, day=D(2026, 4, 1))["count"] == 1
    events = RollEvent.objects.count()
    code, out, _err = run("movements", path)
    assert code == 0 and RollEvent.objects.count() == events
    report = movements_report(unit=tree.province, date_from=D(2026, 1, 1), date_to=D(2026, 12, 31))
    assert report["losses"]["died"]["count"] == 1
    assert report["losses"]["transferred_out"] == {"count": 1, "probationary": 0, "outside": 1}
    assert report["gains"]["transferred_in"]["count"] == 0  # a move inside the province


def test_a_row_that_does_not_fit_the_history_is_an_error_of_its_row_and_nothing_is_written(tree, write_xlsx):
    full_member(tree, "001080000011")
    full_member(tree, "001080000012")
    path = write_xlsx([
        HEADER,
        ["001080000011", "died", "10/05/2026", "", "", "", "", ""],
        ["001080000011", "resigned", "12/05/2026", "", "", "", "", ""],
        ["001080000012", "transfer_out", "01/06/2026", "P.B.U.2", "Tỉnh khác", "", "", ""],
        ["001080000012", "exempted", "01/06/2000", "", "", "", "", ""],
        ["001080000012", "bay đi", "01/06/2026", "", "", "", "", ""],
    ])  # fmt: skip
    code, _out, err = run("movements", path)
    assert code == 1
    assert 'dòng 3, cột "Loại biến động"' in err
    assert 'dòng 4, cột "Mã đơn vị"' in err
    assert 'dòng 5, cột "Ngày"' in err
    assert 'dòng 6, cột "Loại biến động"' in err
    assert not RollEvent.objects.filter(kind__in=["died", "resigned", "transfer_out", "exempted"]).exists()


def test_a_member_arriving_from_outside_the_system_is_created_but_not_counted_as_admitted(tree, write_xlsx):
    header = [*HEADER, "Họ và tên", "Ngày sinh", "Giới tính", "Nghề nghiệp", "Ngày quyết định kết nạp",
              "Ngày công nhận chính thức"]  # fmt: skip
    path = write_xlsx([
        header,
        ["001085000099", "Chuyển đến", "15/03/2026", "P.B.C.1", "Đảng bộ tỉnh Lào Cai", "3-GGT/TU", "", "",
         "Lò Văn Páo", "04/05/1985", "Nam", "Công nhân, người lao động trực tiếp sản xuất trong doanh nghiệp",
         "03/02/2012", "03/02/2013"],
    ])  # fmt: skip
    code, _out, err = run("movements", path)
    assert code == 0, err
    m = Membership.objects.get(person__citizen_id="001085000099")
    assert m.status == "full" and m.unit == tree.cell_kiln and m.arrived_on == D(2026, 3, 15)
    report = movements_report(unit=tree.cement, date_from=D(2026, 1, 1), date_to=D(2026, 12, 31))
    assert report["gains"]["transferred_in"] == {"count": 1, "probationary": 0, "outside": 1}
    assert report["gains"]["admitted"]["count"] == 0
    assert report["start"]["count"] == 0 and report["end"]["count"] == 1
    assert run("movements", path)[0] == 0 and Membership.objects.count() == 1


def test_a_user_imports_movements_only_of_their_units(tree):
    full_member(tree, "001080000011", unit=tree.cell_village)
    user = user_create(actor=None, username="can.bo", password="Mat-khau-thu-nghiem-2026", unit=tree.university,
                       roles=["staff"])  # fmt: skip
    stream = xlsx([HEADER, ["001080000011", "died", "10/05/2026", "", "", "", "", ""]])
    result = import_file(actor=user, kind="movements", file=stream)
    assert not result.ok and "không thể nhập" in result.error_lines()[0].lower()
    assert not RollEvent.objects.filter(kind="died").exists()


def test_members_export_and_import_keep_the_current_status(tree, write_xlsx):
    from ptdv.membership import movements as mv

    person = full_member(tree, "001080000011")
    mv.member_leave(actor=None, membership=person.membership, kind="died", on=D(2026, 5, 10))
    rows = [[c.header for c in MEMBERS], *member_rows(Membership.objects.all())]
    code, _out, err = run("members", write_xlsx(rows))
    assert code == 0, err
    m = Membership.objects.get(person=person)
    assert m.status == "died" and m.ended_on == D(2026, 5, 10)
    assert run("members", write_xlsx(rows, "again.xlsx"))[0] == 0
    m.refresh_from_db()
    assert m.status == "died"


def test_the_movements_export_imports_again_without_change(tree, write_xlsx):
    from ptdv.exchange.export import movement_rows
    from ptdv.exchange.formats import MOVEMENTS

    full_member(tree, "001080000011")
    header = [*HEADER, "Họ và tên", "Ngày sinh", "Giới tính", "Nghề nghiệp", "Ngày quyết định kết nạp"]
    path = write_xlsx([
        header,
        ["001080000011", "Miễn sinh hoạt", "01/02/2026", "", "", "", "", "tuổi cao"],
        ["001080000011", "Chuyển nội bộ", "01/03/2026", "P.B.U.2", "", "3-QĐ/ĐU", "", ""],
        ["001085000099", "Chuyển đến", "15/03/2026", "P.B.C.1", "Tỉnh Lào Cai", "", "", "", "Lò Văn Páo",
         "04/05/1985", "Nam", "Công nhân, người lao động trực tiếp sản xuất trong doanh nghiệp", "03/02/2012"],
    ])  # fmt: skip
    assert run("movements", path)[0] == 0
    rows = [[c.header for c in MOVEMENTS], *movement_rows(RollEvent.objects.all())]
    assert len(rows) == 4
    events = RollEvent.objects.count()
    code, _out, err = run("movements", write_xlsx(rows, "export.xlsx"))
    assert code == 0, err
    assert RollEvent.objects.count() == events and Membership.objects.count() == 2
