"""A replica file fit to hand to another computer (a territory snapshot), and what it holds.

A snapshot is a copy of a replica that synced as a client of one scope (`sync.snapshot_builder`),
made with SQLite's online backup API: a page-by-page copy, so every rowid stays as it was, and
with it the search index, whose rows are keyed by the accounts' rowids (`VACUUM INTO` may
renumber them). Everything that belongs to the replica's own client, not to the scope, is then
stripped from the copy; the client that installs it makes it its own (new client id, its user,
its outbox laid on top). This module is the one list of what is stripped and the one reader of
what a copy holds, for the builder that publishes and the client that installs.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from local_store import search_index, state
from local_store.models import ENTITY_MODELS, OutboxEntry, QuarantinedRecord, SyncState
from local_store.models import Conflict as ConflictRow
from local_store.search_keys import SEARCH_KEYS_VERSION
from protocol.sync import scope_checksum

# Tables whose every row is the replica's own client's: unpushed changes, values set aside for
# its user, records it could not read (a file holding such records is not published at all:
# `quarantined`).
STRIPPED_TABLES: tuple[str, ...] = (
    str(OutboxEntry.__tablename__),
    str(ConflictRow.__tablename__),
    str(QuarantinedRecord.__tablename__),
)
# The `sync_state` facts a copy keeps: where in which feed it stands and for which territories,
# and the search-key rules it was made with. Every other key (client id, next mutation number,
# signed-in user, last sync, conflict cursor, sanity-check time, held-back records, …) is the
# replica's own and is stripped.
KEPT_STATE: tuple[str, ...] = (state.CURSOR, state.FEED, state.SCOPE, state.SEARCH_KEYS)
_SYNC_STATE = str(SyncState.__tablename__)


@dataclass(frozen=True)
class CopyFacts:
    """What a replica file holds, as a snapshot's offer names it (`protocol.SnapshotOffer`)."""

    schema_revision: str
    search_keys: int | None
    cursor: int
    feed: str | None
    scope: list[str] | None
    counts: dict[str, int]
    checksums: dict[str, str]


def publish_copy(source: Path, target: Path) -> None:
    """Copy the replica at `source` to `target` (a new file) and strip it for another client.

    The copy is a consistent snapshot of `source` even while it is written to (the backup API
    reads one transaction's view). The copy's search index is merged into one segment (as a
    first sync leaves it), and its journal mode set to DELETE, so the file is whole on its own
    (no `-wal` beside it); the client switches it back to WAL when it opens it.
    """
    if target.exists():
        raise FileExistsError(target)
    with (
        closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as original,
        closing(sqlite3.connect(target)) as copy,
    ):
        original.backup(copy)
        strip_client_rows(copy)
        copy.execute(f"INSERT INTO {search_index.TABLE}({search_index.TABLE}) VALUES ('optimize')")
        copy.commit()
        copy.execute("PRAGMA journal_mode=DELETE")


def strip_client_rows(connection: sqlite3.Connection) -> None:
    """Delete every row of `STRIPPED_TABLES` and every `sync_state` key but `KEPT_STATE`, and
    record the search-key rules' version; the caller commits."""
    for table in STRIPPED_TABLES:
        connection.execute(f'DELETE FROM "{table}"')
    marks = ", ".join("?" for _ in KEPT_STATE)
    connection.execute(f"DELETE FROM {_SYNC_STATE} WHERE key NOT IN ({marks})", KEPT_STATE)
    connection.execute(
        f"INSERT OR REPLACE INTO {_SYNC_STATE} (key, value) VALUES (?, ?)",
        (state.SEARCH_KEYS, json.dumps(SEARCH_KEYS_VERSION)),
    )


def quarantined(path: Path) -> int:
    """How many records the replica at `path` set aside as unreadable: a snapshot of it would
    lack them, so it is not published (its scope's clients pull page by page instead)."""
    with closing(_read_only(path)) as connection:
        return int(connection.execute(f'SELECT count(*) FROM "{STRIPPED_TABLES[2]}"').fetchone()[0])


def facts(path: Path) -> CopyFacts:
    """What the replica file at `path` holds: its schema revision, search-key rules, cursor,
    feed identity and scope, and per synced entity the count and `scope_checksum` of its
    records' `(id, version)` pairs, computed as the server's `CountsResponse` is. Read-only."""
    with closing(_read_only(path)) as connection:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        facts_of: dict[str, Any] = {
            key: _json_value(value)
            for key, value in connection.execute(f"SELECT key, value FROM {_SYNC_STATE}")
        }
        counts: dict[str, int] = {}
        checksums: dict[str, str] = {}
        for entity, model in ENTITY_MODELS.items():
            rows = connection.execute(f'SELECT id, version FROM "{model.__tablename__}"').fetchall()
            counts[entity] = len(rows)
            checksums[entity] = scope_checksum(
                [(record_id, version) for record_id, version in rows]
            )
    if len(revision) != 1:
        raise ValueError(f"{path} names {len(revision)} schema revisions, not one")
    return CopyFacts(
        schema_revision=str(revision[0][0]),
        search_keys=facts_of.get(state.SEARCH_KEYS),
        cursor=int(facts_of.get(state.CURSOR) or 0),
        feed=facts_of.get(state.FEED),
        scope=facts_of.get(state.SCOPE),
        counts=counts,
        checksums=checksums,
    )


def _json_value(stored: Any) -> Any:
    """A JSON column's value as SQLite hands it back: a number stays a number (the column's
    affinity is NUMERIC), text is JSON."""
    return json.loads(stored) if isinstance(stored, str | bytes) else stored


def _read_only(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise FileNotFoundError(path)
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
