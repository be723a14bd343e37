"""`ptdv createadmin --unit CODE --username NAME [--full-name "…"] [--email …] [--role ROLE …]
[--unit-name "…" --unit-type TYPE] [--noinput]`: the first administrator of a new installation (or any account
made from the console): an account in a unit with the `admin` role, recorded in the audit log. The unit must exist,
or be given a name and type to be created as a top unit (the root of the tree). The password is asked twice, or
read from PTDV_ADMIN_PASSWORD with --noinput. Mistakes exit 2 with one line and create nothing."""

import getpass
import os

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ptdv.accounts.models import Role
from ptdv.accounts.services import user_create
from ptdv.units.models import Unit, UnitType
from ptdv.units.services import unit_create


def _fail(message: str):
    raise CommandError(message, returncode=2)


def _one_line(error: ValidationError) -> str:
    return " ".join(error.messages)


class Command(BaseCommand):
    help = "Tạo tài khoản quản trị (vai trò admin) gắn với một đơn vị; ghi vào nhật ký."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="Mã đơn vị của tài khoản")
        parser.add_argument("--username", required=True, help="Tên đăng nhập")
        parser.add_argument("--full-name", default="", help="Họ và tên")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--role",
            action="append",
            choices=Role.values,
            default=[],
            help="Vai trò thêm cho tài khoản, ngoài admin (lặp lại được)",
        )
        parser.add_argument("--unit-name", default="", help="Tên đơn vị, để tạo đơn vị gốc khi mã chưa có")
        parser.add_argument("--unit-type", default="", choices=["", *UnitType.values], help="Loại đơn vị gốc mới")
        parser.add_argument("--noinput", "--no-input", action="store_true", help="Đọc mật khẩu từ PTDV_ADMIN_PASSWORD")

    def _password(self, options, username: str) -> str:
        if options["noinput"]:
            password = os.environ.get("PTDV_ADMIN_PASSWORD", "")
            if not password:
                _fail("Với --noinput, đặt mật khẩu vào biến môi trường PTDV_ADMIN_PASSWORD.")
        else:
            password = getpass.getpass("Mật khẩu: ")
            if password != getpass.getpass("Nhập lại mật khẩu: "):
                _fail("Hai lần nhập mật khẩu không khớp: hãy chạy lại lệnh.")
        try:
            password_validation.validate_password(password)
        except ValidationError as error:
            _fail(f"Mật khẩu chưa đạt: {_one_line(error)}")
        return password

    def handle(self, *args, **options):
        code = options["unit"].strip()
        unit = Unit.objects.filter(code__iexact=code).first()
        if unit is None and not (options["unit_name"].strip() and options["unit_type"]):
            _fail(
                f"Không có đơn vị mã “{code}”. Thêm --unit-name và --unit-type để tạo đơn vị gốc, "
                "hoặc nhập danh sách đơn vị trước (ptdv import units TỆP.xlsx)."
            )
        password = self._password(options, options["username"])
        roles = sorted({Role.ADMIN, *options["role"]})
        try:
            with transaction.atomic():
                if unit is None:
                    unit = unit_create(
                        actor=None,
                        parent=None,
                        code=code,
                        name=options["unit_name"],
                        unit_type=options["unit_type"],
                        may_admit=True,
                    )
                user = user_create(
                    actor=None,
                    username=options["username"],
                    password=password,
                    unit=unit,
                    roles=roles,
                    full_name=options["full_name"],
                    email=options["email"],
                )
        except ValidationError as error:
            _fail(_one_line(error))
        self.stdout.write(
            f"Đã tạo tài khoản {user.username} ({', '.join(roles)}) tại {unit.name} [{unit.code}]. "
            "Đăng nhập rồi mở “Tài khoản” để tạo tài khoản cho các đơn vị."
        )
