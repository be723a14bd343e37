from django.conf import settings
from django.core.management.base import BaseCommand

from ptdv.demo.loader import demo_load


class Command(BaseCommand):
    help = "Load the demo data (an invented province, its units and one account per role). Safe to run again."

    def handle(self, *args, **options):
        result = demo_load()
        if result.units_created:
            self.stdout.write(f"Đã tạo {result.units_created} tổ chức đảng mẫu.")
        if result.candidates_created:
            self.stdout.write(f"Đã tạo {result.candidates_created} quần chúng ưu tú trong nguồn kết nạp mẫu.")
        if result.dossiers_created:
            self.stdout.write(f"Đã tạo {result.dossiers_created} hồ sơ kết nạp mẫu.")
        if not result.units_created and not result.candidates_created and not result.dossiers_created:
            self.stdout.write("Dữ liệu mẫu đã có sẵn.")
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {settings.PTDV_DEMO_PASSWORD}):")
        for username, name, unit, roles in result.accounts:
            self.stdout.write(f"  {username:<15} {roles:<40} {unit} — {name}")
