"""Database URL resolution, engines and the feed counter."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from server import config, feed, writes
from server.database import database_url, make_engine, make_sessions
from server.tables import ChangeFeed, FeedCounter
from tests.unit.server.helpers import new_id


def test_the_db_argument_wins_over_the_environment() -> None:
    environ = {config.DB_ENV_VAR: "sqlite:///env.db"}

    assert config.resolve_db_url("sqlite:///arg.db", environ) == "sqlite:///arg.db"
    assert config.resolve_db_url(None, environ) == "sqlite:///env.db"


def test_the_default_is_a_file_in_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data" / "fieldbook-server"
    monkeypatch.setattr(config.platformdirs, "user_data_dir", lambda *a, **k: str(data_dir))

    url = config.resolve_db_url(None, {})

    assert url == f"sqlite:///{data_dir / 'server.db'}"
    assert data_dir.is_dir()


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_postgresql_urls_use_psycopg_3(scheme: str) -> None:
    url = database_url(f"{scheme}://fieldbook:pw@db.example/fieldbook")

    assert url.drivername == "postgresql+psycopg"
    assert url.database == "fieldbook"


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(engine: Engine) -> None:
    with engine.connect() as connection:
        pragma = {
            name: connection.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }

    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 10_000}


def test_feed_positions_are_handed_out_in_order(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with feed.write_transaction(sessions.write) as session:
        first = feed.allocate(session)
        batch_end = feed.allocate(session, 5)
    with feed.write_transaction(sessions.write) as session:
        after = feed.allocate(session)

    assert (first, batch_end, after) == (first, first + 5, first + 6)


def test_allocations_of_a_rolled_back_transaction_are_given_again(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with pytest.raises(RuntimeError), feed.write_transaction(sessions.write) as session:
        lost = feed.allocate(session)
        raise RuntimeError
    with feed.write_transaction(sessions.write) as session:
        assert feed.allocate(session) == lost


def test_a_write_transaction_writes_its_counter_and_feed_rows_when_it_commits(
    engine: Engine,
) -> None:
    sessions = make_sessions(engine)
    record_id = new_id()
    with sessions.read.begin() as session:
        before: int = session.execute(select(FeedCounter.value)).scalar_one()
    with feed.write_transaction(sessions.write) as session:
        fields = {"name": "Counted", "territory_id": new_id()}
        first = writes.apply(session, writes.Write("account", record_id, fields), None)
        again = writes.Write("account", record_id, {"name": "Again"}, first.version)
        second = writes.apply(session, again, None)
        assert session.scalar(select(FeedCounter.value)) == before  # counted in memory
    with sessions.read.begin() as session:
        counter = session.scalar(select(FeedCounter.value))
        feed_rows = session.execute(select(ChangeFeed.seq, ChangeFeed.record_id)).all()

    assert (first.version, second.version) == (before + 1, before + 2)
    assert counter == before + 2
    assert sorted(feed_rows) == [(before + 1, record_id), (before + 2, record_id)]


def test_make_engine_accepts_an_in_memory_database() -> None:
    assert make_engine("sqlite://").url.get_backend_name() == "sqlite"


@pytest.mark.postgres
def test_postgresql_reads_run_outside_a_transaction_unless_they_ask_for_one_snapshot(
    pg_url: str,
) -> None:
    engine = make_engine(pg_url)
    sessions = make_sessions(engine)
    try:
        with sessions.read.begin() as session:
            first = session.scalar(text("SELECT statement_timestamp() = now()"))
            second = session.scalar(text("SELECT statement_timestamp() = now()"))
            isolation = session.scalar(text("SHOW transaction_isolation"))
        with sessions.read.begin() as session:
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            session.scalar(text("SELECT 1"))
            later = session.scalar(text("SELECT statement_timestamp() = now()"))
            snapshot = session.scalar(text("SHOW transaction_isolation"))
        with sessions.write.begin() as session:
            session.scalar(text("SELECT 1"))
            in_write = session.scalar(text("SELECT statement_timestamp() = now()"))
    finally:
        engine.dispose()

    assert (first, second, isolation) == (True, True, "read committed")  # no BEGIN: now() moves
    assert (later, snapshot) == (False, "repeatable read")
    assert in_write is False
