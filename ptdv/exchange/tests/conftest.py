import io

import pytest
from openpyxl import Workbook


def xlsx(rows, *, title="Sheet1") -> io.BytesIO:
    """A workbook whose first sheet holds `rows` (the first is the header row)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream


@pytest.fixture
def write_xlsx(tmp_path):
    def write(rows, name="file.xlsx"):
        path = tmp_path / name
        path.write_bytes(xlsx(rows).getvalue())
        return path

    return write


@pytest.fixture(autouse=True)
def immediate_tasks(settings, tmp_path):
    """Tasks run at once in the tests (django.tasks' ImmediateBackend); uploaded files go to a temporary folder."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PTDV_IMPORT_DIR = tmp_path / "imports"
