"""The four imports of exchange.md through `ptdv import` and the service: happy paths, idempotence, all or nothing,
every problem at once with its Excel row and column, dry run, scope, the members' dates and the helper rule."""

import datetime
import io
import unicodedata

import pytest
from django.core.management import call_command
from django.utils import timezone

from ptdv.audit.models import Event
from ptdv.exchange.services import import_file
from ptdv.membership.models import Membership
from ptdv.membership.services import membership_record
from ptdv.people.models import Candidate, HelperAssignment, Person
from ptdv.people.selectors import person_search
from ptdv.people.services import candidate_enter, person_create
from ptdv.quotas.models import Quota
from ptdv.units.models import Unit

from .conftest import xlsx

pytestmark = pytest.mark.django_db

WORKER = "Công nhân, người lao động trực tiếp sản xuất trong doanh nghiệp"
PEOPLE_HEADER = [
    "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Dân tộc", "Tôn giáo", "Nghề nghiệp", "Trình độ GDPT",
    "Đoàn viên", "Chủ doanh nghiệp", "Mã đơn vị", "Ngày vào nguồn", "CCCD người giúp đỡ",
]  # fmt: skip
MEMBER_HEADER = [
    "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Nghề nghiệp", "Mã đơn vị", "Ngày quyết định kết nạp",
    "Số quyết định kết nạp", "Ngày kết nạp", "Ngày công nhận chính thức", "Số thẻ đảng viên", "Kết nạp lại",
]  # fmt: skip


