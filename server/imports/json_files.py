"""JSON files as the export writes them: a list of records (objects), one row each.

The header is every key in the order the records first use it; the rows are numbered from 1,
the first record. Values are read exactly as they are, with no trimming: JSON has no cells a
spreadsheet would have touched. Numbers and true/false become text, null and "" an empty cell.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from server.imports.errors import ImportFileError

_STARTS = (b"[", b"{")
_BOM = b"\xef\xbb\xbf"


def looks_like_json(data: bytes) -> bool:
    """Whether the file starts as JSON does (a CSV header never starts with [ or {)."""
    return data.removeprefix(_BOM).lstrip()[:1] in _STARTS


def rows(data: bytes) -> Iterator[tuple[int, list[str | None]]]:
    """The header as row 0, then (record number, its cells)."""
    try:
        records = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFileError(f"The file is not valid JSON: {exc}.") from exc
    except RecursionError as exc:
        raise ImportFileError("The file is not valid JSON: it is nested too deeply.") from exc
    if not isinstance(records, list):
        raise ImportFileError("The file must be a JSON list of records, as the export writes.")
    if not records:
        raise ImportFileError("The file holds no records: there was nothing to import.")
    for number, record in enumerate(records, 1):
        if not isinstance(record, dict):
            raise ImportFileError(f"Record {number} of the JSON file is not an object.")
    headers = list(dict.fromkeys(key for record in records for key in record))
    header_row: list[str | None] = list(headers)
    yield 0, header_row
    for number, record in enumerate(records, 1):
        yield number, [_text(number, key, record.get(key)) for key in headers]


def _text(number: int, key: str, value: object) -> str | None:
    if isinstance(value, list | dict):
        raise ImportFileError(
            f'Record {number}: "{key}" holds a list or an object; an import takes text, '
            "numbers and true/false."
        )
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
