"""Opening a replica file: engine settings, schema migrations, sessions."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from local_store.migrate import is_current, prepare_for_upgrade, upgrade_to_head
from local_store.quarantine import set_aside_stored

log = logging.getLogger(__name__)


def dump_json(value: Any) -> str:
    """JSON columns' text: orjson writes an activity's answers in a seventh of the time
    `json.dumps` takes (300,000 of them in a territory's first sync), and keeps CJK text
    readable in the file."""
    orjson = _orjson()
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


@cache
def _orjson() -> ModuleType:
    """orjson, imported on first use: loading it takes 20 ms, which the app's start would wait
    for. Kept here, as an import statement in `dump_json` would cost a lookup a value."""
    import orjson

    return orjson


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a saved edit survives power loss, not only a crash of the app.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


# A connection record's info key: its connection commits without waiting for the disk.
_UNSYNCED = "unsynced_commits"
# SQLite's page cache, in KiB, of a connection loading a whole territory, and of every other.
# A load inserts 800,000 random ids into the primary keys' indexes: with the default cache
# (2 MiB) almost every insert read its index page back from the file and wrote an evicted one
# out, 3 million reads and writes in a first sync. The bigger cache holds an L territory's id
# indexes (about 50 MiB); it fills only as pages are read, and goes back to the default (its
# memory freed) when the connection is returned. Other pulls keep the default: a few hundred
# changes touch pages all over the file, and the app's memory would grow by the cache.
LOADING_CACHE_KIB = 64 * 1024
DEFAULT_CACHE_KIB = 2000


def _on_checkin(dbapi_connection: Any, record: Any) -> None:
    """A connection lent out for refetchable data goes back to durable commits and the
    default page cache."""
    if record.info.pop(_UNSYNCED, False) and dbapi_connection is not None:
        dbapi_connection.execute("PRAGMA synchronous=FULL")
        dbapi_connection.execute(f"PRAGMA cache_size=-{DEFAULT_CACHE_KIB}")


class ReplicaBusyError(Exception):
    """Another connection (another process) holds the replica open: its file cannot be
    replaced now. Nothing was changed."""


class _Gate:
    """Sessions pass freely, and in any number, except while the replica's file is replaced
    (`Replica.replace_file`): that waits for every open session to end and holds new ones back
    until it is done. A thread that already has a session open may open another (a read inside
    a save), so it never waits for a replacement that waits for it."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._open = 0
        self._replacing = False
        self._mine = threading.local()

    @contextmanager
    def passing(self) -> Iterator[None]:
        depth = getattr(self._mine, "depth", 0)
        with self._changed:
            while self._replacing and depth == 0:
                self._changed.wait()
            self._open += 1
        self._mine.depth = depth + 1
        try:
            yield
        finally:
            self._mine.depth = depth
            with self._changed:
                self._open -= 1
                self._changed.notify_all()

    @contextmanager
    def closed(self) -> Iterator[None]:
        """No session open while the block runs (the calling thread must have none open)."""
        with self._changed:
            while self._replacing:
                self._changed.wait()
            self._replacing = True
            while self._open:
                self._changed.wait()
        try:
            yield
        finally:
            with self._changed:
                self._replacing = False
                self._changed.notify_all()


class Replica:
    """One user's local database: an engine and the sessions over it.

    Opening migrates the schema to this version's, after a backup of an older file
    (`backup_path`); a file from a newer version raises NewerDatabaseError, untouched.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        current = is_current(path)
        self.backup_path = None if current else prepare_for_upgrade(path)
        self.engine: Engine = create_engine(f"sqlite:///{path}", json_serializer=dump_json)
        event.listen(self.engine, "connect", _on_connect)
        event.listen(self.engine, "checkin", _on_checkin)
        if not current:
            upgrade_to_head(self.engine)
            with self.engine.begin() as connection:
                set_aside_stored(connection)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._gate = _Gate()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for one user action: committed when the block ends, rolled back on error."""
        with self._gate.passing(), self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def refetchable_session(self, *, loading: bool = False) -> Iterator[Session]:
        """A session for what the server still holds (a pulled page with its cursor), committed
        without waiting for the disk (synchronous=NORMAL).

        In WAL mode that commit is still atomic: a power cut may only undo the last such
        commits, cursor included, and the next sync fetches them again. An initial sync of a
        territory commits hundreds of pages; waiting for the disk on each took a fifth of it.
        A user's save (`session`) waits for the disk, and with it for everything before it.
        `loading`: the session loads a whole territory (a pull from 0), with the bigger cache.
        """
        with self._gate.passing(), self._sessions() as session, session.begin():
            connection = session.connection()
            connection.connection.info[_UNSYNCED] = True
            connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
            if loading:
                connection.exec_driver_sql(f"PRAGMA cache_size=-{LOADING_CACHE_KIB}")
            yield session

    def replace_file(self, make_new: Callable[[Path], Path]) -> None:
        """Put another file in place of the replica's, atomically: a crash at any point leaves
        either the old file whole or the new one.

        `make_new(old_path)` runs while no session is open and none can open (others wait),
        with every connection of this replica closed: it reads what it needs of the old file
        and returns the new file, complete and flushed to disk, in the replica's folder. Then
        the old file's write-ahead log is checkpointed into it and emptied (a log left beside
        the new file would be read as the new file's), the new file takes the old one's
        permissions and name (`os.replace`), and the folder is flushed. The calling thread
        must have no session open. ReplicaBusyError when another process holds the replica
        open.
        """
        with self._gate.closed():
            self.engine.dispose()
            _checkpoint_alone(self.path)
            new = make_new(self.path)
            os.chmod(new, stat.S_IMODE(self.path.stat().st_mode))  # as private as the old one
            os.replace(new, self.path)
            _flush_folder(self.path.parent)

    def close(self) -> None:
        self.engine.dispose()


def _checkpoint_alone(path: Path) -> None:
    """Move the write-ahead log into the file and empty it; ReplicaBusyError if another
    connection is reading or writing it meanwhile (the log cannot be emptied under it)."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA busy_timeout=0")
        busy, _log_pages, _moved = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        connection.close()
    if busy:
        raise ReplicaBusyError(f"{path} is open in another process")


def _flush_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX: fsync the directory; not possible on Windows,
    whose NTFS journals the rename itself)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
