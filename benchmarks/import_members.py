"""Benchmark: importing a roll of N members (the `members` format of exchange.md), on the configured engine.

    .venv/bin/python benchmarks/import_members.py [ROWS] [--as-staff]   # default 100000; --as-staff: scoped
    DATABASE_URL=postgres://postgres@127.0.0.1/ptdv .venv/bin/python benchmarks/import_members.py 100000

Builds a throw-away database (SQLite: a file, not memory) with a province of 1,000 cells, writes an .xlsx of ROWS
members as people write them (Vietnamese labels, dates as text and as Excel dates), then prints:
- the rate at which openpyxl alone streams the file (the floor: reading, nothing else);
- the rate of `ptdv import members` (exchange.services.import_file: parse, check, write persons, search tokens,
  memberships and audit events in one transaction);
- the rate of importing the same file again (every row unchanged);
- the peak memory of the process, to compare across ROWS (it should not grow with the file).
"""

import argparse
import datetime
import os
import random
import resource
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PTDV_IMPORT_MAX_ROWS", "10000000")
os.environ.setdefault("PTDV_IMPORT_MAX_BYTES", str(2_000_000_000))

from benchlib import province_of_cells, throwaway_database  # sets Django up
from django.db import connection


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_tree() -> list[str]:
    _root, _committees, cells = province_of_cells(cells_each=10)
    return [cell.code for cell in cells]


def member_rows(rows: int, cells: list[str]):
    from ptdv.core.names import person_name
    from ptdv.exchange.formats import OCCUPATION_LABELS

    rng = random.Random(7)
    occupations = list(OCCUPATION_LABELS.values())
    for number in range(rows):
        family, given, sex = person_name(rng)
        birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 50))
        decision = birth + datetime.timedelta(days=365 * 19 + rng.randrange(365 * 20))
        decision = min(decision, datetime.date(2025, 6, 1))
        ceremony = decision + datetime.timedelta(days=rng.randrange(30))
        full = ceremony + datetime.timedelta(days=366 + rng.randrange(30)) if rng.random() < 0.9 else None
        yield [
            f"{family} {given}",
            birth.strftime("%d/%m/%Y"),
            "Nam" if sex == "male" else "Nữ",
            f"{1_000_000_000 + number:012d}",
            "Kinh" if rng.random() < 0.85 else "Tày",
            "Không",
            rng.choice(occupations),
            "12/12",
            "Không",
            "Không",
            rng.choice(cells),
            None,
            None,
            decision,  # an Excel date cell
            f"{number}-QĐ/ĐU",
            ceremony.strftime("%d/%m/%Y"),
            full.isoformat() if full else None,
            f"{number:08d}" if full else None,
            "Không",
        ]


def write_file(path: Path, rows: int, cells: list[str]) -> None:
    """The workbook as Excel writes it: text in the shared-strings table, dates as serial numbers with a date
    format, a <dimension>. (openpyxl's write-only mode writes inline strings instead, which read 5× slower and
    are not what users' files hold.) Streamed: memory stays flat whatever ROWS."""
    import zipfile
    from xml.sax.saxutils import escape

    from openpyxl.utils import get_column_letter

    from ptdv.exchange.formats import MEMBERS

    strings: dict[str, int] = {}

    def shared(text: str) -> int:
        return strings.setdefault(text, len(strings))

    epoch = datetime.date(1899, 12, 30)
    letters = [get_column_letter(i + 1) for i in range(len(MEMBERS))]
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    office = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{main}">'
                f'<dimension ref="A1:{letters[-1]}{rows + 1}"/><sheetData>'.encode()
            )
            header = "".join(
                f'<c r="{letters[i]}1" t="s"><v>{shared(column.header)}</v></c>' for i, column in enumerate(MEMBERS)
            )
            sheet.write(f'<row r="1">{header}</row>'.encode())
            chunk = []
            for number, values in enumerate(member_rows(rows, cells), start=2):
                row = []
                for letter, value in zip(letters, values, strict=True):
                    if value is None:
                        continue
                    if isinstance(value, datetime.date):
                        row.append(f'<c r="{letter}{number}" s="1"><v>{(value - epoch).days}</v></c>')
                    else:
                        row.append(f'<c r="{letter}{number}" t="s"><v>{shared(value)}</v></c>')
                chunk.append(f'<row r="{number}">{"".join(row)}</row>')
                if len(chunk) == 5000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
        with archive.open("xl/sharedStrings.xml", "w") as out:
            out.write(
                f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{main}" uniqueCount="{len(strings)}">'.encode()
            )
            for text in strings:
                out.write(f"<si><t>{escape(text)}</t></si>".encode())
            out.write(b"</sst>")
        archive.writestr(
            "xl/styles.xml",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="{main}">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
            "</cellXfs></styleSheet>",
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Dang vien" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/></Relationships>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{office}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{office}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{office}.sharedStrings+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{office}.styles+xml"/></Types>',
        )


def openpyxl_alone(path: Path) -> tuple[int, float]:
    from openpyxl import load_workbook

    started = time.perf_counter()
    workbook = load_workbook(path, read_only=True)
    count = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return count - 1, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument(
        "--as-staff", action="store_true", help="import as a staff user of the province (scoped), not as the system"
    )
    args = parser.parse_args()

    with throwaway_database():
        from ptdv.exchange.services import import_file

        cells = build_tree()
        actor = None
        if args.as_staff:  # every row's person checked against the user's units (exchange/scope.py)
            from ptdv.accounts.services import user_create
            from ptdv.units.models import Unit

            actor = user_create(
                actor=None, username="bench", password="bench-password-2026", unit=Unit.objects.get(code="T"),
                roles=["staff"], full_name="Benchmark",
            )  # fmt: skip
        path = Path(tempfile.mkdtemp(prefix="ptdv-bench-")) / "members.xlsx"
        started = time.perf_counter()
        write_file(path, args.rows, cells)
        print(f"engine: {connection.vendor}; actor: {'a province staff user' if actor else 'the system'}; "
              f"file: {args.rows:,} members, {path.stat().st_size / 1e6:.1f} MB "
              f"(written in {time.perf_counter() - started:.1f} s)")  # fmt: skip
        print(f"peak memory before reading: {peak_mb():.0f} MB")

        count, seconds = openpyxl_alone(path)
        print(f"openpyxl alone (read-only stream): {count:,} rows in {seconds:.1f} s = {count / seconds:,.0f} rows/s")

        for label in ("import (all created)", "import again (all unchanged)"):
            started = time.perf_counter()
            with path.open("rb") as stream:
                result = import_file(actor=actor, kind="members", file=stream, file_name=path.name)
            seconds = time.perf_counter() - started
            assert result.ok, result.error_lines()[:5]
            print(
                f"{label}: {result.rows:,} rows in {seconds:.1f} s = {result.rows / seconds:,.0f} rows/s "
                f"(created {result.created:,}, updated {result.updated:,}, unchanged {result.unchanged:,}); "
                f"peak memory {peak_mb():.0f} MB"
            )


if __name__ == "__main__":
    main()
