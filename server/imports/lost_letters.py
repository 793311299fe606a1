"""Text that lost letters to "?" when a program saved the file in a code page without them.

Excel saving "CSV" on a Chinese Windows writes GBK, which has no ö: `Köhler` becomes `K?hler`,
and on a Western Windows `Nguyễn` becomes `Nguy?n`. The letters are gone from the file; writing
such a row would overwrite good names with damaged ones, so it is refused with a sentence. Only
files in a code page are checked (`csv_files.CsvText.lossy_encoding`): UTF-8, UTF-16, XLSX and
JSON hold every letter. In names, addresses, phone numbers and ids any "?" is taken for a lost
letter; in a note, where questions are at home, only a "?" directly before a letter.
"""

from __future__ import annotations

import re

_FREE_TEXT = frozenset({"note"})
_BEFORE_A_LETTER = re.compile(r"\?[^\W\d_]")


def lost_letters(target: str, text: str) -> bool:
    """Whether the value of `target` looks like a text with letters lost to "?"."""
    if target in _FREE_TEXT:
        return _BEFORE_A_LETTER.search(text) is not None
    return "?" in text


def reason(source: str, target: str, text: str, encoding: str) -> str:
    """The sentence of a report for such a value."""
    named = source if source == target else f"{source} ({target})"
    return (
        f'{named} {text!r} has lost letters to "?" (the file was saved as {encoding}); '
        "save it as CSV UTF-8 or XLSX and import it again"
    )
