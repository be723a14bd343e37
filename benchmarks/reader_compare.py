"""Benchmark: the project's streaming reader (exchange/xlsx.py) against python-calamine and openpyxl, on the same
generated workbook, each in its own process so that each peak memory is its own.

    .venv/bin/python benchmarks/reader_compare.py [ROWS]      # default 200,000 (PTDV_IMPORT_MAX_ROWS)

The file is import_members.py's: a members roll as Excel writes it (shared strings, dates as serial numbers with a
date format, a <dimension>). For each reader it prints the time to read every row and the process's peak memory
(VmHWM, which includes Python, Django and the libraries: the baseline line gives what importing them alone costs),
wall time and CPU time (the CPU time is the steadier figure on a shared machine).
python-calamine is optional (`pip install python-calamine`); without it its lines say so. Then the crafted files
of issue #14 (a cell at column ZZZZZZ, nested entities), read by each reader under a 2 GiB address-space limit.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

READERS = {
    "baseline": """
import ptdv.exchange.reader, openpyxl
count = 0
""",
    "ptdv (expat, streamed)": """
from ptdv.exchange.reader import open_sheet
with open(PATH, "rb") as stream:
    sheet = open_sheet(stream)
    count = sum(1 for _ in sheet.rows)
    sheet.close()
""",
    "python-calamine (iter_rows)": """
from python_calamine import CalamineWorkbook
sheet = CalamineWorkbook.from_path(PATH).get_sheet_by_index(0)
count = sum(1 for _ in sheet.iter_rows()) - 1
""",
    "openpyxl (read-only)": """
from openpyxl import load_workbook
workbook = load_workbook(PATH, read_only=True)
count = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True)) - 1
workbook.close()
""",
}

CHILD = """
import os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ptdv.settings")
os.environ["PTDV_IMPORT_MAX_ROWS"] = "10000000"
os.environ["PTDV_IMPORT_MAX_BYTES"] = "2000000000"
if {limit}:
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
import django
django.setup()
PATH = {path!r}
started, cpu_started = time.perf_counter(), time.process_time()
try:
{code}
    outcome = f"{{count:,}} rows"
except ImportError as error:
    print(f"not installed ({{error.name}})")
    sys.exit(0)
except MemoryError:
    outcome = "MemoryError"
except Exception as error:
    outcome = f"{{type(error).__name__}}: {{str(error)[:90]}}"
seconds = time.perf_counter() - started
cpu = time.process_time() - cpu_started
# VmHWM: this process's own peak (ru_maxrss would carry the parent's over the exec)
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
print(f"{{outcome}} in {{seconds:.2f}} s ({{cpu:.2f}} s CPU), peak memory {{peak:.0f}} MB")
"""


def run(label: str, code: str, path: Path, *, limit: int = 0, timeout: int = 600) -> None:
    indented = "\n".join("    " + line for line in code.strip().splitlines())
    script = CHILD.format(root=str(ROOT), path=str(path), code=indented, limit=limit)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    try:
        done = subprocess.run(  # noqa: S603 - this interpreter
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        print(f"  {label:30} still running after {timeout} s: killed")
        return
    if done.returncode:
        print(f"  {label:30} died (exit {done.returncode}) {done.stderr.strip().splitlines()[-1:]}")
        return
    print(f"  {label:30} {done.stdout.strip()}")


def crafted(folder: Path) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT))
    from ptdv.exchange.tests.test_crafted_files import HEADER_ROW, SHEET, nested_entities, sheet_xml, with_dtd
    from ptdv.exchange.tests.test_crafted_files import workbook as make

    files = {
        "a cell at ZZZZZZ2 (2 KB)": make({SHEET: sheet_xml(HEADER_ROW + '<row><c r="ZZZZZZ2"><v>1</v></c></row>')}),
        "a cell at XFD1048576 (2 KB)": make(
            {SHEET: sheet_xml(HEADER_ROW + '<row><c r="XFD1048576"><v>1</v></c></row>')}
        ),
        "nested entities (1 MB of DTD)": make(
            {SHEET: with_dtd(SHEET, nested_entities())[SHEET].replace("&lol9;", "&e19999;")}
        ),
    }
    paths = {}
    for label, data in files.items():
        path = folder / f"{len(paths)}.xlsx"
        path.write_bytes(data)
        paths[label] = path
    return paths


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="?", type=int, default=200_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ptdv-bench-"))
    path = folder / "members.xlsx"

    sys.path.insert(0, str(HERE))
    os.environ.setdefault("PTDV_VAR_DIR", str(folder))
    from benchlib import province_of_cells, throwaway_database
    from import_members import write_file

    with throwaway_database():
        cells = [cell.code for cell in province_of_cells(grassroots=10, cells_each=10)[2]]
    write_file(path, args.rows, cells)
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    print(f"file: {args.rows:,} members, {path.stat().st_size / 1e6:.1f} MB ({unpacked / 1e6:.0f} MB unpacked)")
    for label, code in READERS.items():
        run(label, code, path)

    print("crafted files, each reader under a 2 GiB address-space limit:")
    for name, crafted_path in crafted(folder).items():
        print(f" {name}")
        for label, code in READERS.items():
            if label != "baseline":
                run(label, code, crafted_path, limit=2 << 30, timeout=120)


if __name__ == "__main__":
    main()
