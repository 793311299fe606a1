"""An XLSX file is read by the cells it has: a far-away cell costs no memory for the empty grid
before it (a 4.9 KB file with one cell at XFD1048576 once took 18 GB)."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from server.imports.errors import ImportFileError
from server.imports.readers import MAX_COLUMNS, MAX_ROWS, Table, read_table
from server.imports.xlsx_files import MAX_UNPACKED_BYTES

# What reading one of these small files may take, measured in this process. The file itself,
# openpyxl's workbook parts and one row of up to 16,384 cells fit in a few MB.
MEMORY_BUDGET = 16 * 1024 * 1024
TIME_BUDGET_SECONDS = 20  # 100,000 empty rows to step over, traced, on a slow, busy machine


def workbook(fill: Callable[[openpyxl.worksheet.worksheet.Worksheet], None]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "city"])
    sheet.append(["北京科技", "北京"])
    fill(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def measured(data: bytes) -> tuple[Table | ImportFileError, int, float]:
    """What reading `data` gave, the peak of memory it allocated and the seconds it took."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result: Table | ImportFileError = read_table(data)
    except ImportFileError as exc:
        result = exc
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, peak, seconds


def far_value(sheet) -> None:
    sheet["XFD1048576"] = "far away"


def far_column(sheet) -> None:
    sheet["XFD2"] = "far right"


def far_row(sheet) -> None:
    sheet["A1048576"] = "far down"


def far_formatting(sheet) -> None:
    sheet["XFD1048576"].fill = PatternFill("solid", fgColor="FFFF00")


def test_the_file_from_the_report_is_tiny() -> None:
    data = workbook(far_value)

    assert len(data) < 10_000
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b'ref="A1:XFD1048576"' in sheet  # the grid it claims


@pytest.mark.parametrize(
    ("fill", "words"),
    [
        (far_value, f"The sheet goes on below row {MAX_ROWS:,}"),
        (far_row, f"The sheet goes on below row {MAX_ROWS:,}"),
        (far_formatting, f"The sheet goes on below row {MAX_ROWS:,}"),
        (far_column, f"Row 2 has a value in column 16,384; an import reads {MAX_COLUMNS:,}"),
    ],
    ids=["XFD1048576", "A1048576", "formatting at XFD1048576", "XFD2"],
)
def test_a_value_far_away_is_refused_within_a_fixed_memory_budget(fill, words: str) -> None:
    result, peak, seconds = measured(workbook(fill))

    assert isinstance(result, ImportFileError)
    assert words in str(result)
    assert peak < MEMORY_BUDGET, f"{peak / 2**20:.1f} MB"
    assert seconds < TIME_BUDGET_SECONDS


def test_rows_and_columns_up_to_the_limits_are_read_within_the_budget() -> None:
    def near_the_limits(sheet) -> None:
        sheet.cell(MAX_ROWS, 2, "last row")
        sheet.cell(3, MAX_COLUMNS, "last column")

    result, peak, _ = measured(workbook(near_the_limits))

    assert isinstance(result, Table)
    assert result.rows == [
        (2, ["北京科技", "北京"]),
        (3, [None, None]),
        (MAX_ROWS, [None, "last row"]),
    ]
    assert result.row_problems == {3: f"Row 3 has a value in column {MAX_COLUMNS} but the "
                                   "header names 2 columns; a cell with a comma or semicolon "
                                   "may have lost its quotes."}  # fmt: skip
    assert peak < MEMORY_BUDGET, f"{peak / 2**20:.1f} MB"


def test_a_workbook_that_unpacks_to_more_than_the_limit_is_refused_unread() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            chunk = b" " * 2**20
            for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 1):
                part.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 1_000_000

    result, peak, _ = measured(data)

    assert isinstance(result, ImportFileError)
    assert "unpacks to more than" in str(result)
    assert peak < MEMORY_BUDGET
