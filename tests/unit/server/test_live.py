"""The long-poll and the sanity counts."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from protocol.paths import COUNTS_PATH, WAIT_PATH
from tests.support.waiting import wait_until, waiting_polls
from tests.unit.server.helpers import Device, World, account_fields, new_id


def wait(client: TestClient, device: Device, timeout: float) -> dict:
    response = client.get(
        WAIT_PATH,
        params={"cursor": device.cursor, "timeout": timeout},
        headers=device.headers,
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_a_wait_with_nothing_new_answers_unchanged_at_its_timeout(
    client: TestClient, world: World
) -> None:
    reader = Device(client, "rep_a")
    reader.pull()
    started = time.monotonic()
    answer = wait(client, reader, 0.6)
    assert answer == {"changed": False, "cursor": reader.cursor}
    assert time.monotonic() - started >= 0.6


def test_a_wait_answers_when_a_push_commits_and_ignores_other_territories(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    polls = waiting_polls(client, monkeypatch)
    reader, other, writer = (
        Device(client, "rep_a"),
        Device(client, "rep_b"),
        Device(client, "rep_a2"),
    )
    reader.pull()
    other.pull()
    answers: dict[str, dict] = {}
    threads = [
        threading.Thread(target=lambda: answers.update(a=wait(client, reader, 10))),
        threading.Thread(target=lambda: answers.update(b=wait(client, other, 1.5))),
    ]
    for thread in threads:
        thread.start()
    wait_until(lambda: polls() == 2, "both long-polls to wait")
    version = writer.push_one("account", new_id(), account_fields(world.territory_a))["version"]
    for thread in threads:
        thread.join()
    assert answers["a"] == {"changed": True, "cursor": version}
    assert answers["b"]["changed"] is False


def test_the_counts_name_live_records_in_scope_with_the_feed_position(
    client: TestClient, world: World
) -> None:
    rep, other = Device(client, "rep_a"), Device(client, "rep_b")
    first, second = new_id(), new_id()
    version = rep.push_one("account", first, account_fields(world.territory_a))["version"]
    rep.push_one("account", second, account_fields(world.territory_a))
    rep.push_one("account", first, op="delete", base_version=version)
    rep.pull()

    mine = client.get(COUNTS_PATH, headers=rep.headers).json()
    theirs = client.get(COUNTS_PATH, headers=other.headers).json()

    assert mine["cursor"] == rep.cursor
    assert mine["counts"]["account"] == 1 and theirs["counts"]["account"] == 0
    assert mine["counts"]["user"] == theirs["counts"]["user"] == 4
    assert mine["checksums"]["user"] == theirs["checksums"]["user"]
    assert mine["checksums"]["account"] != theirs["checksums"]["account"]


def test_a_wait_with_a_cursor_beyond_the_feed_answers_changed_at_once(
    client: TestClient, world: World
) -> None:
    """A cursor the feed never reached (the server was restored from a backup): the client
    should sync now and meet the restored feed, not wait for positions to catch up."""
    reader = Device(client, "rep_a")
    reader.pull()
    latest = reader.cursor
    reader.cursor += 10
    started = time.monotonic()

    answer = wait(client, reader, 5)

    assert answer == {"changed": True, "cursor": latest}
    assert time.monotonic() - started < 4
