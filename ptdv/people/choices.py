"""Lists of values for persons: occupations (statistics.md), Vietnam's 54 ethnic groups, religions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Occupation(models.TextChoices):
    """Exactly one per person: the rows of Biểu 2 (statistics.md)."""

    CIVIL_SERVANT_STATE = "civil_servant_state", _("Civil servant in a state agency (district/province level and up)")
    CIVIL_SERVANT_PARTY = "civil_servant_party", _("Civil servant in a party, front or mass organisation agency")
    COMMUNE_OFFICIAL = "commune_official", _("Commune-level official or part-time worker")
    VILLAGE_STAFF = "village_staff", _("Worker in a village or residential group")
    PUBLIC_EMPLOYEE = "public_employee", _("Employee of a public service unit")
    PRIVATE_EMPLOYEE = "private_employee", _("Employee of a non-public service unit")
    ENTERPRISE_MANAGER = "enterprise_manager", _("Manager or office worker in an enterprise")
    WORKER = "worker", _("Worker in direct production in an enterprise")
    FARMER = "farmer", _("Farming, forestry, fishery")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    UNIVERSITY_STUDENT = "university_student", _("University student")
    PUPIL = "pupil", _("Upper-secondary pupil")
    OTHER = "other", _("Other")


# The 54 ethnic groups of Vietnam, by population; the value is the name used on party documents.
ETHNIC_GROUPS = [
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai", "Ê Đê", "Ba Na", "Xơ Đăng",
    "Sán Chay", "Cơ Ho", "Chăm", "Sán Dìu", "Hrê", "Mnông", "Ra Glai", "Xtiêng", "Bru-Vân Kiều", "Thổ", "Giáy",
    "Cơ Tu", "Gié Triêng", "Mạ", "Khơ Mú", "Co", "Tà Ôi", "Chơ Ro", "Kháng", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào",
    "La Chí", "La Ha", "Phù Lá", "La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Cơ Lao", "Cống", "Bố Y",
    "Si La", "Pu Péo", "Brâu", "Ơ Đu", "Rơ Măm", "Ngái",
]  # fmt: skip
MAJORITY_ETHNIC_GROUP = "Kinh"
ETHNICITY_CHOICES = [(name, name) for name in ETHNIC_GROUPS]

# "Không" is no religion; then the religions recognised in Vietnam, and "Khác" (other).
NO_RELIGION = "Không"
RELIGIONS = [
    NO_RELIGION, "Phật giáo", "Công giáo", "Tin Lành", "Cao Đài", "Phật giáo Hòa Hảo", "Hồi giáo", "Bahá'í",
    "Tịnh độ Cư sĩ Phật hội Việt Nam", "Bửu Sơn Kỳ Hương", "Tứ Ân Hiếu Nghĩa", "Minh Sư Đạo", "Minh Lý Đạo",
    "Bà-la-môn", "Mặc môn", "Phật giáo Hiếu Nghĩa Tà Lơn", "Cơ đốc Phục lâm", "Khác",
]  # fmt: skip
RELIGION_CHOICES = [(name, name) for name in RELIGIONS]


class PoliticalTheory(models.TextChoices):
    NONE = "", _("None")
    ELEMENTARY = "elementary", _("Elementary (sơ cấp)")
    INTERMEDIATE = "intermediate", _("Intermediate (trung cấp)")
    ADVANCED = "advanced", _("Advanced (cao cấp)")
    BACHELOR = "bachelor", _("Bachelor (cử nhân)")


class PoolSource(models.TextChoices):
    """Who proposed the candidate for the pool."""

    YOUTH_UNION = "youth_union", _("Proposed by the Youth Union")
    TRADE_UNION = "trade_union", _("Proposed by the trade union")
    WOMEN_UNION = "women_union", _("Proposed by the Women's Union")
    CELL = "cell", _("Found by the cell")
    OTHER = "other", _("Other")


class LeaveReason(models.TextChoices):
    ADMISSION = "admission", _("Moved on to an admission dossier")
    MOVED = "moved", _("Moved away or changed job")
    DECLINED = "declined", _("No longer wishes to join")
    UNSUITABLE = "unsuitable", _("No longer meets the standards")
    OTHER = "other", _("Other")


# The Vietnamese labels of statistics.md, whatever the user's language: the spreadsheets' contract (exchange.md) and the
# reports' wording.
SEX_LABELS = {Sex.MALE.value: "Nam", Sex.FEMALE.value: "Nữ"}
OCCUPATION_LABELS = {
    Occupation.CIVIL_SERVANT_STATE.value: "Cán bộ, công chức trong cơ quan nhà nước (từ cấp huyện/tỉnh trở lên)",
    Occupation.CIVIL_SERVANT_PARTY.value: "Cán bộ, công chức trong cơ quan Đảng, Mặt trận, đoàn thể",
    Occupation.COMMUNE_OFFICIAL.value: "Cán bộ, công chức, người hoạt động không chuyên trách cấp xã",
    Occupation.VILLAGE_STAFF.value: "Người hoạt động ở thôn, tổ dân phố",
    Occupation.PUBLIC_EMPLOYEE.value: "Viên chức đơn vị sự nghiệp công lập",
    Occupation.PRIVATE_EMPLOYEE.value: "Người làm việc trong đơn vị sự nghiệp ngoài công lập",
    Occupation.ENTERPRISE_MANAGER.value: "Quản lý, nhân viên văn phòng trong doanh nghiệp",
    Occupation.WORKER.value: "Công nhân, người lao động trực tiếp sản xuất trong doanh nghiệp",
    Occupation.FARMER.value: "Nông, lâm, ngư nghiệp",
    Occupation.ARMED_FORCES.value: "Lực lượng vũ trang",
    Occupation.UNIVERSITY_STUDENT.value: "Sinh viên",
    Occupation.PUPIL.value: "Học sinh (THPT)",
    Occupation.OTHER.value: "Khác",
}
