"""Problems of an import file as a whole: each message is one sentence saying what is wrong."""

from __future__ import annotations

from collections.abc import Sequence


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; the message says why in a sentence."""


class MappingError(ImportFileError):
    """The column mapping cannot work with this file."""


def last_column(cells: Sequence[object]) -> int:
    """The number of the last column of a row with a value."""
    return max(i for i, cell in enumerate(cells, 1) if cell is not None)


def too_wide(row: int, cells: Sequence[object], max_columns: int) -> ImportFileError:
    """The error of a row with a value beyond the column limit."""
    return ImportFileError(
        f"Row {row} has a value in column {last_column(cells):,}; an import reads "
        f"{max_columns:,} columns at most."
    )
