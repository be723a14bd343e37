"""Lists as .xlsx in the formats of exchange.md, so that export → edit → import changes nothing; and the templates
of each format (headers, an example row, the accepted values of the coded columns on a second sheet).

Written with openpyxl's write-only mode: rows stream out, memory stays flat for large lists."""

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from ptdv.admission.models import Dossier
from ptdv.core.files import attachment
from ptdv.core.spreadsheets import safe_row
from ptdv.membership.models import Membership
from ptdv.people.models import HelperAssignment
from ptdv.quotas.models import Quota

from .formats import FORMATS, OCCUPATION_LABELS, SECTOR_LABELS, SEX_LABELS, UNIT_TYPE_LABELS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLES = {"units": "Don vi", "people": "Nguon ket nap", "members": "Dang vien", "quotas": "Chi tieu",
                "movements": "Bien dong"}  # fmt: skip


def _date(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _yes_no(value: bool) -> str:
    return "Có" if value else "Không"


def headers(kind: str) -> list[str]:
    return [column.header for column in FORMATS[kind]]


def unit_rows(units):
    for unit in units.select_related("parent").order_by("path").iterator(chunk_size=2000):
        yield [
            unit.code,
            unit.name,
            unit.parent.code if unit.parent else "",
            UNIT_TYPE_LABELS[unit.unit_type],
            SECTOR_LABELS.get(unit.sector, ""),
            _yes_no(unit.may_admit),
        ]


def _person_cells(person, unit_code: str) -> list:
    return [
        person.full_name,
        _date(person.birth_date),
        SEX_LABELS[person.sex],
        person.citizen_id,
        person.ethnicity,
        person.religion,
        OCCUPATION_LABELS[person.occupation],
        person.general_education,
        _yes_no(person.youth_union),
        _yes_no(person.business_owner),
        unit_code,
    ]


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
        yield [
            *_person_cells(candidate.person, candidate.unit.code),
            _date(candidate.entered_on),
            helpers.get(candidate.pk, ""),
        ]


def member_rows(memberships):
    for membership in memberships.select_related("person", "unit").order_by("unit__path", "person__sort_name", "pk"):
        yield [
            *_person_cells(membership.person, membership.unit.code),
            "",  # pool date: the pool's own
            "",  # helper: the pool's own
            "",  # education exception: the pool's own
            "",
            _date(membership.decision_date),
            membership.decision_number,
            _date(membership.ceremony_date),
            _date(membership.full_member_date),
            membership.card_number,
            _yes_no(membership.readmitted),
        ]


def quota_rows(quotas):
    for quota in quotas.select_related("unit").order_by("year", "unit__path"):
        yield [quota.unit.code, quota.year, quota.quota]


DOSSIER_EXTRA = ["Giai đoạn", "Ngày mở hồ sơ"]


def dossier_rows(dossiers):
    """The persons of the dossiers in the `people` format (the pool's columns left empty), then the stage and the
    opening date: columns an import of the `people` format reports as ignored."""
    for dossier in dossiers.select_related("person", "unit", "candidate").order_by(
        "unit__path", "person__sort_name", "pk"
    ):
        yield [
            *_person_cells(dossier.person, dossier.unit.code),
            "",
            "",
            _yes_no(bool(dossier.candidate and dossier.candidate.education_exception)),
            dossier.candidate.education_exception if dossier.candidate else "",
            str(dossier.get_stage_display()),
            _date(dossier.opened_on),
        ]


def workbook_response(*, kind: str, rows, file_stem: str, extra_headers=()) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLES.get(kind, kind))
    sheet.append(_bold(sheet, [*headers(kind), *extra_headers]))
    for row in rows:
        sheet.append(safe_row(sheet, row))
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = attachment(f"{file_stem}-{timezone.localdate():%Y-%m-%d}.xlsx")
    workbook.save(response)
    return response


def _bold(sheet, values):
    return safe_row(sheet, values, font=Font(bold=True))


def export_units(units) -> HttpResponse:
    return workbook_response(kind="units", rows=unit_rows(units), file_stem="don-vi")


def export_pool(candidates) -> HttpResponse:
    return workbook_response(kind="people", rows=pool_rows(candidates), file_stem="nguon-ket-nap")


def export_members(memberships=None) -> HttpResponse:
    memberships = Membership.objects.all() if memberships is None else memberships
    return workbook_response(kind="members", rows=member_rows(memberships), file_stem="dang-vien")


