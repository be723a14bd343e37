"""Cells written to an .xlsx as data, never as formulas (issue #14, item 6: formula injection).

A string beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is what a spreadsheet may take for a formula
(openpyxl even writes a string beginning with `=` as one). Such a string is written as Excel writes a cell typed with
a leading apostrophe: a text cell with the `quotePrefix` style. Its value is the original string, so an exported
file imported again gives back exactly what was exported; opening it, or editing the cell, never evaluates it.

Every writer of an .xlsx passes its rows through `safe_row` (or its single cells through `text_cell`)."""

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def text_cell(sheet, value, *, font=None):
    """A cell of `sheet` (write-only or not) holding `value`; a formula-like string stays text."""
    cell = WriteOnlyCell(sheet, value=value)
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell


def safe_row(sheet, values, *, font=None) -> list:
    """The row to append to `sheet`: unchanged when nothing in it could be read as a formula (fast path for large
    exports), else every value as its own cell (openpyxl's write-only sheet reuses one cell for plain values, which
    would carry the text style over to the next values)."""
    values = list(values)
    if font is None and not any(is_formula_like(value) for value in values):
        return values
    return [text_cell(sheet, value, font=font) for value in values]
