"""Reading an import file into a header and rows of text: CSV or XLSX, told apart by content.

CSV may be UTF-8 (with or without the BOM Excel writes) or GBK/GB18030, the encoding Excel on
a Chinese Windows saves "CSV" in; the delimiter may be a comma, semicolon or tab. Of an XLSX
workbook the first sheet is read. Rows are numbered as a spreadsheet shows them: the header is
row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

_ZIP_MAGIC = b"PK\x03\x04"
_ENCODINGS = ("utf-8-sig", "gb18030")


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; the message says why in a sentence."""


class MappingError(ImportFileError):
    """The column mapping cannot work with this file."""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    # (row number as a spreadsheet shows it, one cell per header: stripped text or None)
    rows: list[tuple[int, list[str | None]]]


def read_table(data: bytes) -> Table:
    """The header and the non-empty rows of a CSV or XLSX file."""
    if not data.strip():
        raise ImportFileError("The file is empty.")
    cells = _xlsx_rows(data) if data.startswith(_ZIP_MAGIC) else _csv_rows(_decode(data))
    return _table(cells)


def _decode(data: bytes) -> str:
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:  # UTF-16 ("Unicode text" in Excel) decodes, but with NULs
            return text
    raise ImportFileError(
        "The file is neither UTF-8 nor GBK/GB18030 text; save it as CSV UTF-8 or as XLSX."
    )


def _csv_rows(text: str) -> list[list[Any]]:
    first_line = text.split("\n", 1)[0]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            first_line, delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        raise ImportFileError(f"The file is not readable as CSV: {exc}.") from exc


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ImportFileError("The file is not a readable XLSX workbook.") from exc
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _text(value: Any) -> str | None:
    """A cell as stripped text; numbers without a spurious ".0", dates in ISO form."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        value = value.isoformat()
    text = str(value).strip()
    return text or None


def _table(raw_rows: Iterable[list[Any]]) -> Table:
    numbered = [(number, [_text(v) for v in row]) for number, row in enumerate(raw_rows, 1)]
    numbered = [(number, row) for number, row in numbered if any(row)]
    if not numbered:
        raise ImportFileError("The file is empty.")
    _, header_cells = numbered[0]
    while header_cells and header_cells[-1] is None:
        header_cells.pop()
    headers = [cell or "" for cell in header_cells]
    if "" in headers:
        column = headers.index("") + 1
        raise ImportFileError(f"Column {column} of the header row has no name.")
    repeated = sorted({h for h in headers if headers.count(h) > 1})
    if repeated:
        raise ImportFileError("The header row names a column twice: " + ", ".join(repeated))
    width = len(headers)
    rows = [(number, (row + [None] * width)[:width]) for number, row in numbered[1:]]
    return Table(headers=headers, rows=rows)