def run(kind, path, *extra):
    """`ptdv import` as a user runs it: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", kind, str(path), *extra, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def full_member(tree, citizen_id="001080000011", unit=None):
    person = person_create(
        actor=None, unit=unit or tree.cell_it, full_name="Nguyễn Văn Hùng", sex="male",
        birth_date=datetime.date(1980, 3, 4), citizen_id=citizen_id, occupation="public_employee",
    )  # fmt: skip
    membership_record(
        actor=None, person=person, unit=unit or tree.cell_it, status="full",
        decision_date=datetime.date(2008, 5, 19), full_member_date=datetime.date(2009, 5, 19),
    )  # fmt: skip
    return person


# ---------------------------------------------------------------- units


class TestUnits:
    rows = [
        ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Loại", "Lĩnh vực", "Được ủy quyền kết nạp"],
        ["P.B.N.1", "Chi bộ Phòng Kế toán", "P.B.N", "Chi bộ trực thuộc", "", ""],  # parent comes later
        ["p.b.n", "Đảng bộ Công ty Than", "P.B", "Đảng bộ cơ sở", "Doanh nghiệp nhà nước", "Có"],
        ["P.B.U", "Đảng bộ Trường Đại học", "P.B", "grassroots_committee", "public_service", "x"],
    ]

    def test_create_update_and_parents_later_in_the_file(self, tree, write_xlsx):
        code, out, err = run("units", write_xlsx(self.rows))
        assert (code, err) == (0, "")
        assert "Đã thêm mới 2, cập nhật 1, giữ nguyên 0." in out
        company = Unit.objects.get(code="P.B.N")
        cell = Unit.objects.get(code="P.B.N.1")
        assert (company.parent, company.unit_type, company.sector, company.may_admit) == (
            tree.bloc, "grassroots_committee", "state_enterprise", True)  # fmt: skip
        assert cell.parent == company and cell.path.startswith(company.path)
        tree.university.refresh_from_db()
        assert (tree.university.name, tree.university.may_admit) == ("Đảng bộ Trường Đại học", True)
        assert Event.objects.filter(action="unit.create").count() >= 2

    def test_second_import_changes_nothing(self, tree, write_xlsx):
        path = write_xlsx(self.rows)
        run("units", path)
        events = Event.objects.count()
        code, out, _err = run("units", path)
        assert code == 0 and "Đã thêm mới 0, cập nhật 0, giữ nguyên 3." in out
        assert Event.objects.count() == events

    def test_move_through_the_service_keeps_paths(self, tree, write_xlsx):
        rows = [self.rows[0], ["P.B.U.2", "Đơn vị P.B.U.2", "P.B.C", "cell", "", ""]]
        assert run("units", write_xlsx(rows))[0] == 0
        tree.cell_econ.refresh_from_db()
        assert tree.cell_econ.parent == tree.cement and tree.cell_econ.path.startswith(tree.cement.path)

    def test_every_problem_at_once_and_nothing_written(self, tree, write_xlsx):
        rows = [
            self.rows[0],
            ["N.1", "Chi bộ 1", "KHONGCO", "cell", "", ""],
            ["N.2", "", "P.B", "Ban", "", "có lẽ"],
            ["N.3", "Chi bộ 3", "P.B", "cell", "", ""],
            ["N.3", "Chi bộ 3 lặp", "P.B", "cell", "", ""],
            ["A", "A", "B", "cell", "", ""],
            ["B", "B", "A", "cell", "", ""],
        ]
        count = Unit.objects.count()
        code, out, err = run("units", write_xlsx(rows))
        assert code == 1 and out == ""
        lines = err.splitlines()
        assert (
            'dòng 2, cột "Mã đơn vị cấp trên": Không có đơn vị nào mã KHONGCO, cả trong tệp lẫn trong hệ thống.'
            in lines
        )
        assert 'dòng 3, cột "Tên đơn vị": Cột này bắt buộc: hãy điền vào.' in lines
        assert any(line.startswith('dòng 3, cột "Loại": “Ban” không có trong danh mục.') for line in lines)
        assert any(line.startswith('dòng 3, cột "Được ủy quyền kết nạp": Hãy ghi “Có” hoặc “Không”') for line in lines)
        assert 'dòng 5, cột "Mã đơn vị": Mã đơn vị N.3 đã có ở dòng 4.' in lines
        for row in (6, 7):
            assert any(
                line.startswith(f'dòng {row}, cột "Mã đơn vị cấp trên": Các đơn vị trong tệp là cấp trên')
                for line in lines
            )
        assert lines[-1] == "Chưa ghi gì: có 7 lỗi cần sửa."
        assert Unit.objects.count() == count

    def test_dry_run_writes_nothing_but_says_what_would_happen(self, tree, write_xlsx):
        count = Unit.objects.count()
        code, out, _err = run("units", write_xlsx(self.rows), "--dry-run")
        assert code == 0
        assert "Chạy thử, chưa ghi gì: sẽ thêm mới 2, cập nhật 1, giữ nguyên 0." in out
        assert Unit.objects.count() == count

    def test_scope_in_the_web_ui(self, tree, make_user):
        staff = make_user(tree.university, "staff")
        rows = [
            self.rows[0],
            ["P.B.U.3", "Chi bộ 3", "P.B.U", "cell", "", ""],
            ["P.B.C.9", "X", "P.B.C", "cell", "", ""],
        ]
        result = import_file(actor=staff, kind="units", file=xlsx(rows))
        assert [p.row for p in result.problems] == [3]
        assert not Unit.objects.filter(code="P.B.U.3").exists()
        viewer = make_user(tree.university, "viewer")
        result = import_file(actor=viewer, kind="units", file=xlsx(rows[:2]))
        assert not result.ok and not Unit.objects.filter(code="P.B.U.3").exists()


# ---------------------------------------------------------------- people


class TestPeople:
    def rows(self, helper=""):
        return [
            PEOPLE_HEADER,
            ["Đào Thị Dũng", "17/05/2001", "Nữ", "001301000123", "Tày", "Phật giáo", "Sinh viên", "12/12", "Có",
             "Không", "P.B.U.1", "2026-01-15", helper],
            ["  Lê  Văn   Bình ", datetime.datetime(1999, 12, 31), "nam", 79099000456, "", "không", "worker", "9/12",  # noqa: DTZ001 - a spreadsheet cell's date-time is naive (xlsx has no time zone)
             "x", "", "p.b.u.2", "", ""],
        ]  # fmt: skip

    def test_create_with_pool_entries_tokens_and_helper(self, tree, write_xlsx):
        helper = full_member(tree)
        code, out, err = run("people", write_xlsx(self.rows(helper="001 080 000 011")))
        assert (code, err) == (0, ""), err
        assert "Đã thêm mới 2, cập nhật 0, giữ nguyên 0." in out
        dung = Person.objects.get(citizen_id="001301000123")
        assert (dung.sex, dung.ethnicity, dung.religion, dung.occupation, dung.youth_union, dung.unit) == (
            "female", "Tày", "Phật giáo", "university_student", True, tree.cell_it)  # fmt: skip
        binh = Person.objects.get(citizen_id="079099000456")
        assert (binh.full_name, binh.birth_date, binh.religion, binh.unit) == (
            "Lê Văn Bình", datetime.date(1999, 12, 31), "Không", tree.cell_econ)  # fmt: skip
        entry = Candidate.objects.get(person=dung, left_on__isnull=True)
        assert (entry.unit, entry.entered_on) == (tree.cell_it, datetime.date(2026, 1, 15))
        assert HelperAssignment.objects.get(candidate=entry).helper == helper
        assert Candidate.objects.get(person=binh).entered_on == timezone.localdate()
        assert Event.objects.filter(action="person.create", target_id=str(dung.pk)).exists()
        assert Event.objects.filter(action="exchange.import").count() == 1

    def test_search_finds_imported_persons(self, tree, make_user, write_xlsx):
        run("people", write_xlsx(self.rows()))
        user = make_user(tree.province, "viewer")
        assert [p.full_name for p in person_search(user=user, query="dung")] == ["Đào Thị Dũng"]

    def test_idempotent_and_updates(self, tree, write_xlsx):
        path = write_xlsx(self.rows())
        run("people", path)
        code, out, _err = run("people", path)
        assert "Đã thêm mới 0, cập nhật 0, giữ nguyên 2." in out
        rows = self.rows()
        rows[1][0] = "Đào Thị Dung"
        rows[2][10] = "P.B.U.1"
        code, out, _err = run("people", write_xlsx(rows, "b.xlsx"))
        assert code == 0 and "Đã thêm mới 0, cập nhật 2, giữ nguyên 0." in out
        binh = Person.objects.get(citizen_id="079099000456")
        assert binh.unit == tree.cell_it and Candidate.objects.get(person=binh).unit == tree.cell_it
        assert Candidate.objects.filter(person=binh).count() == 1

    def test_the_bulk_writes_keep_the_vietnamese_sort_key(self, tree, write_xlsx):
        from ptdv.people.rules import name_sort_key

        run("people", write_xlsx(self.rows()))
        rows = self.rows()
        rows[2][0] = "Lê Văn An"  # renamed by the second import (the bulk update)
        run("people", write_xlsx(rows, "b.xlsx"))
        persons = Person.objects.filter(citizen_id__in=["001301000123", "079099000456"])
        assert all(p.sort_name == name_sort_key(p.full_name) != "" for p in persons)
        assert [p.full_name for p in persons] == ["Lê Văn An", "Đào Thị Dũng"]  # An before Dũng

    def test_helper_rule(self, tree, write_xlsx):
        full_member(tree, "001080000011", unit=tree.cell_kiln)  # another grassroots organisation
        probationary = person_create(
            actor=None, unit=tree.cell_it, full_name="Phạm Thu", sex="female", birth_date=datetime.date(1995, 1, 1),
            citizen_id="001195000022", occupation="worker",
        )  # fmt: skip
        membership_record(
            actor=None, person=probationary, unit=tree.cell_it, status="probationary",
            decision_date=datetime.date(2026, 2, 1),
        )  # fmt: skip
        rows = self.rows(helper="001080000011")
        rows[2][12] = "001195000022"
        rows.append([*rows[2][:3], "001301000999", *rows[2][4:12], "001999999999"])
        code, _out, err = run("people", write_xlsx(rows))
        assert code == 1
        assert 'dòng 2, cột "CCCD người giúp đỡ": Nguyễn Văn Hùng sinh hoạt ở tổ chức cơ sở đảng khác' in err
        assert 'dòng 3, cột "CCCD người giúp đỡ": Phạm Thu là đảng viên dự bị' in err
        assert 'dòng 4, cột "CCCD người giúp đỡ": Chưa có ai mang số CCCD 001999999999 trong hệ thống.' in err
        assert not Person.objects.filter(citizen_id="001301000123").exists()

    def test_cell_errors_reported_by_excel_row_and_column(self, tree, write_xlsx):
        rows = [
            PEOPLE_HEADER,
            [None] * 13,  # an empty row: skipped, but the numbering stays Excel's
            ["", "31/02/2001", "Khác", "12345", "Việt", "", "Bộ đội", "lớp 9", "", "", "X.Y", "", ""],
            ["Trần Văn C", "01/01/2000", "Nam", "001200000001", "", "", "worker", "", "", "", "P.B.U.1", "", ""],
            ["Trần Văn D", "01/01/2000", "Nam", "001200000001", "", "", "worker", "", "", "", "P.B.U.1", "", ""],
        ]
        code, _out, err = run("people", write_xlsx(rows))
        assert code == 1
        lines = err.splitlines()
        expected_prefixes = [
            'dòng 3, cột "Họ và tên": Cột này bắt buộc',
            'dòng 3, cột "Ngày sinh": 31/02/2001 không phải là một ngày có thật',
            'dòng 3, cột "Giới tính": “Khác” không có trong danh mục. Các giá trị được chấp nhận: Nam; Nữ.',
            'dòng 3, cột "Số CCCD": Số CCCD có 12 chữ số; 12345 có 5 chữ số.',
            'dòng 3, cột "Dân tộc": “Việt” không có trong danh mục.',
            'dòng 3, cột "Nghề nghiệp": “Bộ đội” không có trong danh mục.',
            'dòng 5, cột "Số CCCD": Số CCCD 001200000001 đã có ở dòng 4.',
        ]
        for prefix in expected_prefixes:
            assert any(line.startswith(prefix) for line in lines), (prefix, lines)
        assert not Person.objects.filter(citizen_id="001200000001").exists()

    def test_a_member_is_not_imported_as_a_candidate(self, tree, write_xlsx):
        full_member(tree, "001301000123")
        code, _out, err = run("people", write_xlsx(self.rows()))
        assert code == 1 and "đã là đảng viên" in err

    def test_existing_candidate_left_pool_reenters(self, tree, write_xlsx):
        person = person_create(
            actor=None, unit=tree.cell_it, full_name="Đào Thị Dũng", sex="female",
            birth_date=datetime.date(2001, 5, 17), citizen_id="001301000123", occupation="university_student",
        )  # fmt: skip
        candidate_enter(
            actor=None, person=person, unit=tree.cell_it, entered_on=datetime.date(2025, 1, 1), source="cell"
        )
        code, out, _err = run("people", write_xlsx(self.rows()))
        assert code == 0 and "Đã thêm mới 1, cập nhật 1" in out
        entry = Candidate.objects.get(person=person, left_on__isnull=True)
        assert entry.entered_on == datetime.date(2026, 1, 15)


# ---------------------------------------------------------------- members


class TestMembers:
    def rows(self):
        return [
            MEMBER_HEADER,
            ["Nguyễn Văn An", "01/02/1990", "Nam", "001090000001", WORKER, "P.B.C.1", "2015-03-02", "12-QĐ/ĐU",
             "10/03/2015", datetime.datetime(2016, 3, 10), "01234567", "Không"],  # noqa: DTZ001 - a spreadsheet cell's date-time is naive (xlsx has no time zone)
            ["Trần Thị Bích", "1/2/1995", "Nữ", "001195000002", "worker", "P.B.C.1", "02/03/2026", "", "", "", "", ""],
            ["Lý Văn Cường", "01/02/1970", "Nam", "001070000003", "farmer", "P.T.X.1", "01/06/2010", "", "", "",
             "", "Có"],
        ]  # fmt: skip

    def test_create_roll_with_status_from_full_member_date(self, tree, write_xlsx):
        code, out, err = run("members", write_xlsx(self.rows()))
        assert (code, err) == (0, ""), err
        assert "Đã thêm mới 3, cập nhật 0, giữ nguyên 0." in out
        an = Membership.objects.get(person__citizen_id="001090000001")
        assert (an.status, an.unit, an.decision_number, an.ceremony_date, an.full_member_date, an.card_number) == (
            "full", tree.cell_kiln, "12-QĐ/ĐU", datetime.date(2015, 3, 10), datetime.date(2016, 3, 10),
            "01234567")  # fmt: skip
        assert Membership.objects.get(person__citizen_id="001195000002").status == "probationary"
        cuong = Membership.objects.get(person__citizen_id="001070000003")
        assert (cuong.readmitted, cuong.full_member_date, cuong.person.unit) == (True, None, tree.cell_village)
        assert Event.objects.filter(action="membership.import").count() == 3

    def test_a_large_import_refreshes_the_planners_statistics_on_postgresql(self, tree, write_xlsx, monkeypatch):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from ptdv.exchange import services

        monkeypatch.setattr(services, "ANALYZE_AFTER_ROWS", 3)
        path = write_xlsx(self.rows())
        with CaptureQueriesContext(connection) as dry:
            run("members", path, "--dry-run")
        with CaptureQueriesContext(connection) as written:
            assert run("members", path)[0] == 0
        with CaptureQueriesContext(connection) as unchanged:  # nothing written the second time: nothing to refresh
            run("members", path)
        analyzed = [q["sql"] for q in written.captured_queries if q["sql"].startswith("ANALYZE")]
        if connection.vendor == "postgresql":
            assert '"membership_membership"' in " ".join(analyzed) and '"people_personsearchtoken"' in " ".join(
                analyzed
            )
        else:
            assert analyzed == []
        for other in (dry, unchanged):
            assert not [q for q in other.captured_queries if q["sql"].startswith("ANALYZE")]

    def test_idempotent_then_update(self, tree, write_xlsx):
        path = write_xlsx(self.rows())
        run("members", path)
        code, out, _err = run("members", path)
        assert code == 0 and "Đã thêm mới 0, cập nhật 0, giữ nguyên 3." in out
        rows = self.rows()
        rows[2][9] = "05/03/2027"  # in the future: refused
        code, _out, err = run("members", write_xlsx(rows, "b.xlsx"))
        assert code == 1 and 'dòng 3, cột "Ngày công nhận chính thức"' in err
        rows[2][6], rows[2][9] = "02/03/2024", "03/03/2025"
        code, out, _err = run("members", write_xlsx(rows, "c.xlsx"))
        assert code == 0 and "Đã thêm mới 0, cập nhật 1, giữ nguyên 2." in out
        bich = Membership.objects.get(person__citizen_id="001195000002")
        assert (bich.status, bich.full_member_date) == ("full", datetime.date(2025, 3, 3))

    def test_impossible_date_orders(self, tree, write_xlsx):
        rows = self.rows()
        rows[1][8], rows[1][9] = "01/03/2015", "01/03/2016"  # ceremony before decision (02/03/2015)
        rows[2][6] = "31/01/2013"  # decision before the 18th birthday (01/02/2013)
        rows[3][9] = "31/05/2011"  # full member earlier than 12 months after the decision (01/06/2010)
        code, _out, err = run("members", write_xlsx(rows))
        assert code == 1
        assert (
            'dòng 2, cột "Ngày kết nạp": Ngày kết nạp (01/03/2015) trước ngày quyết định kết nạp (02/03/2015).' in err
        )
        assert 'dòng 3, cột "Ngày quyết định kết nạp": Ngày quyết định kết nạp (31/01/2013) trước ngày tròn 18' in err
        assert 'dòng 4, cột "Ngày công nhận chính thức": Ngày công nhận chính thức 31/05/2011 sớm hơn 12 tháng' in err
        assert not Membership.objects.exists()

    def test_full_member_12_months_after_ceremony(self, tree, write_xlsx):
        rows = self.rows()
        rows[1][9] = "09/03/2016"  # 12 months after the decision, but not after the ceremony of 10/03/2015
        code, _out, err = run("members", write_xlsx(rows))
        assert code == 1 and "sớm hơn 12 tháng kể từ ngày kết nạp (sớm nhất là 10/03/2016)" in err

    def test_candidate_becomes_member_and_leaves_the_pool(self, tree, write_xlsx):
        person = person_create(
            actor=None, unit=tree.cell_kiln, full_name="Trần Thị Bích", sex="female",
            birth_date=datetime.date(1995, 2, 1), citizen_id="001195000002", occupation="worker",
        )  # fmt: skip
        entry = candidate_enter(
            actor=None, person=person, unit=tree.cell_kiln, entered_on=datetime.date(2025, 1, 1), source="cell"
        )
        code, out, _err = run("members", write_xlsx(self.rows()))
        assert code == 0 and "Đã thêm mới 2, cập nhật 1" in out
        entry.refresh_from_db()
        assert (entry.left_on, entry.leave_reason) == (datetime.date(2026, 3, 2), "admission")

    def test_card_number_taken(self, tree, write_xlsx):
        other = full_member(tree)
        Membership.objects.filter(person=other).update(card_number="01234567")
        code, _out, err = run("members", write_xlsx(self.rows()))
        assert code == 1 and 'dòng 2, cột "Số thẻ đảng viên"' in err

    def test_nfd_headers_and_values(self, tree, write_xlsx):
        rows = [[unicodedata.normalize("NFD", str(cell)) if isinstance(cell, str) else cell for cell in row]
                for row in self.rows()]  # fmt: skip
        code, _out, err = run("members", write_xlsx(rows))
        assert (code, err) == (0, ""), err
        assert Person.objects.get(citizen_id="001090000001").full_name == "Nguyễn Văn An"

    def test_scope(self, tree, make_user):
        staff = make_user(tree.cement, "staff")
        result = import_file(actor=staff, kind="members", file=xlsx(self.rows()))
        assert [(p.row, p.column) for p in result.problems] == [(4, "Mã đơn vị")]
        assert not Person.objects.exists()


# ---------------------------------------------------------------- quotas


class TestQuotas:
    rows = [["Mã đơn vị", "Năm", "Chỉ tiêu"], ["P.B.U", 2026, 5], ["p.b.c", "2026", "3"], ["P.T.X", 2026, 0]]

    def test_create_idempotent_update(self, tree, write_xlsx):
        code, out, _err = run("quotas", write_xlsx(self.rows))
        assert code == 0 and "Đã thêm mới 3, cập nhật 0, giữ nguyên 0." in out
        assert Quota.objects.get(unit=tree.cement, year=2026).quota == 3
        assert run("quotas", write_xlsx(self.rows))[1].strip() == "Đã thêm mới 0, cập nhật 0, giữ nguyên 3."
        rows = [*self.rows[:3], ["P.T.X", 2026, 2]]
        code, out, _err = run("quotas", write_xlsx(rows, "b.xlsx"))
        assert "Đã thêm mới 0, cập nhật 1, giữ nguyên 2." in out
        event = Event.objects.filter(action="quota.set", target_id=str(Quota.objects.get(unit=tree.commune).pk)).first()
        assert event.before == {"quota": 0} and event.after["reason"] == "Nhập từ tệp bảng tính."

    def test_problems(self, tree, write_xlsx):
        rows = [self.rows[0], ["P.B.U", 2026, -1], ["NOPE", 2026, 3], ["P.B.C", "năm nay", 2], ["P.B.U", 2026, 2.5],
                ["P.T.X", 2026, 1], ["P.T.X", 2026, 1], ["P", 2026, 10]]  # fmt: skip
        code, _out, err = run("quotas", write_xlsx(rows))
        assert code == 1
        for expected in [
            'dòng 2, cột "Chỉ tiêu": Chỉ tiêu là số nguyên, từ 0 trở lên.',
            'dòng 3, cột "Mã đơn vị": Không có đơn vị nào mã NOPE.',
            'dòng 4, cột "Năm": Hãy ghi một số nguyên, không ghi “năm nay”.',
            'dòng 5, cột "Chỉ tiêu": Hãy ghi một số nguyên, không ghi 2.5.',
            'dòng 7, cột "Năm": Chỉ tiêu năm 2026 của P.T.X đã có ở dòng 6.',
        ]:
            assert expected in err.splitlines(), (expected, err)
        assert not Quota.objects.exists()

    def test_set_by_the_unit_above(self, tree, make_user):
        staff = make_user(tree.university, "staff")
        result = import_file(actor=staff, kind="quotas", file=xlsx([self.rows[0], ["P.B.U", 2026, 5]]))
        assert not result.ok and not Quota.objects.exists()
        staff = make_user(tree.bloc, "staff")
        result = import_file(actor=staff, kind="quotas", file=xlsx([self.rows[0], ["P.B.U", 2026, 5]]))
        assert result.ok and result.created == 1


def test_unknown_columns_are_a_warning(tree, write_xlsx):
    rows = [["Mã đơn vị", "Năm", "Chỉ tiêu", "Ghi chú"], ["P.B.U", 2026, 5, "tăng"]]
    code, _out, err = run("quotas", write_xlsx(rows))
    assert code == 0
    assert "Lưu ý: Các cột sau không thuộc mẫu và đã được bỏ qua: “Ghi chú”." in err


def test_missing_file(tree):
    assert run("quotas", "/nonexistent.xlsx")[0] == 1


class TestMembersInTheReports:
    """Imported members count in the admissions report (ptdv.reports), in the unit and every unit above."""

    def test_imported_admissions_are_counted(self, tree, write_xlsx):
        from ptdv.reports.selectors import period_figures

        assert run("members", write_xlsx(TestMembers().rows()))[0] == 0
        year = period_figures(
            unit=tree.province, date_from=datetime.date(2026, 1, 1), date_to=datetime.date(2026, 11, 1)
        )
        assert year.counts["total"] == 1  # Trần Thị Bích, decided 02/03/2026
        past = period_figures(
            unit=tree.province, date_from=datetime.date(2010, 1, 1), date_to=datetime.date(2015, 12, 31),
            targets=[tree.city.pk, tree.bloc.pk],
        )  # fmt: skip
        assert past.counts["total"] == 2
        assert (past.totals[tree.city.pk], past.totals[tree.bloc.pk]) == (1, 1)
        assert past.counts["category:readmitted"] == 1 and past.counts["category:woman"] == 0

    def test_an_update_moves_the_count(self, tree, write_xlsx):
        from ptdv.reports.selectors import period_figures

        run("members", write_xlsx(TestMembers().rows()))
        rows = TestMembers().rows()
        rows[2][6] = "02/03/2025"
        assert run("members", write_xlsx(rows, "b.xlsx"))[0] == 0
        figures = period_figures(
            unit=tree.bloc, date_from=datetime.date(2025, 1, 1), date_to=datetime.date(2025, 12, 31)
        )
        assert figures.counts["total"] == 1
        figures = period_figures(
            unit=tree.bloc, date_from=datetime.date(2026, 1, 1), date_to=datetime.date(2026, 11, 1)
        )
        assert figures.counts["total"] == 0


def test_the_people_format_carries_the_education_exception_and_its_reason(tree):
    """issue #15 item 8: columns `Ngoại lệ trình độ` (Có/Không) and `Lý do ngoại lệ trình độ`; a marked exception
    needs its reason, a reason needs the mark; the pool entry keeps the reason."""
    from ptdv.exchange.export import headers
    from ptdv.people.models import Candidate

    header = headers("people")
    assert header[-2:] == ["Ngoại lệ trình độ", "Lý do ngoại lệ trình độ"]
    base = ["Lò Văn Páo", "01/02/2000", "Nam", "001200000991", "Thái", "Không", "Khác", "7/12", "Không", "Không",
            "P.B.U.1", "15/01/2026", ""]  # fmt: skip
    refused = import_file(actor=None, kind="people", file=xlsx([header, [*base, "Có", ""]]))
    assert not refused.ok and "Lý do ngoại lệ trình độ" in " ".join(refused.error_lines())
    refused = import_file(actor=None, kind="people", file=xlsx([header, [*base, "Không", "Vùng khó khăn"]]))
    assert not refused.ok
    result = import_file(actor=None, kind="people", file=xlsx([header, [*base, "Có", "Vùng đặc biệt khó khăn"]]))
    assert result.ok, result.error_lines()
    assert Candidate.objects.get(person__citizen_id="001200000991").education_exception == "Vùng đặc biệt khó khăn"
    # the same file again changes nothing; clearing the mark clears the exception
    assert (
        import_file(actor=None, kind="people", file=xlsx([header, [*base, "Có", "Vùng đặc biệt khó khăn"]])).unchanged
        == 1
    )
    assert import_file(actor=None, kind="people", file=xlsx([header, [*base, "Không", ""]])).updated == 1
    assert Candidate.objects.get(person__citizen_id="001200000991").education_exception == ""
