"""Reading an import file into a header and rows of text: CSV, XLSX or JSON, told apart by
content.

CSV is read as spreadsheets write it (`csv_files`), XLSX by the cells of its first sheet
(`xlsx_files`), JSON as the export writes it (`json_files`). Rows are numbered as a spreadsheet
shows them (the header is row 1; in JSON the first record is row 1); rows without a value are
skipped. A file is read whole before anything is imported, within limits on its rows and
columns, so a file that breaks one is refused with a sentence and nothing written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from server.imports import csv_files, json_files
from server.imports.errors import ImportFileError, last_column, too_wide

MAX_ROWS = 100_000  # as a spreadsheet numbers them: the header and any blank rows count
MAX_COLUMNS = 1_000
_ZIP_MAGIC = b"PK\x03\x04"

Cells = list[str | None]


@dataclass(frozen=True)
class Table:
    headers: list[str]
    # (row number as a spreadsheet shows it, one cell per header: text or None)
    rows: list[tuple[int, Cells]]
    # The code page a CSV file came in when it may have lost letters to "?" (see `csv_files`).
    lossy_encoding: str | None = None
    # Rows that cannot be read as the header says, by number: why, in a sentence.
    row_problems: dict[int, str] = field(default_factory=dict)


def read_table(data: bytes) -> Table:
    """The header and the rows with values of a CSV, XLSX or JSON file."""
    if not data.strip():
        raise ImportFileError("The file is empty.")
    if data.startswith(_ZIP_MAGIC):
        # openpyxl is a third of a second of every server start; only an XLSX import loads it.
        from server.imports import xlsx_files

        return _table(xlsx_files.rows(data, MAX_ROWS, MAX_COLUMNS))
    if json_files.looks_like_json(data):
        return _table(json_files.rows(data))
    text = csv_files.decode(data)
    return _table(csv_files.rows(text.text), text.lossy_encoding)


def _table(numbered: Iterable[tuple[int, Cells]], lossy_encoding: str | None = None) -> Table:
    header: tuple[int, list[str]] | None = None
    rows: list[tuple[int, Cells]] = []
    problems: dict[int, str] = {}
    for number, cells in numbered:
        if not any(cells):
            continue
        if number > MAX_ROWS:
            raise ImportFileError(
                f"The file has more than {MAX_ROWS:,} rows (row {number:,} has values); "
                "split it into smaller files."
            )
        if any(cells[MAX_COLUMNS:]):
            raise too_wide(number, cells, MAX_COLUMNS)
        if header is None:
            header = number, _headers(cells)
            continue
        width = len(header[1])
        if any(cells[width:]):
            problems[number] = (
                f"Row {number} has a value in column {last_column(cells)} but the header "
                f"names {width} columns; a cell with a comma or semicolon may have lost its "
                "quotes."
            )
        rows.append((number, (cells + [None] * width)[:width]))
    if header is None:
        raise ImportFileError("The file is empty.")
    if not rows:
        raise ImportFileError("The file has a header row but no data rows: nothing to import.")
    return Table(header[1], rows, lossy_encoding, problems)


def _headers(cells: Cells) -> list[str]:
    while cells and cells[-1] is None:
        cells.pop()
    headers = [cell or "" for cell in cells]
    if "" in headers:
        column = headers.index("") + 1
        raise ImportFileError(f"Column {column} of the header row has no name.")
    repeated = sorted({h for h in headers if headers.count(h) > 1})
    if repeated:
        raise ImportFileError("The header row names a column twice: " + ", ".join(repeated))
    return headers
