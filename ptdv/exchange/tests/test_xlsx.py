"""The streaming reader gives what openpyxl's read-only iter_rows(values_only=True) gives, on the same workbooks."""

import datetime
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from ptdv.exchange.reader import open_sheet
from ptdv.exchange.xlsx import Workbook as StreamWorkbook

from .test_bad_files import raw_xlsx


def saved(workbook) -> io.BytesIO:
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream


def both(stream):
    """(openpyxl's rows, the stream reader's rows), empty rows left out of both, trailing Nones trimmed."""
    import zipfile

    def trim(values):
        values = list(values)
        while values and values[-1] is None:
            values.pop()
        return tuple(values)

    stream.seek(0)
    reference = load_workbook(stream, read_only=True, data_only=False)
    expected = [trim(row) for row in reference.worksheets[0].iter_rows(values_only=True)]
    expected = [row for row in expected if row]
    stream.seek(0)
    ours = [trim(values) for _n, values in StreamWorkbook(zipfile.ZipFile(stream)).rows()]
    return expected, [row for row in ours if row]


def test_every_kind_of_cell():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Họ và tên", "Ngày sinh", "Số", "Tỷ lệ", "Đúng", "Công thức", None, "Xa"])
    sheet.append(["Đào Thị Dũng", datetime.datetime(2001, 5, 17), 12, 2.5, True, "=1+2", None, "x"])  # noqa: DTZ001 - a spreadsheet cell's date-time is naive (xlsx has no time zone)
    sheet.append([None, datetime.datetime(1999, 12, 31, 12, 30), -3, 1e20, False, "=SUM(C2:C3)"])  # noqa: DTZ001 - a spreadsheet cell's date-time is naive (xlsx has no time zone)
    sheet.append([])
    sheet.append(["a & b < c", "  spaces  ", "001203004567", 0, None, None, None, None])
    sheet["J7"] = "far away"
    sheet["B7"] = datetime.date(2026, 11, 23)
    sheet["B7"].number_format = "dd/mm/yyyy"
    expected, ours = both(saved(workbook))
    assert ours == expected


def test_rich_text_shared_strings_and_inline_strings():
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = CellRichText(["Mã ", TextBlock(InlineFont(b=True), "đơn vị")])
    sheet["A2"] = "P.B.U"
    expected, ours = both(saved(workbook))
    assert ours == expected == [("Mã đơn vị",), ("P.B.U",)]
    expected, ours = both(raw_xlsx(3, dimension=False))  # inline strings, as some tools write them
    assert ours == expected and len(ours) == 4


def test_row_numbers_are_excels():
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["A5"] = "Mã đơn vị", "P"
    rows = list(open_sheet(saved(workbook)).rows)
    assert rows == [(5, ("P",))]


def test_1904_date_system():
    workbook = Workbook()
    workbook.epoch = datetime.datetime(1904, 1, 1)  # noqa: DTZ001 - a spreadsheet cell's date-time is naive (xlsx has no time zone)
    workbook.active.append([datetime.datetime(2020, 2, 29)])  # noqa: DTZ001 - a spreadsheet cell's date-time is naive (xlsx has no time zone)
    expected, ours = both(saved(workbook))
    assert ours == expected == [(datetime.datetime(2020, 2, 29),)]  # noqa: DTZ001 - a spreadsheet cell's date-time is naive (xlsx has no time zone)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.none(),
                st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12),
                st.integers(-(10**12), 10**12),
                st.floats(allow_nan=False, allow_infinity=False, width=32),
                st.booleans(),
                st.datetimes(datetime.datetime(1901, 1, 1), datetime.datetime(2100, 1, 1)).map(  # noqa: DTZ001 - a spreadsheet cell's date-time is naive (xlsx has no time zone)
                    lambda d: d.replace(microsecond=0)
                ),
            ),
            max_size=6,
        ),
        max_size=8,
    )
)
def test_same_values_as_openpyxl(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append([v.strip() or None if isinstance(v, str) else v for v in row])
    expected, ours = both(saved(workbook))
    assert ours == expected


def test_excels_last_column_as_openpyxl_reads_it():
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["XFD2"], sheet["B3"] = "Mã đơn vị", "z", 7
    expected, ours = both(saved(workbook))
    assert ours == expected and len(ours[1]) == 16_384
    rows = list(open_sheet(saved(workbook)).rows)  # the import: no column beyond the header's
    assert rows == [(2, (None,)), (3, (None,))]
