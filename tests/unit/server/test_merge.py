"""Field-level merge of concurrent edits, through push."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from server.merge import merge
from tests.unit.server.helpers import Device, World, account_fields, new_id


def shared_account(client: TestClient, world: World, **fields: object) -> tuple[str, int]:
    """An account created by rep_a; returns its id and version."""
    account_id = new_id()
    result = Device(client, "rep_a").push_one(
        "account", account_id, account_fields(world.territory_a, **fields)
    )
    return account_id, result["version"]


def test_edits_of_different_fields_are_both_applied(client: TestClient, world: World) -> None:
    account_id, base = shared_account(client, world)
    one, two = Device(client, "rep_a"), Device(client, "rep_a2")

    first = one.push_one("account", account_id, {"phone": "010-1"}, base_version=base)
    second = two.push_one("account", account_id, {"tier": "a"}, base_version=base)

    assert first["status"] == second["status"] == "applied"
    state = Device(client, "manager").pull()[-1]
    assert state["version"] == second["version"]
    assert state["fields"]["phone"] == "010-1" and state["fields"]["tier"] == "a"


def test_edits_of_the_same_field_conflict_and_the_server_value_stands(
    client: TestClient, world: World
) -> None:
    account_id, base = shared_account(client, world)
    one, two = Device(client, "rep_a"), Device(client, "rep_a2")
    first = one.push_one("account", account_id, {"phone": "010-1"}, base_version=base)

    second = two.push_one("account", account_id, {"phone": "010-2", "tier": "b"}, base_version=base)

    assert second["status"] == "conflict"
    assert second["conflicts"] == [{"field": "phone", "mine": "010-2", "theirs": "010-1"}]
    assert second["version"] > first["version"]  # the tier was applied
    fields = Device(client, "manager").pull()[-1]["fields"]
    assert fields["phone"] == "010-1" and fields["tier"] == "b"


def test_the_same_value_written_twice_is_no_conflict(client: TestClient, world: World) -> None:
    account_id, base = shared_account(client, world)
    Device(client, "rep_a").push_one("account", account_id, {"phone": "1"}, base_version=base)

    same = Device(client, "rep_a2").push_one(
        "account", account_id, {"phone": "1"}, base_version=base
    )

    assert same["status"] == "applied" and same["conflicts"] == []


def test_address_and_city_merge_as_one(client: TestClient, world: World) -> None:
    account_id, base = shared_account(client, world, city="北京", address="海淀区中关村大街1号")
    Device(client, "rep_a").push_one(
        "account", account_id, {"address": "海淀区中关村大街2号"}, base_version=base
    )

    moved = Device(client, "rep_a2").push_one(
        "account", account_id, {"city": "上海"}, base_version=base
    )

    assert moved["status"] == "conflict"
    assert moved["conflicts"] == [{"field": "city", "mine": "上海", "theirs": "北京"}]


def test_an_update_after_a_delete_is_a_conflict_and_the_delete_stands(
    client: TestClient, world: World
) -> None:
    account_id, base = shared_account(client, world)
    Device(client, "rep_a").push_one("account", account_id, op="delete", base_version=base)

    late = Device(client, "rep_a2").push_one(
        "account", account_id, {"phone": "9", "tier": "c"}, base_version=base
    )

    assert late["status"] == "conflict"
    assert late["conflicts"] == [
        {"field": "phone", "mine": "9", "theirs": None},
        {"field": "tier", "mine": "c", "theirs": None},
    ]
    assert Device(client, "manager").pull()[-1]["removed"] is True


def test_a_writer_that_saw_the_latest_version_overwrites(client: TestClient, world: World) -> None:
    account_id, base = shared_account(client, world)
    one = Device(client, "rep_a")
    latest = one.push_one("account", account_id, {"phone": "1"}, base_version=base)

    again = Device(client, "rep_a2").push_one(
        "account", account_id, {"phone": "2"}, base_version=latest["version"]
    )

    assert again["status"] == "applied"


def test_a_clients_own_queued_edits_never_conflict_with_each_other(
    client: TestClient, world: World
) -> None:
    """Two offline edits of the same field are both made on the same base version."""
    account_id, base = shared_account(client, world)
    one = Device(client, "rep_a")
    one.push_one("account", account_id, {"phone": "1"}, base_version=base)

    second = one.push_one("account", account_id, {"phone": "2"}, base_version=base)

    assert second["status"] == "applied"
    assert Device(client, "manager").pull()[-1]["fields"]["phone"] == "2"


def test_a_clients_queued_edit_still_conflicts_with_another_clients_change(
    client: TestClient, world: World
) -> None:
    account_id, base = shared_account(client, world)
    one, two = Device(client, "rep_a"), Device(client, "rep_a2")
    one.push_one("account", account_id, {"phone": "1"}, base_version=base)
    two.push_one("account", account_id, {"phone": "2"}, base_version=base + 1)

    late = one.push_one("account", account_id, {"phone": "3"}, base_version=base)

    assert late["status"] == "conflict"
    assert late["conflicts"] == [{"field": "phone", "mine": "3", "theirs": "2"}]


def test_merge_reports_wire_values_and_writes_only_differing_fields() -> None:
    due = dt.date(2026, 11, 23)
    merged = merge(
        "task",
        current={"title": "call back", "due_date": due, "done": False},
        field_versions={"title": 5, "due_date": 5, "done": 2},
        field_writers={"title": "other", "due_date": "other"},
        writer="me",
        incoming={"title": "call back", "due_date": dt.date(2026, 11, 24), "done": True},
        mine={"title": "call back", "due_date": "2026-11-24", "done": True},
        base_version=3,
    )

    assert merged.changes == {"done": True}
    assert [c.model_dump() for c in merged.conflicts] == [
        {"field": "due_date", "mine": "2026-11-24", "theirs": "2026-11-23"}
    ]
