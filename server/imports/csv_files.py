"""CSV files as spreadsheets write them, read into numbered rows of cell text.

Excel, LibreOffice, Google Sheets and Fieldbook's export all quote a cell holding the delimiter,
a quote or a line break in double quotes, doubling the quotes inside; they differ in the
delimiter (a comma; a semicolon where the comma is the decimal sign; a tab in Excel's "Unicode
text") and the encoding: UTF-8 with or without a BOM, UTF-16 with a BOM, and the Windows code
page of the machine, GB18030/GBK on a Chinese Windows and Windows-1252 on a Western one.

A BOM says which Unicode encoding a file is in. Without one, the encoding is told by
charset-normalizer among UTF-8 and the two code pages, not by hand: the code pages decode almost
any bytes, and telling them apart takes a model of what text in each looks like. The
delimiter is the one that splits the first rows of the file (read as CSV, quotes and all) into
as many cells as the header has: a header line alone cannot tell, and a comma inside a quoted
address must not count.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

import charset_normalizer

from server.imports.errors import ImportFileError
from server.spreadsheet_text import restored

# A BOM says what the file is; otherwise charset-normalizer tells among the encodings
# spreadsheets save CSV in without one (its names, and the codec for each).
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_DETECTED = {
    "utf_8": ("utf-8", "UTF-8"),
    # The code pages, which turn letters they do not have into "?" when a file is saved in them.
    "gb18030": ("gb18030", "GB18030"),
    "cp1252": ("cp1252", "Windows-1252"),
}
_UNKNOWN_ENCODING = (
    "The file is not in an encoding Fieldbook reads (UTF-8, UTF-16, GB18030/GBK or "
    "Windows-1252); save it as CSV UTF-8 or as XLSX."
)
DELIMITERS = (",", ";", "\t")  # in order of preference when rows fit several equally
SAMPLE_ROWS = 200


@dataclass(frozen=True)
class CsvText:
    text: str
    # The code page the file was saved in, when it may have lost letters to "?": a Windows code
    # page, or ASCII (a code page's file that happens to hold no other letter). None for UTF-8
    # and UTF-16 files with a BOM or with letters beyond ASCII, which hold every letter.
    lossy_encoding: str | None


def decode(data: bytes) -> CsvText:
    """The text of a CSV file in one of the encodings spreadsheets save in."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):  # the file says what it is
            return CsvText(_decoded(data, codec, name), None)
    foreign = [line for line in data.splitlines() if not line.isascii()]
    # The lines with other letters than ASCII are the evidence; the ASCII lines of a mostly
    # English file would only make any code page's reading look like a Western language.
    evidence = b"\n".join(foreign) if foreign else data
    match = charset_normalizer.from_bytes(evidence, cp_isolation=list(_DETECTED)).best()
    if match is None:
        raise ImportFileError(_UNKNOWN_ENCODING)
    codec, name = _DETECTED[match.encoding]
    if match.encoding != "utf_8":
        lossy: str | None = name
    else:
        lossy = None if foreign else "ASCII"
    return CsvText(_decoded(data, codec, name), lossy)


def _decoded(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"The file is not readable as {name}: byte {exc.start + 1} is not text in it; "
            "save it as CSV UTF-8 or as XLSX."
        ) from exc


def rows(text: str) -> Iterator[tuple[int, list[str | None]]]:
    """(row number as a spreadsheet shows it, its cells) for every row of the file."""
    delimiter = _delimiter(text)
    reader = _reader(text, delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, 1):
            yield number, [restored(cell) for cell in cells]
    except csv.Error as exc:
        raise ImportFileError(
            f"Row {number + 1} is not readable as CSV: {exc} (a cell in quotes ends with a quote "
            "before the next delimiter, and quotes inside it are doubled)."
        ) from exc


def _reader(text: str, delimiter: str) -> Iterator[list[str]]:
    """Strict: a stray or missing quote is an error, not cells silently run together."""
    return csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter, strict=True)


def _delimiter(text: str) -> str:
    """The delimiter that cuts the first rows into as many cells as their header has."""
    return max(DELIMITERS, key=lambda delimiter: _fit(text, delimiter))


def _fit(text: str, delimiter: str) -> tuple[bool, bool, int]:
    """How well `delimiter` fits: whether it splits the header, whether the sample rows parse,
    and how many of them it cuts into as many cells as the header."""
    sample: list[list[str]] = []
    readable = True
    try:
        for row in islice(_reader(text, delimiter), SAMPLE_ROWS):
            if any(cell.strip() for cell in row):
                sample.append(row)
    except csv.Error:
        readable = False
    if not sample or len(sample[0]) == 1:  # the delimiter is not in the header
        return False, readable, 0
    width = len(sample[0])
    return True, readable, sum(len(row) == width for row in sample[1:])
