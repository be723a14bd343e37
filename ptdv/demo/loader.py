"""Demo data: an invented province with realistic Vietnamese units, members and one account per role.

Idempotent: units and accounts that already exist (by code, by username) are left as they are. Every write goes
through the services, so the demo also fills the history."""

import datetime
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from ptdv.accounts.models import User
from ptdv.accounts.services import user_create
from ptdv.admission.demo import demo_dossiers_load
from ptdv.core.names import person_name
from ptdv.exchange.demo import demo_roll_import
from ptdv.membership.demo import demo_movements_load
from ptdv.membership.models import Membership
from ptdv.people.demo import demo_people_load
from ptdv.quotas.demo import demo_quotas_load
from ptdv.reminders.demo import demo_reminders_load
from ptdv.reports.demo import demo_history_load
from ptdv.reports.models import AdmissionRecord
from ptdv.reports.services import rollups_rebuild
from ptdv.units.models import Unit
from ptdv.units.services import unit_close, unit_create


@dataclass
class Node:
    code: str
    name: str
    unit_type: str
    sector: str = ""
    may_admit: bool = False
    members: int | None = None  # declared members; None: a random size for a cell, 0 for a committee
    children: list["Node"] = field(default_factory=list)
    valid_from: datetime.date = datetime.date(2010, 1, 1)


def cells(prefix: str, names: list[str], sizes: tuple[int, int] = (8, 40)) -> list[Node]:
    return [
        Node(f"{prefix}.{i:02d}", f"Chi bộ {name}", "cell", members=random.randint(*sizes))  # noqa: S311 - demo data, not security  # nosec B311
        for i, name in enumerate(names, start=1)
    ]


def grassroots(code: str, name: str, sector: str, cell_names: list[str], **kw) -> Node:
    return Node(code, name, "grassroots_committee", sector, children=cells(code, cell_names, **kw))


def province_tree() -> Node:
    bloc = Node(
        "BS.KCQ",
        "Đảng bộ Khối Cơ quan và Doanh nghiệp tỉnh",
        "bloc",
        may_admit=True,
        members=0,
        children=[
            grassroots(
                "BS.KCQ.DH",
                "Đảng bộ Trường Đại học Bình Sơn",
                "public_service",
                ["Khoa Kinh tế", "Khoa Công nghệ thông tin", "Khoa Sư phạm", "Phòng Đào tạo", "Sinh viên"],
            ),
            grassroots(
                "BS.KCQ.CDYT",
                "Đảng bộ Trường Cao đẳng Y tế Bình Sơn",
                "public_service",
                ["Khoa Điều dưỡng", "Khoa Dược", "Phòng Hành chính - Tổng hợp"],
            ),
            grassroots(
                "BS.KCQ.XM",
                "Đảng bộ Công ty Cổ phần Xi măng Bình Sơn",
                "state_enterprise",
                ["Phân xưởng Lò nung", "Phân xưởng Nghiền đóng bao", "Phòng Kỹ thuật", "Khối Văn phòng"],
                sizes=(15, 45),
            ),
            grassroots(
                "BS.KCQ.MAY",
                "Đảng bộ Công ty TNHH May xuất khẩu Hưng Phát",
                "non_state_enterprise",
                ["Xưởng may 1", "Xưởng may 2", "Khối Văn phòng"],
                sizes=(5, 18),
            ),
            grassroots(
                "BS.KCQ.THUE",
                "Đảng bộ Cục Thuế tỉnh",
                "agency",
                ["Phòng Kiểm tra", "Phòng Tuyên truyền - Hỗ trợ người nộp thuế", "Văn phòng Cục"],
            ),
            grassroots(
                "BS.KCQ.DL",
                "Đảng bộ Công ty Điện lực Bình Sơn",
                "state_enterprise",
                ["Điện lực thành phố", "Phòng Kỹ thuật - An toàn", "Đội Quản lý vận hành lưới điện"],
            ),
        ],
    )
    city = Node(
        "BS.TP",
        "Đảng bộ thành phố Bình Sơn",
        "district",
        may_admit=True,
        members=0,
        children=[
            grassroots(
                "BS.TP.HB",
                "Đảng bộ phường Hòa Bình",
                "ward",
                ["Tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 3", "Tổ dân phố 4", "Cơ quan phường"],
                sizes=(20, 60),
            ),
            grassroots(
                "BS.TP.QT",
                "Đảng bộ phường Quang Trung",
                "ward",
                ["Khu phố Bắc Sơn", "Khu phố Nam Hà", "Khu phố Đông Thành", "Cơ quan phường"],
                sizes=(20, 60),
            ),
            grassroots(
                "BS.TP.TA",
                "Đảng bộ xã Tân An",
                "commune",
                ["Thôn Đông", "Thôn Đoài", "Thôn Trung", "Thôn Hạ", "Trường Tiểu học Tân An"],
                sizes=(12, 40),
            ),
            grassroots(
                "BS.TP.YL",
                "Đảng bộ xã Yên Lạc",
                "commune",
                ["Thôn Yên Thượng", "Thôn Yên Hạ", "Thôn Lạc Thủy"],
                sizes=(6, 15),
            ),
            Node("BS.TP.THPT", "Chi bộ Trường THPT Lê Quý Đôn", "grassroots_cell", "school", members=24),
        ],
    )
    return Node("BS", "Đảng bộ tỉnh Bình Sơn", "province", may_admit=True, members=0, children=[bloc, city])


