"""A damaged replica file: telling it at opening, and reading what it still holds that exists
nowhere else, the edits not yet pushed (the outbox).

The check at opening costs no reading of the data: a file that is not SQLite, or shorter than
its own header says (a copy cut short, a full disk), is damaged. `PRAGMA quick_check` would find
more but reads every page, half a second for a large territory at every start. Deeper damage
shows as an error of SQLite's "malformed" kind when the replica is opened or first read, which
the caller treats the same way.

What can be read is read row by row and kept up to the first unreadable one. The replica's id
towards the server is kept only together with its next mutation number: the server takes a
(client id, number) pair once, so a number used again under the same id would be dropped as a
repeat. With a new id, an edit the server took but never acknowledged may come twice, which
it merges as the same change.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from local_store import state
from local_store.models import OutboxEntry, SyncState

log = logging.getLogger(__name__)

# sync_state key of a replica made from a damaged one, until the user was told of it.
REPAIRED = "repaired"
_MAGIC = b"SQLite format 3\x00"
_HEADER_BYTES = 100
_OUTBOX_COLUMNS = ("seq", "entity", "record_id", "op", "base_version", "fields", "created_at")


def is_damaged(path: Path) -> bool:
    """Whether the replica file at `path` is plainly damaged: not an SQLite file, or shorter
    than its header says. A missing or empty file is not (it is a new replica)."""
    try:
        with path.open("rb") as stream:
            header = stream.read(_HEADER_BYTES)
        size = path.stat().st_size
    except FileNotFoundError:
        return False
    if size == 0:
        return False
    if len(header) < _HEADER_BYTES or not header.startswith(_MAGIC):
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count in the header is valid when it was written with the change counter.
    if header[92:96] != header[24:28]:
        return False
    return size < pages * page_size


def is_damage(error: BaseException) -> bool:
    """Whether `error` (SQLite's, or SQLAlchemy's wrapping of it) says the file is damaged."""
    cause = getattr(error, "orig", error)
    if not isinstance(cause, sqlite3.DatabaseError):
        return False
    code = getattr(cause, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


@dataclass
class Salvage:
    """What a damaged replica still holds that is not on the server."""

    outbox: list[dict[str, Any]] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)  # sync_state values kept


def salvage(path: Path) -> Salvage:
    """Read the unpushed edits, the user and the client id from the damaged file at `path`
    (read-only: the file is left as it is)."""
    found = Salvage()
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        log.warning("%s cannot be opened at all: %s", path, exc)
        return found
    with closing(connection):
        # SQLite refuses a file shorter than its header says, unless the schema is "writable":
        # then it reads the pages there are (the connection is read-only all the same).
        connection.execute("PRAGMA writable_schema=ON")
        found.outbox = _outbox_rows(connection, path)
        found.facts = _facts(connection, path)
    if set(found.facts) & {state.CLIENT_ID, state.NEXT_SEQ} != {state.CLIENT_ID, state.NEXT_SEQ}:
        found.facts.pop(state.CLIENT_ID, None)
        found.facts.pop(state.NEXT_SEQ, None)
    return found


def _outbox_rows(connection: sqlite3.Connection, path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    query = f"SELECT {', '.join(_OUTBOX_COLUMNS)} FROM outbox ORDER BY seq"
    try:
        for values in connection.execute(query):
            row = dict(zip(_OUTBOX_COLUMNS, values, strict=True))
            try:
                row["fields"] = json.loads(row["fields"])
            except (TypeError, ValueError):
                log.warning("%s: unpushed edit %s is unreadable, left behind", path, row["seq"])
                continue
            rows.append(row)
    except sqlite3.Error as exc:
        log.warning("%s: unpushed edits after the first %d unreadable: %s", path, len(rows), exc)
    return rows


def _facts(connection: sqlite3.Connection, path: Path) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for key in (state.CLIENT_ID, state.NEXT_SEQ, state.ME):
        try:
            query = "SELECT value FROM sync_state WHERE key = ?"
            row = connection.execute(query, (key,)).fetchone()
            if row is not None:
                facts[key] = json.loads(row[0])
        except (sqlite3.Error, TypeError, ValueError) as exc:
            log.warning("%s: %s is unreadable: %s", path, key, exc)
    return facts


def restore(session: Session, found: Salvage, kept: Path) -> None:
    """Put what was salvaged into a new, empty replica (the edits go out at the next push),
    with a note of where the damaged file was `kept` for `repair_note`."""
    if found.outbox:
        session.execute(insert(OutboxEntry), found.outbox)
    next_seq = max((row["seq"] for row in found.outbox), default=0) + 1
    facts = dict(found.facts)
    facts[state.NEXT_SEQ] = max(int(facts.get(state.NEXT_SEQ, 1)), next_seq)
    facts[REPAIRED] = {"kept": str(kept), "unsynced": len(found.outbox)}
    for key, value in facts.items():
        state.put(session, key, value)


def repair_note(session: Session) -> tuple[Path, int] | None:
    """Where the damaged file this replica was made from was kept, and how many unpushed edits
    came over from it; None if it was not. Taken once: the note is gone afterwards."""
    row = session.get(SyncState, REPAIRED)
    if row is None:
        return None
    session.delete(row)
    return Path(row.value["kept"]), int(row.value["unsynced"])
