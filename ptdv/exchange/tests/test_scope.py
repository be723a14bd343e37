"""Imports as an attacker would use them (issue #14): a staff user of the cement works' grassroots organisation
uploads files naming the persons, members, cards, units and quotas of the university's organisation, its sibling.
Every such row is refused, nothing is written, the words are the same whatever the ID belongs to (or whether it
belongs to anyone), and no page nor event tells a name, a status or a value of the other organisation."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from ptdv.admission.services import dossier_open
from ptdv.audit.models import Event
from ptdv.exchange.importing.members import MemberImporter
from ptdv.exchange.models import ImportJob
from ptdv.exchange.services import import_file
from ptdv.membership.models import Membership
from ptdv.membership.services import membership_record
from ptdv.people.models import Candidate, HelperAssignment, Person
from ptdv.people.services import candidate_enter, candidate_leave, person_create
from ptdv.quotas.models import Quota
from ptdv.quotas.services import quota_set
from ptdv.units.models import Unit

from .conftest import xlsx
from .test_imports import MEMBER_HEADER, PEOPLE_HEADER

pytestmark = pytest.mark.django_db

PERSON_REFUSED = "Không thể nhập số định danh này vào đơn vị của đồng chí; liên hệ ban tổ chức cấp trên."
HELPER_REFUSED = (
    "Không thể dùng số định danh này cho người giúp đỡ ở đơn vị của đồng chí: người giúp đỡ phải là đảng viên "
    "chính thức cùng tổ chức cơ sở đảng."
)
CARD_REFUSED = "Không thể dùng số thẻ đảng viên này ở đơn vị của đồng chí; liên hệ ban tổ chức cấp trên."
# What the importers say of persons, of their own organisation only: never to be read by the sibling.
STATUS_WORDS = ["đảng viên dự bị", "đã là đảng viên", "tổ chức cơ sở đảng khác", "không phải là đảng viên"]


def _person(unit, name, citizen_id, birth=datetime.date(1990, 1, 1)):
    return person_create(
        actor=None, unit=unit, full_name=name, sex="female", birth_date=birth, citizen_id=citizen_id,
        occupation="worker", religion="Phật giáo",
    )  # fmt: skip


class University:
    """The sibling's people: a candidate, a full and a probationary member, a struck-off member, a person with an
    open dossier, a person who left the pool, and a person whose record sits in the cement's cell while their
    membership is the university's (one anchor is enough to make them the university's)."""

    def __init__(self, tree):
        self.candidate = _person(tree.cell_it, "Đào Thị Ứng Viên", "001301000001")
        candidate_enter(
            actor=None, person=self.candidate, unit=tree.cell_it, entered_on=datetime.date(2025, 1, 1), source="cell"
        )
        self.full = _person(tree.cell_econ, "Nguyễn Văn Chính Thức", "001080000002")
        membership_record(
            actor=None, person=self.full, unit=tree.cell_econ, status="full", decision_date=datetime.date(2010, 1, 1),
            full_member_date=datetime.date(2011, 1, 1),
        )  # fmt: skip
        Membership.objects.filter(person=self.full).update(card_number="09000001")
        self.probationary = _person(tree.cell_it, "Phạm Thị Dự Bị", "001095000003")
        membership_record(
            actor=None, person=self.probationary, unit=tree.cell_it, status="probationary",
            decision_date=datetime.date(2026, 1, 5),
        )  # fmt: skip
        self.struck_off = _person(tree.cell_it, "Lê Văn Xóa Tên", "001070000004")
        membership_record(
            actor=None, person=self.struck_off, unit=tree.cell_it, status="struck_off",
            decision_date=datetime.date(2000, 1, 1),
        )  # fmt: skip
        self.applicant = _person(tree.cell_it, "Trần Thị Hồ Sơ", "001299000005")
        entry = candidate_enter(
            actor=None, person=self.applicant, unit=tree.cell_it, entered_on=datetime.date(2025, 1, 1), source="cell"
        )
        dossier_open(actor=None, candidate=entry, opened_on=datetime.date(2025, 6, 1))
        self.former = _person(tree.cell_econ, "Võ Văn Rời Nguồn", "001298000006")
        entry = candidate_enter(
            actor=None, person=self.former, unit=tree.cell_econ, entered_on=datetime.date(2024, 1, 1), source="cell"
        )
        candidate_leave(actor=None, candidate=entry, left_on=datetime.date(2024, 6, 1), reason="other")
        self.split = _person(tree.cell_it, "Hoàng Văn Hai Nơi", "001085000007")
        membership_record(
            actor=None, person=self.split, unit=tree.cell_it, status="full", decision_date=datetime.date(2012, 1, 1),
            full_member_date=datetime.date(2013, 1, 1),
        )  # fmt: skip
        Person.objects.filter(pk=self.split.pk).update(unit=tree.cell_kiln)  # a stale record in the cement's cell
        quota_set(actor=None, unit=tree.university, year=2026, quota=7)
        quota_set(actor=None, unit=tree.cell_it, year=2026, quota=3)

    def persons(self):
        return [self.candidate, self.full, self.probationary, self.struck_off, self.applicant, self.former, self.split]

    def names(self):
        return [person.full_name for person in self.persons()]


def state():
    """Everything an import could change, as plain data, to compare before and after."""
    return {
        "persons": sorted(Person.objects.values_list("citizen_id", "full_name", "unit_id", "religion", "sex")),
        "memberships": sorted(
            Membership.objects.values_list("person_id", "unit_id", "status", "decision_date", "card_number")
        ),
        "entries": sorted(Candidate.objects.values_list("person_id", "unit_id", "entered_on", "left_on")),
        "helpers": sorted(HelperAssignment.objects.values_list("candidate_id", "helper_id", "ended_on")),
        "units": sorted(Unit.objects.values_list("code", "name", "parent_id", "path", "unit_type")),
        "quotas": sorted(Quota.objects.values_list("unit_id", "year", "quota")),
    }


@pytest.fixture
def university(tree):
    return University(tree)


@pytest.fixture
def attacker(client, tree, make_user):
    user = make_user(tree.cement, "staff")
    client.force_login(user)
    return user


def upload(client, kind, rows):
    """The preview of the web flow; returns the page's text and the job."""
    data = xlsx(rows).getvalue()
    response = client.post(
        reverse("exchange:upload", args=[kind]), {"file": SimpleUploadedFile("tep.xlsx", data)}, follow=True
    )
    return response.content.decode(), ImportJob.objects.order_by("-pk").first()