# A unit merged into another in the 2025 restructuring: closed, with its successor, so history shows.
MERGED = Node(
    "BS.TP.YP",
    "Đảng bộ xã Yên Phú",
    "grassroots_committee",
    "commune",
    members=0,
    valid_from=datetime.date(2005, 1, 1),
    children=[],
)
MERGED_INTO, MERGED_ON = "BS.TP.YL", datetime.date(2025, 6, 30)

# One account per role (and a sibling-unit staff account, to show that scopes do not overlap).
ACCOUNTS = [
    ("quantri", "BS", ["admin", "staff"], "Quản trị hệ thống"),
    ("bantochuc", "BS", ["staff"], "Ban Tổ chức Tỉnh ủy"),
    ("khoi.tochuc", "BS.KCQ", ["staff", "committee"], "Ban Tổ chức Đảng ủy Khối"),
    ("dhbs.dangu", "BS.KCQ.DH", ["committee"], "Đảng ủy Trường Đại học"),
    ("ximang.tochuc", "BS.KCQ.XM", ["staff"], "Đảng ủy Công ty Xi măng"),
    ("cb.cntt", "BS.KCQ.DH.02", ["cell_secretary"], "Bí thư Chi bộ Khoa CNTT"),
    ("xem.thanhpho", "BS.TP", ["viewer"], "Xem báo cáo Thành ủy"),
]


def _create(node: Node, parent: Unit | None, created: list[Unit]) -> None:
    unit = Unit.objects.filter(code=node.code).first()
    if unit is None:
        members = node.members
        if members is None:  # a cell's size; a committee's members are on its cells' rolls
            members = random.randint(8, 40) if node.unit_type in ("cell", "grassroots_cell") else 0  # noqa: S311 - demo data, not security  # nosec B311
        unit = unit_create(
            actor=None,
            parent=parent,
            code=node.code,
            name=node.name,
            unit_type=node.unit_type,
            sector=node.sector,
            may_admit=node.may_admit,
            valid_from=node.valid_from,
            member_count=members,
        )
        created.append(unit)
    for child in node.children:
        _create(child, unit, created)


@dataclass
class DemoResult:
    units_created: int
    candidates_created: int
    dossiers_created: int
    accounts: list[tuple[str, str, str, str]]  # username, full name, unit name, roles


@transaction.atomic
def demo_load(*, seed: int = 2026) -> DemoResult:
    random.seed(seed)
    rng = random.Random(seed)  # the demo's reproducible data, not security  # nosec B311
    created: list[Unit] = []
    tree = province_tree()
    _create(tree, None, created)
    if not Unit.objects.filter(code=MERGED.code).exists():
        _create(MERGED, Unit.objects.get(code="BS.TP"), created)
        unit_close(
            actor=None,
            unit=Unit.objects.get(code=MERGED.code),
            valid_to=MERGED_ON,
            successor=Unit.objects.get(code=MERGED_INTO),
        )
    accounts = []
    for username, unit_code, roles, title in ACCOUNTS:
        unit = Unit.objects.get(code=unit_code)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                password=settings.PTDV_DEMO_PASSWORD,
                unit=unit,
                roles=roles,
                full_name=" ".join(person_name(rng)[:2]),
            )
        accounts.append((username, f"{user.get_full_name()} ({title})", unit.name, ", ".join(user.role_labels())))
    candidates = demo_people_load(rng=rng)
    dossiers = demo_dossiers_load()
    demo_quotas_load(rng=rng)
    demo_history_load(rng=rng)
    if AdmissionRecord.objects.count() != Membership.objects.filter(arrived_on__isnull=True).count():  # old database
        rollups_rebuild()
    dossiers += demo_reminders_load(rng=rng)
    demo_roll_import(rng=rng)  # each cell's roll topped up to the members it declares
    demo_movements_load(rng=rng)  # last: a year of movements of the roll (Biểu 1)
    return DemoResult(
        units_created=len(created), candidates_created=candidates, dossiers_created=dossiers, accounts=accounts
    )
