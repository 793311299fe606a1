"""Compaction keeps what a reader starting from 0 needs and sends older cursors to a resync."""

from __future__ import annotations

import datetime as dt
import time

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from protocol.paths import PULL_PATH
from server import feed, retention
from server.api import create_app
from server.config import retention_period
from server.database import make_sessions
from server.tables import ChangeFeed
from tests.unit.server.helpers import Device, World, account_fields, by_id, new_id


def compact(engine: Engine, age: dt.timedelta = dt.timedelta(0)) -> int:
    """Compact as if `age` had passed, with a retention period of zero."""
    later = dt.datetime.now(dt.UTC) + age + dt.timedelta(seconds=1)
    with feed.write_transaction(make_sessions(engine).write) as session:
        return retention.compact(session, later, dt.timedelta(0))


def feed_rows(engine: Engine) -> list[tuple[int, str, bool]]:
    with make_sessions(engine).read() as session:
        rows = session.scalars(select(ChangeFeed).order_by(ChangeFeed.seq))
        return [(row.seq, row.record_id, row.exit) for row in rows]


def edited_account(client: TestClient, world: World) -> int:
    """A new account changed once: two feed rows, the first superseded; its first version."""
    rep = Device(client, "rep_a")
    account_id = new_id()
    version = rep.push_one("account", account_id, account_fields(world.territory_a))["version"]
    rep.push_one("account", account_id, {"phone": "1"}, base_version=version)
    return int(version)


def test_compaction_keeps_only_the_latest_row_of_each_live_record(
    client: TestClient, engine: Engine, world: World
) -> None:
    rep, manager = Device(client, "rep_a"), Device(client, "manager")
    kept, deleted, moved = new_id(), new_id(), new_id()
    versions = {
        r["record_id"]: r["version"]
        for r in rep.push(
            *(
                rep.mutation("account", i, account_fields(world.territory_a))
                for i in (kept, deleted, moved)
            )
        )
    }
    rep.push_one("account", kept, {"phone": "2"}, base_version=versions[kept])
    rep.push_one("account", deleted, op="delete", base_version=versions[deleted])
    manager.push_one(
        "account", moved, {"territory_id": world.territory_b}, base_version=versions[moved]
    )
    before = feed_rows(engine)

    removed = compact(engine)

    after = feed_rows(engine)
    assert removed == len(before) - len(after) > 0
    assert [record for _, record, _ in after if record in (kept, deleted, moved)] == [kept, moved]
    assert all(not exit for _, _, exit in after)  # the exit row of the moved account is gone
    removed_seqs = {seq for seq, _, _ in before} - {seq for seq, _, _ in after}
    with make_sessions(engine).read() as session:
        assert retention.horizon(session) == max(removed_seqs)


def test_a_cursor_below_the_horizon_must_resync_but_cursor_zero_need_not(
    client: TestClient, engine: Engine, world: World
) -> None:
    rep = Device(client, "rep_a")
    account_id = new_id()
    version = rep.push_one("account", account_id, account_fields(world.territory_a))["version"]
    reader = Device(client, "rep_a2")
    reader.pull()
    old_cursor = reader.cursor
    rep.push_one("account", account_id, {"phone": "1"}, base_version=version)
    rep.push_one("account", account_id, {"phone": "2"}, base_version=version)
    compact(engine)

    late = client.get(PULL_PATH, params={"cursor": old_cursor}, headers=reader.headers).json()
    fresh = Device(client, "rep_a2")
    changes = by_id(fresh.pull())

    assert late["resync_required"] is True and late["changes"] == [] and late["cursor"] == 0
    assert changes[account_id]["fields"]["phone"] == "2"


def test_nothing_younger_than_the_retention_period_is_compacted(
    client: TestClient, engine: Engine, world: World
) -> None:
    edited_account(client, world)
    with feed.write_transaction(make_sessions(engine).write) as session:
        removed = retention.compact(session, dt.datetime.now(dt.UTC))
    assert removed == 0
    with make_sessions(engine).read() as session:
        assert retention.horizon(session) == 0


def test_a_running_server_compacts_the_feed_by_itself(
    client: TestClient, engine: Engine, world: World
) -> None:
    version = edited_account(client, world)
    time.sleep(0.01)

    with TestClient(create_app(engine, keep_feed_for=dt.timedelta(milliseconds=1))):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with make_sessions(engine).read() as session:
                if retention.horizon(session) >= version:
                    break
            time.sleep(0.05)

    with make_sessions(engine).read() as session:
        assert retention.horizon(session) >= version


def test_the_retention_period_comes_from_the_environment() -> None:
    assert retention_period({}) == dt.timedelta(days=30)
    assert retention_period({"FIELDBOOK_RETENTION_DAYS": "90"}) == dt.timedelta(days=90)
    assert retention_period({"FIELDBOOK_RETENTION_DAYS": "0"}) == dt.timedelta(days=30)
    assert retention_period({"FIELDBOOK_RETENTION_DAYS": "soon"}) == dt.timedelta(days=30)
