"""DataFrames → an .xlsx workbook that opens in Excel as a person expects it.

Formulas from strings are off: a supplier named `=HYPERLINK(…)` or a finding starting with
`+` or `@` stays text (design.md §3 rule 8). Money is numeric in euro format, dates are date
cells, the header row is frozen and filtered, and columns get a width that fits.
"""

from io import BytesIO

import pandas as pd

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WRITER_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False}
EURO_FORMAT = "[$€-nl-NL] #,##0.00;[Red]-[$€-nl-NL] #,##0.00"
WIDTH_SAMPLE_ROWS = 500  # enough to size a column; measuring 250,000 cells is not


def _width(frame: pd.DataFrame, column: str) -> int:
    values = frame[column].head(WIDTH_SAMPLE_ROWS).astype(str)
    longest = max([len(str(column)), *values.str.len().tolist()]) if len(values) else len(column)
    return min(max(longest + 2, 10), 60)


def write_workbook(frames: dict[str, pd.DataFrame], money_columns: set[str]) -> bytes:
    output = BytesIO()
    with pd.ExcelWriter(
        output,
        engine="xlsxwriter",
        date_format="dd-mm-yyyy",
        datetime_format="dd-mm-yyyy hh:mm",
        engine_kwargs={"options": WRITER_OPTIONS},
    ) as writer:
        book = writer.book
        money = book.add_format({"num_format": EURO_FORMAT})
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes(1, 0)
            sheet.autofilter(0, 0, max(len(frame), 1), max(len(frame.columns) - 1, 0))
            for index, column in enumerate(frame.columns):
                cell_format = money if column in money_columns else None
                sheet.set_column(index, index, _width(frame, column), cell_format)
    return output.getvalue()
