"""Conflicts both sides see: every value a merge or a delete set aside is kept on the server and
served to the members of the record's territory, with who wrote each value and when."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient

from protocol.paths import CONFLICTS_PATH
from tests.unit.server.helpers import Device, World, account_fields, both_databases, new_id

db_url = both_databases  # every test here on SQLite and on PostgreSQL


def conflicts(device: Device, after: int = 0, limit: int | None = None) -> dict[str, Any]:
    params = {"after": after} | ({"limit": limit} if limit else {})
    response = device.client.get(CONFLICTS_PATH, params=params, headers=device.headers)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def shared_account(client: TestClient, world: World) -> tuple[str, int]:
    account_id = new_id()
    result = Device(client, "rep_a").push_one(
        "account", account_id, account_fields(world.territory_a)
    )
    return account_id, result["version"]


def test_the_value_set_aside_is_seen_by_the_writer_whose_value_stood(
    client: TestClient, world: World
) -> None:
    account_id, base = shared_account(client, world)
    winner, loser = Device(client, "rep_a"), Device(client, "rep_a2")
    before = dt.datetime.now(dt.UTC)
    winner.push_one("account", account_id, {"phone": "010-1"}, base_version=base)
    loser.push_one("account", account_id, {"phone": "010-2"}, base_version=base)

    seen = conflicts(winner)

    assert seen["has_more"] is False
    [conflict] = seen["conflicts"]
    assert seen["cursor"] == conflict["id"]
    assert {k: conflict[k] for k in ("entity", "record_id", "field", "kind", "mine", "theirs")} == {
        "entity": "account",
        "record_id": account_id,
        "field": "phone",
        "kind": "changed",
        "mine": "010-2",
        "theirs": "010-1",
    }
    assert conflict["mine_by"] == world.user_ids["rep_a2"]
    assert conflict["theirs_by"] == world.user_ids["rep_a"]
    for moment in (conflict["mine_at"], conflict["theirs_at"]):
        assert before <= dt.datetime.fromisoformat(moment) <= dt.datetime.now(dt.UTC)
    assert conflicts(loser)["conflicts"] == [conflict]
    assert conflicts(Device(client, "manager"))["conflicts"] == [conflict]


def test_another_territory_never_sees_the_conflict(client: TestClient, world: World) -> None:
    account_id, base = shared_account(client, world)
    Device(client, "rep_a").push_one("account", account_id, {"tier": "a"}, base_version=base)
    Device(client, "rep_a2").push_one("account", account_id, {"tier": "b"}, base_version=base)

    assert conflicts(Device(client, "rep_b")) == {"conflicts": [], "cursor": 0, "has_more": False}


def test_an_edit_lost_to_a_delete_names_who_deleted(client: TestClient, world: World) -> None:
    account_id, base = shared_account(client, world)
    Device(client, "manager").push_one("account", account_id, op="delete", base_version=base)
    Device(client, "rep_a2").push_one("account", account_id, {"note": "回访"}, base_version=base)

    [conflict] = conflicts(Device(client, "rep_a"))["conflicts"]

    assert (conflict["kind"], conflict["mine"], conflict["theirs"]) == ("deleted", "回访", None)
    assert conflict["theirs_by"] == world.user_ids["manager"]
    assert conflict["theirs_at"] is not None


def test_the_feed_pages_from_a_cursor(client: TestClient, world: World) -> None:
    account_id, base = shared_account(client, world)
    Device(client, "rep_a").push_one(
        "account", account_id, {"phone": "1", "tier": "a", "note": "x"}, base_version=base
    )
    Device(client, "rep_a2").push_one(
        "account", account_id, {"phone": "2", "tier": "b", "note": "y"}, base_version=base
    )
    reader = Device(client, "rep_a")

    first = conflicts(reader, limit=2)
    rest = conflicts(reader, after=first["cursor"], limit=2)

    assert first["has_more"] is True and rest["has_more"] is False
    fields = [c["field"] for c in first["conflicts"] + rest["conflicts"]]
    assert sorted(fields) == ["note", "phone", "tier"]
    assert conflicts(reader, after=rest["cursor"])["conflicts"] == []
