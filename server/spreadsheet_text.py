"""Text in spreadsheet cells: formula cells neutralised the way OWASP describes, and read back.

Excel and LibreOffice run a CSV cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return as a formula, so a name typed into a web form could run in an admin's spreadsheet ("CSV
injection", https://owasp.org/www-community/attacks/CSV_Injection). An export puts a single
quote before such a cell, as OWASP advises: the spreadsheet shows the cell as text (some
versions show the quote too) and runs nothing. A phone number such as `+44 20 7707 0707` reads
as written, where without the quote a spreadsheet may take it for a formula, or `+4420…` for a
number and drop the plus.

The import removes that quote, and the round trip must be exact, so the quote is also put before
text that would otherwise not survive it: text that already starts with quotes followed by one
of those characters (`'=x` is written `''=x`), and text with white space at either end, which
the import otherwise trims away as noise of hand-made files.
"""

from __future__ import annotations

QUOTE = "'"
_FORMULA_STARTS = "=+-@"  # with white space: tab and carriage return are in OWASP's list


def _needs_quote(text: str) -> bool:
    rest = text.lstrip(QUOTE)
    starts_badly = bool(rest) and (rest[0] in _FORMULA_STARTS or rest[0].isspace())
    return starts_badly or (bool(text) and text[-1].isspace())


def neutralised(text: str) -> str:
    """`text` as a cell an export writes: quoted if a spreadsheet could run it or the import
    would change it."""
    return QUOTE + text if _needs_quote(text) else text


def restored(cell: str) -> str | None:
    """The text a cell of an imported CSV or XLSX file stands for: an export's quote removed,
    else the cell with surrounding white space trimmed; None for an empty cell."""
    if cell.startswith(QUOTE) and _needs_quote(cell[1:]):
        return cell[1:]
    return cell.strip() or None
