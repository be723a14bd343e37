"""`ptdv report admissions|movements --unit CODE --from YYYY-MM-DD --to YYYY-MM-DD [--format json|xlsx|docx|pdf]
[--output FILE]` (exchange.md): the admissions report of statistics.md. An unknown unit or a bad date exits 2 with a
one-line error. `movements` is Biểu 1 of roll.md (ptdv.reports.movements)."""

import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from ptdv.reports import exports, movement_exports
from ptdv.reports.movements import movements_report
from ptdv.reports.selectors import UnitNotInTree, admissions_report
from ptdv.units.models import Unit

FORMATS = ["json", "xlsx", "docx", "pdf"]


def _date(value: str, option: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CommandError(
            f"Ngày không hợp lệ ở {option}: “{value}” — hãy viết YYYY-MM-DD, ví dụ 2026-06-30.", returncode=2
        ) from None


class Command(BaseCommand):
    help = "Báo cáo kết quả kết nạp đảng viên của một đơn vị trong một khoảng thời gian (exchange.md)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["admissions", "movements"])
        parser.add_argument("--unit", required=True, help="Mã đơn vị")
        parser.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
        parser.add_argument("--format", default="json", choices=FORMATS)
        parser.add_argument("--output", help="Tệp kết quả (mặc định: in ra màn hình với json)")

    def handle(self, *args, **options):
        date_from = _date(options["date_from"], "--from")
        date_to = _date(options["date_to"], "--to")
        if date_from > date_to:
            raise CommandError(
                f"--from ({date_from.isoformat()}) phải không muộn hơn --to ({date_to.isoformat()}).", returncode=2
            )
        unit = Unit.objects.filter(code__iexact=options["unit"].strip()).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã “{options['unit']}”.", returncode=2)
        movements = options["kind"] == "movements"
        build = movements_report if movements else admissions_report
        try:
            report = build(unit=unit, date_from=date_from, date_to=date_to)
            if not movements:
                from ptdv.followup.outcomes import outcome_figures

                report["outcomes"] = outcome_figures(unit=unit, date_from=date_from, date_to=date_to)
        except UnitNotInTree:
            raise CommandError(
                f"Đơn vị {unit.code} không có trong hệ thống tổ chức vào ngày {date_to:%d/%m/%Y}.", returncode=2
            ) from None
        kind = options["format"]
        if kind == "json":
            content = json.dumps(report, ensure_ascii=False, indent=2).encode()
        elif kind == "xlsx":
            content = (movement_exports.movements_xlsx if movements else exports.report_xlsx)(report)
        elif kind == "docx":
            content = (movement_exports.movements_docx if movements else exports.report_docx)(report)
        else:
            try:
                content = (movement_exports.movements_pdf if movements else exports.report_pdf)(report)
            except OSError:
                raise CommandError(
                    "Không tạo được PDF: thiếu thư viện Pango (apt-get install libpango-1.0-0 libpangoft2-1.0-0)."
                ) from None
        output = options["output"]
        if output:
            with open(output, "wb") as file:
                file.write(content)
        elif kind == "json":
            self.stdout.write(content.decode())
        else:
            if sys.stdout.isatty():
                raise CommandError(f"Hãy chỉ định --output để ghi tệp {kind}.", returncode=2)
            sys.stdout.buffer.write(content)