def assert_tells_nothing(text: str, university: University) -> None:
    for name in university.names():
        assert name not in text, name
    for words in STATUS_WORDS:
        assert words not in text, words


def people_row(name, citizen_id, unit="P.B.C.1", helper=""):
    return [name, "01/01/1995", "Nữ", citizen_id, "", "", "worker", "12/12", "", "", unit, "", helper]


def member_row(name, citizen_id, unit="P.B.C.1", card=""):
    return [name, "01/01/1985", "Nam", citizen_id, "worker", unit, "01/03/2015", "", "", "01/03/2016", card, ""]


class TestPeople:
    def test_every_person_of_the_sibling_is_refused_in_the_same_words(self, client, tree, university, attacker):
        rows = [PEOPLE_HEADER] + [
            people_row(f"Tên Giả {i}", p.citizen_id) for i, p in enumerate(university.persons())
        ]  # fmt: skip
        before = state()
        text, job = upload(client, "people", rows)
        assert job.status == "failed" and job.result["created"] == job.result["updated"] == 0
        problems = job.result["problems"]
        assert [(row, column) for row, column, _m in problems] == [(r, "Số CCCD") for r in range(2, 9)]
        assert {message for _r, _c, message in problems} == {PERSON_REFUSED}
        assert_tells_nothing(text, university)
        assert_tells_nothing(str(job.result), university)
        client.post(reverse("exchange:commit", args=[job.pk]))  # a failed check cannot be committed
        assert state() == before

    def test_the_service_refuses_and_writes_nothing(self, tree, university, attacker):
        """Straight through the service, written for real (not a preview): the same refusal."""
        before = state()
        events = Event.objects.count()
        rows = [PEOPLE_HEADER, people_row("Đào Thị Khác", university.candidate.citizen_id)]
        result = import_file(actor=attacker, kind="people", file=xlsx(rows))
        assert not result.ok and [p.message for p in result.problems] == [PERSON_REFUSED]
        assert state() == before and Event.objects.count() == events

    def test_helpers_unknown_or_of_the_sibling_get_the_same_words(self, client, tree, university, attacker):
        """A helper must be a full member of the cement's organisation: the university's full member, its
        probationary member and an ID nobody holds are refused alike, naming nobody."""
        rows = [
            PEOPLE_HEADER,
            people_row("Người Mới Một", "001300000101", helper=university.full.citizen_id),
            people_row("Người Mới Hai", "001300000102", helper=university.probationary.citizen_id),
            people_row("Người Mới Ba", "001300000103", helper="001999999999"),
            people_row("Người Mới Bốn", "001300000104", helper=university.struck_off.citizen_id),
        ]
        before = state()
        text, job = upload(client, "people", rows)
        problems = job.result["problems"]
        assert [(row, column) for row, column, _m in problems] == [(r, "CCCD người giúp đỡ") for r in range(2, 6)]
        assert {message for _r, _c, message in problems} == {HELPER_REFUSED}
        assert_tells_nothing(text, university)
        assert state() == before

    def test_unit_codes_of_the_sibling_read_as_unknown_codes(self, client, tree, university, attacker):
        rows = [
            PEOPLE_HEADER,
            people_row("Người Mới Một", "001300000101", unit="P.B.U.1"),
            people_row("Người Mới Hai", "001300000102", unit="P.B.Z.9"),
        ]
        text, job = upload(client, "people", rows)
        first, second = (message for _r, _c, message in job.result["problems"])
        assert first.replace("P.B.U.1", "X") == second.replace("P.B.Z.9", "X")
        assert "Đơn vị P.B.U.1" not in text and not Person.objects.filter(citizen_id="001300000101").exists()

    def test_inside_its_own_organisation_the_messages_stay_precise(self, tree, university, make_user):
        staff = make_user(tree.university, "staff")
        rows = [
            PEOPLE_HEADER,
            people_row("Ai Đó", university.probationary.citizen_id, unit="P.B.U.1"),
            people_row("Người Mới", "001300000102", unit="P.B.U.1", helper=university.probationary.citizen_id),
        ]
        result = import_file(actor=staff, kind="people", file=xlsx(rows))
        messages = [p.message for p in sorted(result.problems, key=lambda p: p.row)]
        assert messages[0].startswith("Phạm Thị Dự Bị đã là đảng viên")
        assert messages[1].startswith("Phạm Thị Dự Bị là đảng viên dự bị")

    def test_a_full_member_of_the_same_organisation_may_help_from_a_sibling_cell(self, tree, university, make_user):
        """A cell's staff picks helpers from the whole grassroots organisation, as the pages offer them."""
        staff = make_user(tree.cell_it, "staff")
        rows = [PEOPLE_HEADER, people_row("Người Mới", "001300000102", unit="P.B.U.1", helper="001080000002")]
        result = import_file(actor=staff, kind="people", file=xlsx(rows))
        assert result.ok, result.error_lines()
        assert HelperAssignment.objects.get(candidate__person__citizen_id="001300000102").helper == university.full

    def test_the_root_and_the_command_line_reach_everyone(self, tree, university, make_user):
        rows = [PEOPLE_HEADER, people_row("Võ Văn Rời Nguồn", university.former.citizen_id, unit="P.B.C.1")]
        bloc = make_user(tree.bloc, "staff")
        result = import_file(actor=bloc, kind="people", file=xlsx(rows))
        assert result.ok and result.updated == 1
        university.former.refresh_from_db()
        assert university.former.unit == tree.cell_kiln


