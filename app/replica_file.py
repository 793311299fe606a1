"""Opening the user's replica file: brought up to this version's schema, refused when a newer
version wrote it, and repaired when it is damaged.

A damaged file (cut short or overwritten) is set aside under a dated name beside it (never
deleted, for IT or support to look at), the edits not yet pushed that can still be read from it
go into a new replica, and the rest comes back from the server at the next sync. The user is
told in a sentence (`DamagedReplicaError`, held by the workspace that opens it first)."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from app.errors import DamagedReplicaError, NewerReplicaError
from app.private_files import keep_private, private_dir
from local_store import outbox, salvage, state
from local_store.db import Replica
from local_store.migrate import NewerDatabaseError

log = logging.getLogger(__name__)

# SQLite's write-ahead log and shared memory beside a replica: they go where the replica goes.
SIDE_FILES = ("-wal", "-shm")


def open_replica(path: Path) -> Replica:
    """The replica file at `path`, brought up to date and readable by this user only (with
    its folders, side files and any backup an upgrade made); a NewerReplicaError when a newer
    Fieldbook wrote it (the file is left untouched)."""
    private_dir(path.parent)
    try:
        replica = Replica(path)
    except NewerDatabaseError as exc:
        raise NewerReplicaError(str(exc)) from exc
    # SQLite makes the -wal and -shm files with the replica's mode, and keeps them while the
    # replica is open: they follow it.
    keep_private(path, *_side_files(path), *([replica.backup_path] if replica.backup_path else []))
    return replica


def _side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in SIDE_FILES]


def open_repairing(path: Path) -> Replica:
    """The replica at `path`; a new one holding what could be read of it, if it was damaged
    (`repair_news` tells of it)."""
    if not salvage.is_damaged(path):
        replica = None
        try:
            replica = open_replica(path)
            with replica.session() as session:  # the first reads: the user and the outbox
                state.get(session, state.ME)
                outbox.count(session)
            return replica
        except (sqlite3.DatabaseError, SQLAlchemyError) as exc:
            if not salvage.is_damage(exc):
                raise
            log.error("the replica %s is damaged: %s", path, exc)
            if replica is not None:
                replica.close()
    return _repaired(path)


def repair_news(replica: Replica) -> DamagedReplicaError | None:
    """What the user is told of the damaged file `replica` was made from, once; else None."""
    with replica.session() as session:
        note = salvage.repair_note(session)
    return None if note is None else DamagedReplicaError(*note)


def _repaired(path: Path) -> Replica:
    aside = set_aside(path)
    found = salvage.salvage(aside)
    replica = open_replica(path)
    with replica.session() as session:
        salvage.restore(session, found, aside)
    log.error(
        "the damaged replica %s was set aside as %s; %d unpushed edits kept, the rest is synced "
        "again",
        path,
        aside,
        len(found.outbox),
    )
    return replica


def set_aside(path: Path) -> Path:
    """Move the replica at `path` (and its side files) to a dated name beside it; the new
    name."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    path.replace(aside)
    for side, moved in zip(_side_files(path), _side_files(aside), strict=True):
        if side.exists():
            side.replace(moved)
    keep_private(aside, *_side_files(aside))
    return aside
