"""XLSX workbooks read by the cells they have: the first sheet, row by row, as cell text.

The size a sheet declares (its "dimension") is not trusted: openpyxl would otherwise hand out
every row up to it, each as wide as it, and one cell at XFD1048576 made that a grid of 17 billion
cells. Here a row is only as wide as its last cell, no row below the row limit is read (a row
there refuses the file), and the column limit is checked row by row (`readers`). A workbook is
a zip file: it is refused before anything is unpacked if its parts together would unpack to
more than the limit.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from server.imports.errors import ImportFileError, too_wide
from server.spreadsheet_text import restored

MAX_UNPACKED_BYTES = 256 * 1024 * 1024
_UNREADABLE = "The file is not a readable XLSX workbook."
# What openpyxl raises for a damaged workbook: a part missing or not XML (SyntaxError covers
# ElementTree's and lxml's parse errors), a reference to a shared string or style that is not
# there, a value of the wrong form.
_DAMAGED = (
    InvalidFileException,
    zipfile.BadZipFile,
    EOFError,
    OSError,
    SyntaxError,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
)


def rows(data: bytes, max_rows: int, max_columns: int) -> Iterator[tuple[int, list[str | None]]]:
    """(row number, its cells) of the rows of the first sheet that have cells; refuses a sheet
    with any row below `max_rows`, even one without values, or a value right of `max_columns`.
    """
    _check_unpacked_size(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _DAMAGED as exc:
        raise ImportFileError(_UNREADABLE) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError("The workbook has no worksheet.")
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # read_only: rows as wide as their cells, none made up
        # Rows missing before a far-away row come as empty rows, up to max_row at most.
        for number, values in enumerate(sheet.iter_rows(max_row=max_rows + 1, values_only=True), 1):
            if number > max_rows:
                raise ImportFileError(
                    f"The sheet goes on below row {max_rows:,}; an import reads {max_rows:,} "
                    "rows at most: delete the rows below the data or split the file."
                )
            far = values[max_columns:]
            if far.count(None) != len(far):  # counted in C: a row may be 16,384 cells wide
                raise too_wide(number, values, max_columns)
            if values:
                yield number, [_text(value) for value in values[:max_columns]]
    except ImportFileError:
        raise
    except _DAMAGED as exc:
        raise ImportFileError(_UNREADABLE) from exc
    finally:
        workbook.close()


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a zip bomb by the sizes its directory declares (unpacking never yields more)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(_UNREADABLE) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            f"The workbook unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB; "
            "split it into smaller files."
        )


def _text(value: Any) -> str | None:
    """A cell as text; numbers without a spurious ".0", dates in ISO form."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        value = value.isoformat()
    return restored(str(value))
