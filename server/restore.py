"""`fieldbook-server restore`: put a backup in place and give its feed a new identity.

A restored database must not pass for the history it was copied from (`server.feed_identity`):
clients that synced after the backup hold positions the restored feed will hand out again.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine

from server import feed, feed_identity, schema
from server.database import make_sessions
from server.tables import FeedCounter


class RestoreError(Exception):
    """A backup that cannot be restored; the message says why."""


def restore(engine: Engine, backup: Path | None) -> int:
    """Copy the SQLite `backup` over the database of `engine` (None: the database was restored
    by other means, as PostgreSQL's pg_restore), bring its schema up to date and give its feed a
    new identity. Returns the position the new identity begins from.

    The server must be stopped: its open connections would go on from the old state.
    """
    if backup is not None:
        if engine.dialect.name != "sqlite":
            raise RestoreError(
                "A PostgreSQL database is restored with pg_restore (see docs/deploy.md); "
                "then run `restore` without a file."
            )
        engine.dispose()
        _copy_in(backup, Path(str(engine.url.database)))
    schema.upgrade(engine)  # a backup may be older than the installed server
    feed_identity.settle(engine)
    with feed.write_transaction(make_sessions(engine).write) as session:
        feed_identity.renew(session)
        return session.get_one(FeedCounter, 1).feed_since


def _copy_in(backup: Path, target: Path) -> None:
    """Copy `backup` into `target` with SQLite's online backup, which writes through the
    target's own journal (no -wal or -shm file of the old database stays behind)."""
    try:
        with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as source:
            checked = source.execute("PRAGMA quick_check").fetchone()
            tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
            if checked != ("ok",) or "feed_counter" not in tables:
                raise RestoreError(f"{backup} is not a Fieldbook server database.")
            with closing(sqlite3.connect(target)) as copy:
                source.backup(copy)
    except sqlite3.DatabaseError as exc:
        raise RestoreError(f"{backup} cannot be read as a database: {exc}.") from exc
