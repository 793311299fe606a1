"""Engines and sessions: SQLite (the embedded default) or PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 10_000
# PostgreSQL connections kept open, and opened beyond them at peaks (each of those is opened
# anew for one request). The pool also bounds how many routes work in the database at once:
# with 50 clients on 2 cores, 20 + 20 connections (as many as the 40 route threads) made the
# p99 worse (2.7 s against 1.1 s at 10 + 5 or 5 + 10): more backends share the CPU with the
# push that holds the feed lock, so every push queued behind it waits longer.
PG_POOL_SIZE = 10
PG_MAX_OVERFLOW = 5
WRITE_OPTION = "fieldbook_write"


def _dump_json(value: Any) -> str:
    """JSON columns keep CJK text readable in the database."""
    return json.dumps(value, ensure_ascii=False)


def database_url(url: str) -> URL:
    """`url` parsed, with plain PostgreSQL URLs pointed at the psycopg 3 driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite connections get WAL, foreign keys and a busy timeout."""
    parsed = database_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, json_serializer=_dump_json)
        _configure_sqlite(engine)
        return engine
    return create_engine(
        parsed,
        json_serializer=_dump_json,
        pool_pre_ping=True,
        pool_size=PG_POOL_SIZE,
        max_overflow=PG_MAX_OVERFLOW,
    )


def _configure_sqlite(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, begin transactions.

    sqlite3's legacy mode runs SELECTs outside any transaction, so a read-then-write would not
    be atomic. Write transactions begin IMMEDIATE: they take the single writer lock up front
    (waiting up to the busy timeout) instead of failing when two of them upgrade a read lock.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        writing = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


@dataclass(frozen=True)
class Sessions:
    """Session factories: `write` for transactions that change data, `read` for the rest.

    On SQLite a write transaction begins IMMEDIATE, and a read transaction is one snapshot.
    On PostgreSQL reads run without a transaction (autocommit): at the default isolation
    (read committed) every statement sees the commits made before it began, in a transaction
    or not, so BEGIN and COMMIT would only add two round trips to each request. A read that
    needs one snapshot for several statements asks for REPEATABLE READ (`server.sanity`),
    which begins a transaction again.
    """

    read: sessionmaker[Session]
    write: sessionmaker[Session]


def make_sessions(engine: Engine) -> Sessions:
    writer = engine.execution_options(**{WRITE_OPTION: True})
    reader = engine
    if engine.dialect.name == "postgresql":
        reader = engine.execution_options(isolation_level="AUTOCOMMIT")
    return Sessions(
        read=sessionmaker(reader, expire_on_commit=False),
        write=sessionmaker(writer, expire_on_commit=False),
    )
