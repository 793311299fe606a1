"""Installing a territory snapshot: a replica file made elsewhere becomes this user's replica.

The file (`protocol.snapshots`) arrives zstd-compressed and checked against its offer's size and
SHA-256 (`sync.snapshot_download`). Here it is unpacked beside the replica, checked (a SQLite
file of this client's schema revision and search-key rules, taken at the offer's cursor and
feed, holding exactly the records the offer counts), made this replica's own and put in place
of the replica in one rename (`Replica.replace_file`).

Made its own: the snapshot holds no client's facts (the server strips them), so the new file
takes this replica's sync_state (client id, next mutation number, user, region, conflict cursor,
records held back) with the offer's cursor and feed, its outbox, its conflict records, and its
records with unpushed changes, laid over the snapshot's copies (`rebase`) or, where the
snapshot has none, as they are here. Until the rename the old replica is untouched: a crash
before it leaves the old file, after it the new one, and a half-unpacked file is only ever the
temporary one, removed by the next attempt.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, select
from sqlalchemy.orm import Session

from local_store import snapshot_copy, state
from local_store.db import Replica, dump_json
from local_store.migrate import head_revision
from local_store.models import ENTITY_MODELS, OutboxEntry
from local_store.records import to_fields
from local_store.search_keys import SEARCH_KEYS_VERSION
from protocol.snapshots import SnapshotOffer

log = logging.getLogger(__name__)

# Written by the unpacking; the name says what it is if a crash leaves it.
UNPACKING_SUFFIX = ".installing"
# The tables of a replica that hold this client's own facts, never a snapshot's.
OWN_TABLES = ("outbox", "conflict")
_CHUNK = 1 << 20

# Lays a replica's pending changes over the snapshot's copies of these records (entity, id),
# in the new file's session (`sync.replica_side.apply_changes` does it as a pull would).
Rebase = Callable[[Session, list[tuple[str, str, dict[str, Any], int]]], None]


class SnapshotRejectedError(Exception):
    """The snapshot file is not one this client may install; the message says why."""


def unpacking_path(replica_path: Path) -> Path:
    return replica_path.with_name(replica_path.name + UNPACKING_SUFFIX)


def unpack(compressed: Path, target: Path, raw_size: int) -> None:
    """Decompress `compressed` (zstd) into `target`, streaming; SnapshotRejectedError when it
    is not zstd or does not come to `raw_size` bytes."""
    import zstandard  # only to install a snapshot

    try:
        with compressed.open("rb") as source, target.open("wb") as sink:
            _read, written = zstandard.ZstdDecompressor().copy_stream(
                source, sink, read_size=_CHUNK, write_size=_CHUNK
            )
            # On disk now, while the app works on: the install, which holds the replica's
            # sessions back, then flushes only the few pages it changes.
            sink.flush()
            os.fsync(sink.fileno())
    except zstandard.ZstdError as exc:
        raise SnapshotRejectedError(f"the file does not decompress: {exc}") from exc
    if written != raw_size:
        raise SnapshotRejectedError(f"it decompresses to {written} bytes, not {raw_size}")


def check(path: Path, offer: SnapshotOffer) -> None:
    """That the unpacked file is what `offer` says, without asking the server anything: a
    SQLite replica at this client's schema revision and search-key version, taken at the
    offer's cursor and feed, in no half-finished load, whose records per entity are the offer's
    `counts` and `checksums` (the sanity check of a sync, done on the file)."""
    try:
        found = snapshot_copy.facts(path)
        with closing(_read_only(path)) as connection:
            _check_built_and_clean(connection)
    except (sqlite3.DatabaseError, ValueError) as exc:
        raise SnapshotRejectedError(f"not a readable SQLite replica: {exc}") from exc
    _check_facts(found, offer)


def _check_facts(found: snapshot_copy.CopyFacts, offer: SnapshotOffer) -> None:
    if found.schema_revision != head_revision() or offer.schema_revision != head_revision():
        raise SnapshotRejectedError(
            f"schema {found.schema_revision}, this client's is {head_revision()}"
        )
    if found.search_keys != SEARCH_KEYS_VERSION or offer.search_keys != SEARCH_KEYS_VERSION:
        raise SnapshotRejectedError(
            f"search keys of version {found.search_keys}, this client's are {SEARCH_KEYS_VERSION}"
        )
    if found.cursor != offer.cursor or found.feed != offer.feed:
        raise SnapshotRejectedError(
            f"taken at cursor {found.cursor} of feed {found.feed}, "
            f"offered as {offer.cursor} of {offer.feed}"
        )
    for entity in ENTITY_MODELS:
        count, checksum = found.counts.get(entity), found.checksums.get(entity)
        if count != offer.counts.get(entity) or checksum != offer.checksums.get(entity):
            raise SnapshotRejectedError(
                f"{entity}: {count} records ({checksum}), offered "
                f"{offer.counts.get(entity)} ({offer.checksums.get(entity)})"
            )


def _check_built_and_clean(connection: sqlite3.Connection) -> None:
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if {"account_fts_insert", "account_fts_delete"} - names:
        raise SnapshotRejectedError("its search index is not built")
    for table in (*OWN_TABLES, "quarantine"):
        if connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:
            raise SnapshotRejectedError(f"it holds a client's own rows ({table})")


def install(
    replica: Replica,
    unpacked: Path,
    *,
    facts: Mapping[str, Any],
    keep: Iterable[str],
    rebase: Rebase,
) -> None:
    """Make the checked file at `unpacked` this replica's own and put it in the replica's
    place (see the module docstring). `facts`: sync_state values the new file takes (cursor,
    feed, …); `keep`: sync_state keys whose snapshot values it keeps (scope, search keys);
    every other key comes from the replica. Edits saved meanwhile wait for the rename, and
    land in the new file."""

    def make_own(old: Path) -> Path:
        _adopt(unpacked, old, facts, set(keep), rebase)
        return unpacked

    replica.replace_file(make_own)


def _adopt(new: Path, old: Path, facts: Mapping[str, Any], keep: set[str], rebase: Rebase) -> None:
    """Copy this replica's own rows from `old` into `new` (one transaction), then flush `new`
    to disk in rollback-journal mode, and leave it in WAL mode as every replica is."""
    engine = create_engine(f"sqlite:///{new}", json_serializer=dump_json)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode=DELETE")
            connection.exec_driver_sql("PRAGMA synchronous=FULL")
            connection.exec_driver_sql("ATTACH DATABASE ? AS old", (str(old),))
            connection.commit()
            with Session(bind=connection) as session:
                _copy_own_rows(session, keep)
                pending = _pending_records(session)
                rebase(session, pending)
                for key, value in facts.items():
                    state.put(session, key, value)
                state.put(session, state.SEARCH_KEYS, SEARCH_KEYS_VERSION)
                session.commit()
            connection.exec_driver_sql("DETACH DATABASE old")
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            connection.commit()
    finally:
        engine.dispose()
    _flush_file(new)


def _copy_own_rows(session: Session, keep: set[str]) -> None:
    """The replica's sync_state (but for the `keep` keys), outbox and conflict records."""
    connection = session.connection()
    marks = ", ".join("?" for _ in keep) or "NULL"
    connection.exec_driver_sql(
        f"DELETE FROM main.sync_state WHERE key NOT IN ({marks})",
        tuple(keep),
    )
    _copy(connection, "sync_state", f"key NOT IN ({marks})", tuple(keep))
    for table in OWN_TABLES:
        connection.exec_driver_sql(f'DELETE FROM main."{table}"')
        _copy(connection, table, "1", ())


