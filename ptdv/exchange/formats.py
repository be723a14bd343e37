"""The spreadsheet formats of ../shared/domain/exchange.md: a public contract, so the headers and the
Vietnamese labels are fixed here whatever the user's language."""

from ptdv.people.choices import ETHNIC_GROUPS, OCCUPATION_LABELS, RELIGIONS, SEX_LABELS
from ptdv.units.models import Sector, UnitType

from .rules import Column

UNIT_TYPE_LABELS = {
    UnitType.PROVINCE.value: "Đảng bộ tỉnh, thành phố",
    UnitType.BLOC.value: "Đảng bộ khối",
    UnitType.DISTRICT.value: "Đảng bộ cấp huyện",
    UnitType.COMMUNE.value: "Đảng bộ xã",
    UnitType.WARD.value: "Đảng bộ phường",
    UnitType.GRASSROOTS_COMMITTEE.value: "Đảng bộ cơ sở",
    UnitType.GRASSROOTS_CELL.value: "Chi bộ cơ sở",
    UnitType.SUB_COMMITTEE.value: "Đảng bộ bộ phận",
    UnitType.CELL.value: "Chi bộ trực thuộc",
    UnitType.GROUP.value: "Tổ đảng",
}
UNIT_TYPE_ALIASES = {
    "Đảng bộ tỉnh": UnitType.PROVINCE.value,
    "Tỉnh ủy": UnitType.PROVINCE.value,
    "Đảng bộ huyện": UnitType.DISTRICT.value,
    "Chi bộ": UnitType.CELL.value,
}
SECTOR_LABELS = {
    Sector.COMMUNE.value: "Xã",
    Sector.WARD.value: "Phường",
    Sector.AGENCY.value: "Cơ quan",
    Sector.PUBLIC_SERVICE.value: "Đơn vị sự nghiệp",
    Sector.STATE_ENTERPRISE.value: "Doanh nghiệp nhà nước",
    Sector.NON_STATE_ENTERPRISE.value: "Doanh nghiệp ngoài nhà nước",
    Sector.SCHOOL.value: "Trường học",
    Sector.ARMED_FORCES.value: "Lực lượng vũ trang",
    Sector.OTHER.value: "Khác",
}
ETHNICITY_LABELS = {name: name for name in ETHNIC_GROUPS}
RELIGION_LABELS = {name: name for name in RELIGIONS}

UNITS = [
    Column("code", "Mã đơn vị", required=True),
    Column("name", "Tên đơn vị", required=True),
    Column("parent_code", "Mã đơn vị cấp trên"),
    Column("unit_type", "Loại", "code", required=True, labels=UNIT_TYPE_LABELS, aliases=UNIT_TYPE_ALIASES),
    Column("sector", "Lĩnh vực", "code", labels=SECTOR_LABELS),
    Column("may_admit", "Được ủy quyền kết nạp", "yesno"),
]
PEOPLE = [
    Column("full_name", "Họ và tên", required=True),
    Column("birth_date", "Ngày sinh", "date", required=True),
    Column("sex", "Giới tính", "code", required=True, labels=SEX_LABELS),
    Column("citizen_id", "Số CCCD", "citizen_id", required=True),
    Column("ethnicity", "Dân tộc", "code", labels=ETHNICITY_LABELS),
    Column("religion", "Tôn giáo", "code", labels=RELIGION_LABELS),
    Column("occupation", "Nghề nghiệp", "code", required=True, labels=OCCUPATION_LABELS),
    Column("general_education", "Trình độ GDPT"),
    Column("youth_union", "Đoàn viên", "yesno"),
    Column("business_owner", "Chủ doanh nghiệp", "yesno"),
    Column("unit_code", "Mã đơn vị", required=True),
    Column("pool_date", "Ngày vào nguồn", "date"),
    Column("helper_citizen_id", "CCCD người giúp đỡ", "citizen_id"),
    # below lower-secondary education, admitted by exception (Charter art. 1; the exception's wording UNCONFIRMED)
    Column("education_exception", "Ngoại lệ trình độ", "yesno"),
    Column("education_exception_reason", "Lý do ngoại lệ trình độ"),
]
MEMBERS = [
    *PEOPLE,
    Column("decision_date", "Ngày quyết định kết nạp", "date", required=True),
    Column("decision_number", "Số quyết định kết nạp"),
    Column("ceremony_date", "Ngày kết nạp", "date"),
    Column("full_member_date", "Ngày công nhận chính thức", "date"),
    Column("card_number", "Số thẻ đảng viên"),
    Column("readmitted", "Kết nạp lại", "yesno"),
]
QUOTAS = [
    Column("unit_code", "Mã đơn vị", required=True),
    Column("year", "Năm", "int", required=True),
    Column("quota", "Chỉ tiêu", "int", required=True),
]

MOVEMENT_KIND_LABELS = {
    "transfer_out": "Chuyển đi",
    "transfer_in": "Chuyển đến",
    "internal": "Chuyển nội bộ",
    "temporary_out": "Đi sinh hoạt tạm thời",
    "temporary_back": "Hết sinh hoạt tạm thời",
    "died": "Từ trần",
    "expelled": "Khai trừ",
    "struck_off": "Xóa tên",
    "resigned": "Xin ra khỏi Đảng",
    "restored": "Phục hồi",
    "exempted": "Miễn sinh hoạt",
    "exemption_ended": "Hết miễn sinh hoạt",
}
MOVEMENT_KIND_ALIASES = {
    "Chuyển sinh hoạt đi": "transfer_out",
    "Chuyển sinh hoạt đến": "transfer_in",
    "Phục hồi đảng tịch": "restored",
    "Miễn công tác và sinh hoạt đảng": "exempted",
}
# One dated event of the roll per row (roll.md); a transfer in of a person not yet in the system carries the
# `members` columns, none of them required otherwise.
MOVEMENTS = [
    Column("citizen_id", "Số CCCD", "citizen_id", required=True),
    Column(
        "kind", "Loại biến động", "code", required=True, labels=MOVEMENT_KIND_LABELS, aliases=MOVEMENT_KIND_ALIASES
    ),  # fmt: skip
    Column("date", "Ngày", "date", required=True),
    Column("unit_code", "Mã đơn vị"),
    Column("other_place", "Nơi đến / nơi đi"),
    Column("document_number", "Số văn bản"),
    Column("document_date", "Ngày văn bản", "date"),
    Column("note", "Ghi chú"),
    *[
        Column(c.key, c.header, c.kind, required=False, labels=c.labels, aliases=c.aliases)
        for c in MEMBERS
        if c.key not in ("citizen_id", "unit_code", "pool_date", "helper_citizen_id")
    ],
]

FORMATS = {"units": UNITS, "people": PEOPLE, "members": MEMBERS, "movements": MOVEMENTS, "quotas": QUOTAS}
# Cells a row must fill, beyond the columns that must be present (the people columns a member row may leave
# empty are the pool's own).
MEMBER_IGNORED = {"pool_date", "helper_citizen_id", "education_exception", "education_exception_reason"}


def column(kind: str, key: str) -> Column:
    return next(c for c in FORMATS[kind] if c.key == key)
