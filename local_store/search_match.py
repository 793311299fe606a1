"""Which rows of the account search index hold a typed pattern, as SQL conditions.

A pattern of four or more characters is found by its trigrams (LIKE through the index, which
reads each candidate row's text to confirm). A pattern of three characters is one trigram, and
a shorter one has none, but every place it occurs begins one (local_store.search_index): the
index's term list names the trigrams it begins and the index alone finds the rows holding any
of them, the same rows as reading every row's text would.

A common pattern (a single Latin letter or digit, found in a sample of the rows, `is_common`)
is tested on each row's text instead: looking up all its rows would cost more than reading the
few rows a count stopped early, or a page in name order, needs.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Integer, column, false, func, literal_column, select, table
from sqlalchemy.orm import Session

from local_store import search_index

# More trigrams than this make one OR query slower than reading the rows (tests/bench/search.py).
MAX_TERMS = 1000
# A pattern in this share of the first SAMPLE_ROWS rows is common.
SAMPLE_ROWS = 1000
COMMON_SHARE = 0.1
_LAST_CHAR = "\U0010ffff"
_LIKE_WILDCARDS = frozenset("%_\\")

INDEX = table(search_index.TABLE, column("rowid"), column("text"))
_TERMS = table(search_index.TERMS, column("term"))
_WHOLE_ROW: ColumnElement[str] = literal_column(
    search_index.TABLE
)  # the left side of an FTS5 MATCH


def trigrams_beginning(session: Session, pattern: str) -> list[str] | None:
    """The index's trigrams that begin with `pattern`; None when there are more than
    MAX_TERMS."""
    stmt = (
        select(_TERMS.c.term)
        .where(_TERMS.c.term >= pattern, _TERMS.c.term < pattern + _LAST_CHAR)
        .limit(MAX_TERMS + 1)
    )
    terms = list(session.scalars(stmt))
    return None if len(terms) > MAX_TERMS else terms


def _quoted(term: str) -> str:
    """An FTS5 string: the term taken literally, whatever characters it holds."""
    return '"' + term.replace('"', '""') + '"'


def is_common(session: Session, pattern: str) -> bool:
    """Whether the pattern is in at least COMMON_SHARE of a sample of the rows."""
    sample = select(INDEX.c.text).limit(SAMPLE_ROWS).subquery()
    holding = func.sum(func.instr(sample.c.text, pattern) > 0, type_=Integer)
    rows, found = session.execute(select(func.count(), holding)).one()
    return bool(rows) and (found or 0) >= COMMON_SHARE * rows


def text_holds(pattern: str) -> ColumnElement[bool]:
    """The plain test of one row's text."""
    return func.instr(INDEX.c.text, pattern) > 0


def holds(session: Session, pattern: str, *, common: bool = False) -> ColumnElement[bool]:
    """True for the index rows whose text holds `pattern` (lower-cased, not empty); a
    `common` one is tested on each row's text."""
    if common:
        return text_holds(pattern)
    if len(pattern) <= search_index.MIN_INDEXED_CHARS:
        terms = trigrams_beginning(session, pattern)
        if terms == []:
            return false()
        if terms is not None:
            return _WHOLE_ROW.op("MATCH")(" OR ".join(_quoted(term) for term in terms))
    elif not set(pattern) & _LIKE_WILDCARDS:
        return INDEX.c.text.like(f"%{pattern}%")
    return text_holds(pattern)