def movement_rows(events):
    """The roll's movements in the `movements` format (exchange.md): importing them again changes nothing. A
    transfer in of a member who arrived from outside the system carries the `members` columns."""
    from ptdv.membership import rules as roll

    from .formats import MOVEMENT_KIND_LABELS, MOVEMENTS

    keys = [column.key for column in MOVEMENTS]
    destination = (roll.TRANSFER_IN, roll.INTERNAL, roll.TEMPORARY_OUT, roll.RESTORED)
    events = events.filter(kind__in=roll.MOVEMENT_KINDS).select_related(
        "membership__person", "unit", "unit_before", "document_unit"
    )
    for event in events.order_by("date", "pk").iterator(chunk_size=2000):
        person, membership = event.membership.person, event.membership
        unit = event.unit if event.kind in destination else event.unit_before
        values = {
            "citizen_id": person.citizen_id, "kind": MOVEMENT_KIND_LABELS[event.kind], "date": _date(event.date),
            "unit_code": unit.code if unit else "", "other_place": event.other_place,
            "document_number": event.document_number, "document_date": _date(event.document_date),
            "note": event.note,
        }  # fmt: skip
        if event.kind == roll.TRANSFER_IN and event.unit_before_id is None and membership.arrived_on == event.date:
            values.update({
                "full_name": person.full_name, "birth_date": _date(person.birth_date), "sex": SEX_LABELS[person.sex],
                "ethnicity": person.ethnicity, "religion": person.religion,
                "occupation": OCCUPATION_LABELS[person.occupation], "general_education": person.general_education,
                "youth_union": _yes_no(person.youth_union), "business_owner": _yes_no(person.business_owner),
                "decision_date": _date(membership.decision_date), "decision_number": membership.decision_number,
                "ceremony_date": _date(membership.ceremony_date),
                "full_member_date": _date(membership.full_member_date), "card_number": membership.card_number,
                "readmitted": _yes_no(membership.readmitted),
            })  # fmt: skip
        yield [values.get(key, "") for key in keys]


def export_movements(events) -> HttpResponse:
    return workbook_response(kind="movements", rows=movement_rows(events), file_stem="bien-dong-dang-vien")


def export_quotas(quotas=None) -> HttpResponse:
    quotas = Quota.objects.all() if quotas is None else quotas
    return workbook_response(kind="quotas", rows=quota_rows(quotas), file_stem="chi-tieu")


def export_dossiers(dossiers=None) -> HttpResponse:
    dossiers = Dossier.objects.all() if dossiers is None else dossiers
    return workbook_response(
        kind="people", rows=dossier_rows(dossiers), file_stem="ho-so-ket-nap", extra_headers=DOSSIER_EXTRA
    )


EXAMPLES = {
    "units": [["P.B.U.3", "Chi bộ Khoa Luật", "P.B.U", "Chi bộ trực thuộc", "", "Không"]],
    "people": [
        ["Đào Thị Dũng", "17/05/2001", "Nữ", "001301000123", "Kinh", "Không", "Sinh viên", "12/12", "Có", "Không",
         "P.B.U.1", "15/01/2026", "", "Không", ""],
    ],
    "members": [
        ["Nguyễn Văn An", "01/02/1990", "Nam", "001090000001", "Kinh", "Không",
         "Công nhân, người lao động trực tiếp sản xuất trong doanh nghiệp", "12/12", "Không", "Không", "P.B.C.1", "",
         "", "", "", "02/03/2015", "12-QĐ/ĐU", "10/03/2015", "10/03/2016", "01234567", "Không"],
    ],
    "quotas": [["P.B.U", 2026, 5]],
    "movements": [
        ["001090000001", "Chuyển đến", "15/03/2026", "P.T.X.1", "", "05-GGT/ĐU", "10/03/2026", ""],
        ["001090000002", "Chuyển đi", "01/04/2026", "", "Đảng bộ tỉnh Lào Cai", "7-GGT/ĐU", "01/04/2026", ""],
    ],
}  # fmt: skip


def template_response(kind: str) -> HttpResponse:
    """The template of a format: headers and an example row; the second sheet lists every column, whether it is
    required, how to write it, and the accepted values of each coded column."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLES[kind])
    sheet.append(_bold(sheet, headers(kind)))
    for row in EXAMPLES[kind]:
        sheet.append(safe_row(sheet, row))
    values = workbook.create_sheet("Danh muc")
    values.append(_bold(values, ["Cột", "Tên mã (tiếng Anh)", "Bắt buộc", "Cách ghi / giá trị", "Mã"]))
    how = {
        "date": "dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd hoặc ô kiểu ngày của Excel",
        "yesno": "Có / Không (hoặc x / để trống, 1 / 0, yes / no)",
        "int": "Số nguyên",
        "citizen_id": "12 chữ số",
        "text": "Chữ",
    }
    for column in FORMATS[kind]:
        required = "Có" if column.required else ""
        if column.kind == "code":
            for code, label in column.labels.items():
                values.append(safe_row(values, [column.header, column.key, required, label, code]))
        else:
            values.append(safe_row(values, [column.header, column.key, required, how[column.kind], ""]))
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = attachment(f"mau-{kind}.xlsx")
    workbook.save(response)
    return response
