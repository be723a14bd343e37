"""The pool as an .xlsx workbook in the `people` format of ../shared/domain/exchange.md, so that an export can be
edited and imported back unchanged."""

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .choices import Occupation, Sex
from .models import HelperAssignment

PEOPLE_COLUMNS = [
    "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Dân tộc", "Tôn giáo", "Nghề nghiệp", "Trình độ GDPT",
    "Đoàn viên", "Chủ doanh nghiệp", "Mã đơn vị", "Ngày vào nguồn", "CCCD người giúp đỡ",
]  # fmt: skip
SEX_LABELS = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}
# Vietnamese labels of statistics.md, whatever the user's language: the file is a contract.
OCCUPATION_LABELS = {
    Occupation.CIVIL_SERVANT_STATE: "Cán bộ, công chức trong cơ quan nhà nước (từ cấp huyện/tỉnh trở lên)",
    Occupation.CIVIL_SERVANT_PARTY: "Cán bộ, công chức trong cơ quan Đảng, Mặt trận, đoàn thể",
    Occupation.COMMUNE_OFFICIAL: "Cán bộ, công chức, người hoạt động không chuyên trách cấp xã",
    Occupation.VILLAGE_STAFF: "Người hoạt động ở thôn, tổ dân phố",
    Occupation.PUBLIC_EMPLOYEE: "Viên chức đơn vị sự nghiệp công lập",
    Occupation.PRIVATE_EMPLOYEE: "Người làm việc trong đơn vị sự nghiệp ngoài công lập",
    Occupation.ENTERPRISE_MANAGER: "Quản lý, nhân viên văn phòng trong doanh nghiệp",
    Occupation.WORKER: "Công nhân, người lao động trực tiếp sản xuất trong doanh nghiệp",
    Occupation.FARMER: "Nông, lâm, ngư nghiệp",
    Occupation.ARMED_FORCES: "Lực lượng vũ trang",
    Occupation.UNIVERSITY_STUDENT: "Sinh viên",
    Occupation.PUPIL: "Học sinh (THPT)",
    Occupation.OTHER: "Khác",
}


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
    header = []
    for title in PEOPLE_COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in pool_rows(candidates):
        sheet.append(row)
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"nguon-ket-nap-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    workbook.save(response)
    return response