class TestMembers:
    def test_every_person_of_the_sibling_is_refused_in_the_same_words(self, client, tree, university, attacker):
        rows = [MEMBER_HEADER] + [member_row(f"Tên Giả {i}", p.citizen_id) for i, p in enumerate(university.persons())]
        before = state()
        text, job = upload(client, "members", rows)
        problems = job.result["problems"]
        assert [(row, column) for row, column, _m in problems] == [(r, "Số CCCD") for r in range(2, 9)]
        assert {message for _r, _c, message in problems} == {PERSON_REFUSED}
        assert_tells_nothing(text, university)
        assert state() == before

    def test_a_full_member_is_not_turned_probationary_nor_moved(self, tree, university, attacker):
        """The issue's case: a member file without the full-member date, naming another organisation's member."""
        row = member_row("Nguyễn Văn Chính Thức", university.full.citizen_id)
        row[9] = ""
        before = state()
        result = import_file(actor=attacker, kind="members", file=xlsx([MEMBER_HEADER, row]))
        assert [p.message for p in result.problems] == [PERSON_REFUSED]
        assert state() == before
        assert Membership.objects.get(person=university.full).status == "full"

    def test_a_card_of_the_sibling_is_refused_without_saying_whose(self, client, tree, university, attacker):
        rows = [MEMBER_HEADER, member_row("Người Mới", "001085000101", card="09000001")]
        text, job = upload(client, "members", rows)
        assert [(c, m) for _r, c, m in job.result["problems"]] == [("Số thẻ đảng viên", CARD_REFUSED)]
        assert_tells_nothing(text, university)
        assert not Person.objects.filter(citizen_id="001085000101").exists()

    def test_a_person_moved_away_between_the_check_and_the_write_is_refused(
        self, tree, university, make_user, monkeypatch
    ):
        """The race: the batch is planned while the person is the importer's, then another organisation takes
        them before the rows are written. The check made again under lock refuses the row; nothing is written."""
        staff = make_user(tree.university, "staff")
        plan = MemberImporter.plan

        def plan_then_move(self, records, existing):
            planned = plan(self, records, existing)
            Membership.objects.filter(person=university.probationary).update(unit=tree.cell_kiln)
            return planned

        monkeypatch.setattr(MemberImporter, "plan", plan_then_move)
        row = member_row("Phạm Thị Dự Bị", university.probationary.citizen_id, unit="P.B.U.2")
        row[9] = ""
        fresh = member_row("Người Mới", "001085000101", unit="P.B.U.2")
        before = state()
        result = import_file(actor=staff, kind="members", file=xlsx([MEMBER_HEADER, row, fresh]))
        assert [(p.row, p.message) for p in result.problems] == [(2, PERSON_REFUSED)]
        assert not result.written and state() == before

    def test_a_target_unit_moved_away_meanwhile_is_refused(self, tree, university, make_user, monkeypatch):
        staff = make_user(tree.university, "staff")
        plan = MemberImporter.plan

        def plan_then_move_the_cell(self, records, existing):
            planned = plan(self, records, existing)
            Unit.objects.filter(pk=tree.cell_econ.pk).update(path=tree.cement.path + "0009")  # under the cement
            return planned

        monkeypatch.setattr(MemberImporter, "plan", plan_then_move_the_cell)
        rows = [MEMBER_HEADER, member_row("Người Mới", "001085000101", unit="P.B.U.2")]
        result = import_file(actor=staff, kind="members", file=xlsx(rows))
        assert [(p.row, p.column) for p in result.problems] == [(2, "Mã đơn vị")]
        assert not Person.objects.filter(citizen_id="001085000101").exists()

    def test_the_check_before_the_write_locks_the_persons_and_their_anchors(self, tree, university, make_user):
        """On PostgreSQL the rows read just before the write stay locked until it commits (SQLite has one writer)."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        staff = make_user(tree.university, "staff")
        row = member_row("Phạm Thị Dự Bị", university.probationary.citizen_id, unit="P.B.U.2")
        with CaptureQueriesContext(connection) as queries:
            result = import_file(actor=staff, kind="members", file=xlsx([MEMBER_HEADER, row]))
        assert result.ok and result.updated == 1
        locked = " ".join(q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"])
        if connection.vendor == "postgresql":
            for table in ("people_person", "membership_membership", "people_candidate", "admission_dossier"):
                assert f'FOR UPDATE OF "{table}"' in locked, table
        else:
            assert locked == ""

    def test_a_person_recorded_meanwhile_is_not_overwritten(self, tree, university, make_user, monkeypatch):
        staff = make_user(tree.university, "staff")
        plan = MemberImporter.plan

        def plan_then_record(self, records, existing):
            planned = plan(self, records, existing)
            _person(tree.cell_it, "Người Khác", "001085000101")
            return planned

        monkeypatch.setattr(MemberImporter, "plan", plan_then_record)
        result = import_file(
            actor=staff, kind="members", file=xlsx([MEMBER_HEADER, member_row("Người Mới", "001085000101", "P.B.U.2")])
        )
        assert [p.row for p in result.problems] == [2] and "thay đổi trong lúc nhập" in result.problems[0].message
        assert not Membership.objects.filter(person__citizen_id="001085000101").exists()


class TestUnits:
    HEADER = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Loại"]

    def test_units_of_the_sibling_can_be_neither_changed_nor_probed(self, client, tree, university, attacker):
        rows = [
            self.HEADER,
            ["P.B.U.1", "Đơn vị P.B.U.1", "P.B.U", "cell"],  # exactly as stored: would be "unchanged"
            ["P.B.U.2", "Chi bộ bị đổi tên", "P.B.U", "cell"],
            ["P.B.C.7", "Chi bộ mới", "P.B.U", "cell"],  # a new unit under the sibling
            ["P.B.C.8", "Chi bộ mới", "P.B.Z", "cell"],  # under a code nobody has
            ["P.B.C.1", "Đơn vị P.B.C.1", "P.B.U", "cell"],  # its own cell moved under the sibling
        ]
        before = state()
        text, job = upload(client, "units", rows)
        problems = {row: (column, message) for row, column, message in job.result["problems"]}
        assert set(problems) == {2, 3, 4, 5, 6} and job.result["unchanged"] == 0
        assert problems[2][1] == problems[3][1].replace("P.B.U.2", "P.B.U.1")
        assert problems[4][1].replace("P.B.U", "X") == problems[5][1].replace("P.B.Z", "X")
        assert problems[6][1] == problems[4][1]
        assert "Đơn vị P.B.U" not in text  # no name of the sibling's units
        assert state() == before

    def test_its_own_unit_keeps_its_parent_outside_its_scope(self, tree, attacker):
        """An exported own unit names the parent above the user: importing it back is not a probe nor refused."""
        rows = [self.HEADER, ["P.B.C", "Đảng bộ Xi măng", "P.B", "grassroots_committee"]]
        result = import_file(actor=attacker, kind="units", file=xlsx(rows))
        assert result.ok and result.updated == 1
        assert Unit.objects.get(code="P.B.C").name == "Đảng bộ Xi măng"


class TestQuotas:
    def test_quotas_of_the_sibling_are_neither_shown_nor_set(self, client, tree, university, attacker):
        rows = [
            ["Mã đơn vị", "Năm", "Chỉ tiêu"],
            ["P.B.U", 2026, 7],  # its present quota: would be "unchanged"
            ["P.B.U.1", 2026, 9],
            ["P.B.Z", 2026, 1],
            ["P.B.C.1", 2026, 4],  # the cement's own cell: allowed
            ["P.B.C", 2026, 5],  # the cement itself: set by the bloc, said in its own name
        ]
        before = state()
        text, job = upload(client, "quotas", rows)
        problems = {row: message for row, _column, message in job.result["problems"]}
        assert set(problems) == {2, 3, 4, 6} and job.result["unchanged"] == 0
        assert problems[2].replace("P.B.U", "X") == problems[4].replace("P.B.Z", "X")
        assert problems[3].replace("P.B.U.1", "X") == problems[4].replace("P.B.Z", "X")
        assert "Đơn vị P.B.C" in problems[6]  # its own unit's name, which it sees anyway
        assert "Đơn vị P.B.U" not in text and not re.search(r"P\.B\.U[.0-9]* 2026", text)
        assert state() == before


class TestPreviewsAreAudited:
    def test_a_preview_in_the_web_ui_writes_one_event_without_personal_data(self, client, tree, university, attacker):
        rows = [PEOPLE_HEADER, people_row("Đào Thị Ứng Viên", university.candidate.citizen_id)]
        rows += [people_row(f"Người Mới {i}", f"00130000010{i}") for i in range(3)]
        _text, job = upload(client, "people", rows)
        event = Event.objects.get(action="exchange.preview")
        assert (event.actor, event.target_type, event.target_id, event.unit) == (
            attacker, "exchange.importjob", str(job.pk), tree.cement)  # fmt: skip
        assert event.after == {
            "kind": "people", "file": "tep.xlsx", "rows": 4, "created": 3, "updated": 0, "unchanged": 0,
            "problems": 1, "file_error": False,
        }  # fmt: skip
        assert "0013" not in str(event.after) and "Đào" not in str(event.after)

    def test_a_preview_through_the_service_and_of_a_bad_file_is_audited_too(self, tree, attacker):
        import_file(actor=attacker, kind="quotas", file=io.BytesIO(b"not a workbook"), dry_run=True, file_name="x")
        event = Event.objects.get(action="exchange.preview")
        assert (event.target_type, event.target_id, event.after["file_error"]) == (
            "accounts.user", str(attacker.pk), True)  # fmt: skip
        import_file(actor=attacker, kind="quotas", file=xlsx([["Mã đơn vị", "Năm", "Chỉ tiêu"]]), file_name="y")
        assert Event.objects.filter(action="exchange.preview").count() == 1  # an import is not a preview

    def test_the_command_line_has_no_actor_and_records_no_preview(self, tree, tmp_path):
        path = tmp_path / "q.xlsx"
        path.write_bytes(xlsx([["Mã đơn vị", "Năm", "Chỉ tiêu"], ["P.B.U", 2026, 5]]).getvalue())
        call_command("import", "quotas", str(path), "--dry-run", stdout=io.StringIO(), stderr=io.StringIO())
        assert not Event.objects.filter(action="exchange.preview").exists()


class TestPersonForm:
    """The new-person form, and the edit form, with another organisation's citizen ID."""

    def form(self, citizen_id, unit="P.B.C.1"):
        return {
            "unit_code": unit, "full_name": "Tên Giả", "sex": "female", "birth_date": "01/01/1995",
            "citizen_id": citizen_id, "occupation": "worker", "ethnicity": "Kinh", "religion": "Không",
        }  # fmt: skip

    def test_the_ids_of_the_sibling_get_one_neutral_answer(self, client, tree, university, attacker):
        count = Person.objects.count()
        messages = set()
        for person in university.persons():
            if person is university.split:  # their record is the cement's: it sees them, and is told so
                continue
            response = client.post(reverse("people:create"), self.form(person.citizen_id))
            text = response.content.decode()
            assert response.status_code == 422
            assert_tells_nothing(text, university)
            assert "Đã có người mang số CCCD" not in text
            messages.add(re.search(r"Không thể ghi nhận số định danh này[^<]*", text).group(0))
        assert messages == {"Không thể ghi nhận số định danh này ở đơn vị của đồng chí; liên hệ ban tổ chức cấp trên."}
        assert Person.objects.count() == count

    def test_changing_a_persons_id_to_the_siblings(self, client, tree, university, attacker):
        own = _person(tree.cell_kiln, "Người Của Mình", "001300000201")
        data = {k: v for k, v in self.form(university.full.citizen_id).items() if k != "unit_code"}
        response = client.post(reverse("people:edit", args=[own.pk]), data)
        assert response.status_code == 422 and "Không thể ghi nhận số định danh này" in response.content.decode()
        own.refresh_from_db()
        assert own.citizen_id == "001300000201"

    def test_inside_the_organisation_the_duplicate_is_named_as_before(self, client, tree, university, make_user):
        client.force_login(make_user(tree.university, "staff"))
        response = client.post(reverse("people:create"), self.form(university.candidate.citizen_id, unit="P.B.U.1"))
        assert "Đã có người mang số CCCD" in response.content.decode()

    def test_a_unit_code_of_the_sibling_reads_as_unknown(self, client, tree, university, attacker):
        sibling = client.post(reverse("people:create"), self.form("001300000301", unit="P.B.U.1")).content.decode()
        unknown = client.post(reverse("people:create"), self.form("001300000301", unit="P.B.Z.1")).content.decode()
        assert "Không có đơn vị nào mang mã P.B.U.1 trong các đơn vị của đồng chí" in sibling
        assert "Không có đơn vị nào mang mã P.B.Z.1 trong các đơn vị của đồng chí" in unknown
        assert not Person.objects.filter(citizen_id="001300000301").exists()