def _copy(connection: Connection, table: str, where: str, parameters: tuple[Any, ...]) -> None:
    """Copy the rows of the old replica's `table` that `where` selects, column by name."""
    columns = ", ".join(
        f'"{row[1]}"' for row in connection.exec_driver_sql(f'PRAGMA main.table_info("{table}")')
    )
    connection.exec_driver_sql(
        f'INSERT INTO main."{table}" ({columns}) SELECT {columns} FROM old."{table}" WHERE {where}',
        parameters,
    )


def _pending_records(session: Session) -> list[tuple[str, str, dict[str, Any], int]]:
    """The records with unpushed changes: those the snapshot holds, as (entity, id, stored
    fields, version) for `rebase`; those it does not hold are copied from the old replica as
    they are there (a record made here, or one the server no longer shows: as a pull from 0
    leaves them)."""
    connection = session.connection()
    held: list[tuple[str, str, dict[str, Any], int]] = []
    pending_ids = select(OutboxEntry.record_id).distinct()
    for entity, model in ENTITY_MODELS.items():
        ids = list(session.scalars(pending_ids.where(OutboxEntry.entity == entity)))
        if not ids:
            continue
        for row in session.scalars(select(model).where(model.id.in_(ids))):
            held.append((entity, row.id, to_fields(entity, row), row.version))
        marks = ", ".join("?" for _ in ids)
        where = f'id IN ({marks}) AND id NOT IN (SELECT id FROM main."{entity}")'
        _copy(connection, entity, where, tuple(ids))
    return held


def _flush_file(path: Path) -> None:
    with path.open("rb+") as file:
        os.fsync(file.fileno())


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
