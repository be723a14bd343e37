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
