"""Seeing from outside what a `fieldbook-server` process is doing in its database, so a fault
test can kill it at a proven moment (inside a transaction, not before or after it).

PostgreSQL shows every backend in `pg_stat_activity` and its locks in `pg_locks`; a test can
also hold a lock the server's transaction needs, so the transaction stops half-way and stays
open until the test lets go. SQLite shows only whether someone holds the single writer lock.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from sqlalchemy.engine import make_url

WAIT_S = 30.0


@dataclass(frozen=True)
class Backend:
    """A server connection blocked on a lock inside its transaction."""

    pid: int
    query: str
    holds_feed_lock: bool


def is_postgres(db_url: str) -> bool:
    return db_url.startswith("postgresql")


def _until(found: object, what: str, deadline: float) -> None:
    if not found and time.monotonic() > deadline:
        raise AssertionError(f"not seen within {WAIT_S:.0f} s: {what}")


def sqlite_writer_active(db_url: str) -> bool:
    """Whether some connection holds the SQLite writer lock (a write transaction is open)."""
    path = make_url(db_url).database
    probe = sqlite3.connect(str(path), timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:  # "database is locked": a writer is inside
        return True
    finally:
        probe.close()  # a transaction begun here ends with the connection
    return False


def wait_for_sqlite_writer(db_url: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not (active := sqlite_writer_active(db_url)):
        _until(active, "a write transaction of the server", deadline)
        time.sleep(0.001)


_BLOCKED = """
SELECT a.pid, a.query,
       EXISTS (SELECT 1 FROM pg_locks l
               WHERE l.pid = a.pid AND l.granted AND l.relation = 'feed_counter'::regclass
                 AND l.mode = 'RowShareLock')
FROM pg_stat_activity a
WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
  AND a.xact_start IS NOT NULL AND a.wait_event_type = 'Lock'
"""

_FEED_LOCK_HELD = """
SELECT count(*) FROM pg_locks
WHERE relation = 'feed_counter'::regclass AND granted AND mode = 'RowShareLock'
  AND pid <> pg_backend_pid()
"""


class PostgresWatch:
    """A connection of the test's own to the server's PostgreSQL database."""

    def __init__(self, db_url: str) -> None:
        self.connection = psycopg.connect(db_url, autocommit=True)

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def holding_row(self, table: str, record_id: str) -> Iterator[None]:
        """Lock one row until the block ends: a transaction that writes it waits there."""
        with psycopg.connect(self.connection.info.dsn) as holder:
            holder.execute(f'SELECT 1 FROM "{table}" WHERE id = %s FOR UPDATE', (record_id,))
            yield
            holder.rollback()

    @contextmanager
    def holding_tables(self, tables: Sequence[str]) -> Iterator[None]:
        """Lock whole tables until the block ends: even a transaction that reads them waits."""
        with psycopg.connect(self.connection.info.dsn) as holder:
            names = ", ".join(f'"{table}"' for table in tables)
            holder.execute(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE")
            yield
            holder.rollback()

    def blocked_backend(self) -> Backend:
        """The server connection waiting on a lock inside an open transaction."""
        deadline = time.monotonic() + WAIT_S
        while True:
            row = self.connection.execute(_BLOCKED).fetchone()
            if row is not None:
                return Backend(pid=row[0], query=row[1], holds_feed_lock=row[2])
            _until(row, "a server transaction waiting on a lock", deadline)
            time.sleep(0.01)

    def wait_feed_lock_released(self) -> None:
        """Until no other connection holds the feed lock (an orphaned transaction is over)."""
        deadline = time.monotonic() + WAIT_S
        while held := self.connection.execute(_FEED_LOCK_HELD).fetchone()[0]:  # type: ignore[index]
            _until(not held, "the feed lock released", deadline)
            time.sleep(0.01)
