"""A territory snapshot end to end, with no stand-in: the server's own builder (the scheduler,
as `fieldbook-server snapshot build` runs it) builds a rep's scope over a loopback server, a
new laptop (the real sync engine and HTTP transport) signs in as that rep, installs it through
the server's snapshot routes and pulls the rest, and ends with the replica a page pull gives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from local_store.models import ENTITY_MODELS
from server import users
from server.database import make_engine, make_sessions
from server.schema import upgrade
from server.settings import SnapshotSettings
from server.snapshot_cli import loopback_server
from server.snapshot_scheduler import Snapshots
from tests.support.clock import FakeClock
from tests.support.launcher import run_forked_builder
from tests.support.live_server import serving
from tests.support.snapshots import snapshot_app
from tests.support.views import replica_view, server_view
from tests.unit.sync.conftest import _add_defaults_and_users
from tests.unit.sync.test_engine import new_account
from tests.unit.sync.test_snapshots import (
    Laptop,
    client_id,
    fill,
    laptop,  # noqa: F401 (the fixture, on this `url`)
    searches,
    tables,
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, server_engine: Engine) -> Iterator[Engine]:
    """The server's database, SQLite or PostgreSQL, with reps alice and bob (A), carol (B)."""
    if request.param == "sqlite":
        yield server_engine
        return
    engine = make_engine(request.getfixturevalue("pg_schema_url"))
    try:
        upgrade(engine)
        _add_defaults_and_users(engine)
        yield engine
    finally:
        engine.dispose()


def build(engine: Engine, directory: Path, territory: str) -> None:
    """Build one territory's snapshot as the server's admin command does: the scheduler runs
    the builder program against a loopback server of `engine` (the program forked from one that
    has loaded it, `tests.support.launcher`)."""
    with loopback_server(engine) as base_url:
        settings = SnapshotSettings(directory, base_url)
        snapshots = Snapshots(make_sessions(engine), settings, run_forked_builder)
        report = snapshots.build_scope([territory], dt.datetime.now(dt.UTC))
    assert report.built and not report.failed, report


@pytest.fixture
def url(database: Engine, tmp_path: Path, server_clock: FakeClock) -> Iterator[str]:
    """The server, serving the snapshots in `tmp_path/snapshots`."""
    with serving(snapshot_app(database, tmp_path / "snapshots", server_clock)) as address:
        yield address


def test_a_new_laptop_installs_the_builders_snapshot_and_ends_as_a_page_pull_does(
    database: Engine,
    laptop: Callable[..., Laptop],  # noqa: F811
    tmp_path: Path,
) -> None:
    fill(database)
    build(database, tmp_path / "snapshots", users.territory_record_id("A"))
    bob = laptop("bob", snapshots=False)
    bob.engine.sync()
    new_account(bob, "北京新科技有限公司", phone="010-6666 7777")  # after the snapshot
    bob.engine.sync()

    new, paged = laptop("alice", snapshots=True), laptop("alice", snapshots=False)
    mine = client_id(new.replica)
    report = new.engine.sync()
    paged.engine.sync()

    assert new.engine.snapshots_installed == 1
    assert report.pulled > 0  # the rest, from the snapshot's cursor
    assert report.changed == frozenset(ENTITY_MODELS)
    assert tables(new.replica) == tables(paged.replica)
    assert searches(new.replica) == searches(paged.replica)
    assert "北京新科技有限公司" in str(replica_view(new.replica))
    assert any(searches(new.replica).values())
    assert client_id(new.replica) == mine
    assert mine not in {client_id(paged.replica), client_id(bob.replica)}
    assert replica_view(new.replica) == server_view(database, new.user_id)
