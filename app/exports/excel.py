"""DataFrames → an .xlsx workbook that opens in Excel as a person expects it.

Formulas from strings are off: a supplier named `=HYPERLINK(…)` or a finding starting with
`+` or `@` stays text (docs/design.md §3 rule 8). Money is numeric in euro format, dates are date
cells, the header row is frozen and filtered, and columns get a width that fits; printed, each
sheet is A4 landscape, one page wide, with its header row on every page. KPI figures
are numbers formatted by the unit in their row's "Eenheid" column (12 · 45,0 % · € 30,00 ·
30 dagen).
"""

from datetime import date, datetime
from io import BytesIO

import pandas as pd
import xlsxwriter

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WRITER_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False}
DATE_FORMAT, DATETIME_FORMAT = "dd-mm-yyyy", "dd-mm-yyyy hh:mm"
HEADER_FORMAT = {"bold": True, "border": 1, "align": "center", "valign": "top"}  # as pandas
EURO_FORMAT = "[$€-nl-NL] #,##0.00;[Red]-[$€-nl-NL] #,##0.00"
UNIT_COLUMN = "Eenheid"
UNIT_FORMATS = {
    "Aantal": "General",
    "Percentage": '0.0" %"',
    "Euro": EURO_FORMAT,
    "Dagen": '0" dagen"',
}
MAX_WIDTH = 60  # a longer text wraps within its column instead of running off the page
WIDTH_SAMPLE_ROWS = 500  # enough to size a column; measuring 250,000 cells is not


def _as_shown(value, unit: str) -> str:
    """About the text a spreadsheet shows for `value` in `unit`'s format: a column sized from
    the bare number shows ### for € 7.317.000,00."""
    if isinstance(value, str):
        return value
    if pd.isna(value):
        return ""
    if unit == "Euro":
        return f"€ {value:,.2f}"
    if unit == "Percentage":
        return f"{value:.1f} %"
    if unit == "Dagen":
        return f"{value:.0f} dagen"
    return str(value)


def _width(frame: pd.DataFrame, column: str, money: bool, by_unit: bool) -> int:
    # Plain Python: the frames are small, and pandas' string methods cost more per call.
    values = frame[column].head(WIDTH_SAMPLE_ROWS).tolist()
    if by_unit:
        units = frame[UNIT_COLUMN].head(WIDTH_SAMPLE_ROWS).tolist()
        shown = [_as_shown(value, unit) for value, unit in zip(values, units, strict=True)]
    elif money:
        shown = [_as_shown(value, "Euro") for value in values]
    else:
        shown = [str(value) for value in values]
    longest = max([len(str(column)), *map(len, shown)])
    return min(max(longest + 2, 10), MAX_WIDTH)


def write_workbook(
    frames: dict[str, pd.DataFrame],
    money_columns: set[str],
    unit_columns: set[str] = frozenset(),
) -> bytes:
    """The workbook; `unit_columns` hold KPI figures, formatted by their row's unit. Written
    with xlsxwriter cell by cell: pandas' own writer styles every cell through a generic
    formatter and cost more than building the frames."""
    output = BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True, **WRITER_OPTIONS})
    formats = {
        "header": book.add_format(HEADER_FORMAT),
        "day": book.add_format({"num_format": DATE_FORMAT}),
        "moment": book.add_format({"num_format": DATETIME_FORMAT}),
        "money": book.add_format({"num_format": EURO_FORMAT}),
        "wrapped": book.add_format({"text_wrap": True, "valign": "top"}),
    }
    by_unit = {unit: book.add_format({"num_format": code}) for unit, code in UNIT_FORMATS.items()}
    for name, frame in frames.items():
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, [str(column) for column in frame.columns], formats["header"])
        sheet.freeze_panes(1, 0)
        # Printed for the records: A4 landscape, one page wide, the header on every page.
        sheet.set_paper(9)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0)
        sheet.autofilter(0, 0, max(len(frame), 1), max(len(frame.columns) - 1, 0))
        long_texts = []
        for index, column in enumerate(frame.columns):
            is_money = column in money_columns
            has_units = column in unit_columns and UNIT_COLUMN in frame.columns
            width = _width(frame, column, is_money, has_units)
            cell_format = formats["money"] if is_money else None
            if cell_format is None and width == MAX_WIDTH:
                cell_format = formats["wrapped"]
                long_texts.append(column)
            sheet.set_column(index, index, width, cell_format)
            if has_units:
                _format_by_unit(sheet, index, frame[column], frame[UNIT_COLUMN], by_unit)
            else:
                _write_column(sheet, index, frame[column].tolist(), formats)
        _fit_rows(sheet, frame, long_texts)
    book.close()
    return output.getvalue()


def _write_column(sheet, index: int, values: list, formats: dict) -> None:
    """Text stays text (never a formula), dates are date cells, numbers are numbers, and
    what is missing stays empty."""
    for row, value in enumerate(values, start=1):
        if value is None or value != value:  # None, NaN and NaT
            continue
        if isinstance(value, str):
            sheet.write_string(row, index, value)
        elif isinstance(value, datetime):
            sheet.write_datetime(row, index, value, formats["moment"])
        elif isinstance(value, date):
            sheet.write_datetime(row, index, value, formats["day"])
        else:
            sheet.write_number(row, index, value)


LINE_HEIGHT = 15  # points, of one line of Calibri 11


def _fit_rows(sheet, frame: pd.DataFrame, columns: list[str]) -> None:
    """Rows as high as their wrapped text: spreadsheet programs do not always grow them."""
    if not columns:
        return
    lines = frame[columns].astype(str).apply(lambda texts: texts.str.len()).max(axis=1)
    for row, length in enumerate(lines, start=1):
        needed = -(-int(length) // (MAX_WIDTH - 4))
        if needed > 1:
            sheet.set_row(row, LINE_HEIGHT * needed)


def _format_by_unit(sheet, index: int, values: pd.Series, units: pd.Series, formats) -> None:
    for row, (value, unit) in enumerate(zip(values, units, strict=True), start=1):
        if pd.notna(value):
            sheet.write_number(row, index, value, formats[unit])
