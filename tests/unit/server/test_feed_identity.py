"""The feed's identity: every pull answer names it, a restore replaces it, and a cursor that
belongs to no history of this feed (beyond its head) is told to resync."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from protocol.paths import PULL_PATH
from server import cli, feed_identity
from server.database import make_engine
from server.schema import upgrade
from server.tables import FeedCounter
from tests.support.postgres import copy_database
from tests.support.templates import copy_sqlite
from tests.unit.server.helpers import Device, World, account_fields, new_id


def identity(engine: Engine) -> tuple[str | None, int]:
    with engine.connect() as connection:
        row = connection.execute(select(FeedCounter.feed_id, FeedCounter.feed_since)).one()
    return row.feed_id, row.feed_since


def pull(client: TestClient, device: Device, cursor: int) -> dict[str, Any]:
    answer = client.get(PULL_PATH, params={"cursor": cursor}, headers=device.headers)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_every_pull_answer_names_the_feed_and_where_it_began(
    client: TestClient, world: World, engine: Engine
) -> None:
    reader = Device(client, "rep_a")
    first = pull(client, reader, 0)
    end = pull(client, reader, first["cursor"])

    feed_id, since = identity(engine)
    assert feed_id and since == 0
    assert (first["feed"], first["feed_since"]) == (end["feed"], end["feed_since"]) == (feed_id, 0)


def test_a_pull_with_a_cursor_beyond_the_head_must_resync(client: TestClient, world: World) -> None:
    """A cursor the feed never reached was handed out by another history of it (a server
    restored from a backup): the reader must start again, not wait there for ever."""
    reader = Device(client, "rep_a")
    reader.push_one("account", new_id(), account_fields(world.territory_a))
    head = pull(client, reader, 0)["cursor"]

    beyond = pull(client, reader, head + 5)

    assert beyond["resync_required"] is True
    assert beyond["changes"] == [] and beyond["cursor"] == 0
    assert pull(client, reader, head)["resync_required"] is False


def test_the_identity_stays_while_the_same_database_starts_again(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    before = identity(engine)
    feed_identity.settle(engine)
    feed_identity.settle(engine)

    assert identity(engine) == before
    engine.dispose()


def test_restoring_a_sqlite_backup_gives_the_feed_a_new_identity_from_its_head(
    client: TestClient, world: World, engine: Engine, tmp_path: Path
) -> None:
    """docs/deploy.md: `fieldbook-server restore FILE` puts the backup in place. A copied file
    carries the same bytes as the database it came from, so the command itself marks it."""
    reader = Device(client, "rep_a")
    reader.push_one("account", new_id(), account_fields(world.territory_a))
    db_path = Path(str(engine.url.database))
    backup = tmp_path / "backup.db"
    copy_sqlite(db_path, backup)
    head_at_backup = pull(client, reader, 0)["cursor"]
    reader.push_one("account", new_id(), account_fields(world.territory_a))  # lost by the restore
    before = identity(engine)
    engine.dispose()

    assert cli.main(["--db", f"sqlite:///{db_path}", "restore", str(backup)]) == 0

    feed_id, since = identity(engine)
    assert feed_id != before[0] and since == head_at_backup
    answer = pull(client, reader, 0)
    assert (answer["feed"], answer["feed_since"]) == (feed_id, head_at_backup)


def test_the_restore_command_refuses_a_file_that_is_no_fieldbook_database(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upgrade(make_engine(db_url))
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")

    assert cli.main(["--db", db_url, "restore", str(junk)]) != 0
    assert "junk.db" in capsys.readouterr().err


@pytest.mark.postgres
def test_a_postgresql_database_restored_elsewhere_gets_a_new_identity_at_start(
    pg_schema_url: str,
) -> None:
    """pg_restore makes new tables in a new (or emptied) database: the server sees their new
    object ids when it starts and gives the feed a new identity."""
    engine = make_engine(pg_schema_url)
    feed_identity.settle(engine)
    original = identity(engine)
    engine.dispose()

    restored = make_engine(copy_database(pg_schema_url, "restored_" + uuid.uuid4().hex[:8]))
    assert identity(restored) == original  # the copy's bytes say nothing yet
    feed_identity.settle(restored)

    assert identity(restored)[0] != original[0]
    feed_identity.settle(restored)
    assert identity(restored)[0] != original[0]
    restored.dispose()
