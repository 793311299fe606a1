"""Database URL resolution, engines and the feed counter."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from server import config, feed
from server.db import database_url, make_engine, make_sessions


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


def test_make_engine_accepts_an_in_memory_database() -> None:
    assert make_engine("sqlite://").url.get_backend_name() == "sqlite"
