"""Schema migrations: the migrated schema is exactly the models', on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, select

from server.database import make_engine, make_sessions
from server.schema import upgrade
from server.tables import Base, FeedCounter
from tests.support.threads import run_in_threads


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    if request.param == "sqlite":
        return make_engine(f"sqlite:///{tmp_path / 'server.db'}")
    return make_engine(request.getfixturevalue("pg_url"))


def schema_differences(engine: Engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_the_migrated_schema_equals_the_models(empty_engine: Engine) -> None:
    assert schema_differences(empty_engine)  # an empty database differs, so the check can fail

    upgrade(empty_engine)

    assert schema_differences(empty_engine) == []


def test_upgrading_again_changes_nothing_and_keeps_the_feed_counter(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    with make_sessions(empty_engine).write.begin() as session:
        session.get_one(FeedCounter, 1).value = 41

    upgrade(empty_engine)

    with make_sessions(empty_engine).read() as session:
        assert session.scalars(select(FeedCounter.value)).all() == [41]
    assert "alembic_version" in inspect(empty_engine).get_table_names()


def test_processes_starting_together_migrate_once(empty_engine: Engine) -> None:
    """Several servers started at once on one database: one migrates, the others wait."""
    failures = run_in_threads(lambda _n: upgrade(empty_engine), 4)

    assert failures == []
    assert schema_differences(empty_engine) == []
