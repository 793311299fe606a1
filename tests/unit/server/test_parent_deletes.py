"""Deleting an account: its contacts, tasks and activities go with it, a child written under a
deleted account is a conflict (never a live orphan), and a restore brings both back."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from server.tables import ActivityAnswer, Contact
from tests.unit.server.helpers import (
    Device,
    World,
    account_fields,
    both_databases,
    by_id,
    contact_fields,
    new_id,
)

VISIT = {
    "process_key": "field_visit",
    "process_version": 1,
    "kind": "visit",
    "occurred_at": "2026-11-23T10:30:00+08:00",
    "answers": [{"step": "why", "codes": ["price"]}],
}

db_url = both_databases  # every test here on SQLite and on PostgreSQL


def account_with_children(client: TestClient, world: World) -> tuple[str, dict[str, str], int]:
    """An account of territory a with a contact, a task and an activity (made by rep_a);
    returns its id, the children's ids by entity, and the account's version."""
    rep = Device(client, "rep_a")
    account_id = new_id()
    version = rep.push_one("account", account_id, account_fields(world.territory_a))["version"]
    children = {"contact": new_id(), "task": new_id(), "activity": new_id()}
    rep.push(
        rep.mutation("contact", children["contact"], contact_fields(account_id)),
        rep.mutation("task", children["task"], {"account_id": account_id, "title": "quote"}),
        rep.mutation("activity", children["activity"], {"account_id": account_id} | VISIT),
    )
    return account_id, children, version


def live(changes: list[dict[str, Any]]) -> set[str]:
    return {record_id for record_id, c in by_id(changes).items() if not c["removed"]}


def test_deleting_an_account_deletes_its_contacts_tasks_and_activities(
    client: TestClient, engine: Engine, world: World
) -> None:
    account_id, children, version = account_with_children(client, world)
    colleague = Device(client, "rep_a2")
    assert live(colleague.pull()) >= {account_id, *children.values()}
    counted = select(func.count()).select_from(ActivityAnswer)
    with Session(engine) as session:
        assert session.scalar(counted) == 1

    result = Device(client, "manager").push_one(
        "account", account_id, op="delete", base_version=version
    )

    assert result["status"] == "applied"
    changes = by_id(colleague.pull())
    for record_id in (account_id, *children.values()):
        assert changes[record_id]["removed"] is True
    with Session(engine) as session:
        assert session.scalar(counted) == 0  # the team's report no longer counts its visit


def test_a_contact_created_under_a_deleted_account_is_a_conflict_not_an_orphan(
    client: TestClient, engine: Engine, world: World
) -> None:
    account_id, _children, version = account_with_children(client, world)
    Device(client, "rep_a2").push_one("account", account_id, op="delete", base_version=version)

    contact_id = new_id()
    late = Device(client, "rep_a").push_one("contact", contact_id, contact_fields(account_id))

    assert late["status"] == "conflict"
    assert late["conflicts"] == [
        {"field": "account_id", "mine": account_id, "theirs": None},
        {"field": "name", "mine": "王伟", "theirs": None},
    ]
    assert contact_id not in live(Device(client, "manager").pull())
    with Session(engine) as session:
        assert session.get_one(Contact, contact_id).deleted


def test_an_edit_of_a_contact_whose_account_was_deleted_is_a_conflict(
    client: TestClient, world: World
) -> None:
    account_id, children, version = account_with_children(client, world)
    Device(client, "rep_a2").push_one("account", account_id, op="delete", base_version=version)

    late = Device(client, "rep_a").push_one(
        "contact", children["contact"], {"phone": "13800000000"}, base_version=version
    )

    assert late["status"] == "conflict"
    assert late["conflicts"] == [{"field": "phone", "mine": "13800000000", "theirs": None}]


def test_restoring_a_contact_brings_back_its_account_with_the_users_values(
    client: TestClient, world: World
) -> None:
    account_id, _children, version = account_with_children(client, world)
    Device(client, "rep_a2").push_one("account", account_id, op="delete", base_version=version)
    rep = Device(client, "rep_a")
    contact_id = new_id()
    rep.push_one("contact", contact_id, contact_fields(account_id))

    restored = rep.push_one("contact", contact_id, {"title": "经理"}, op="restore")

    assert restored["status"] == "applied"
    changes = by_id(Device(client, "manager").pull())
    assert {account_id, contact_id} <= live(list(changes.values()))
    assert changes[contact_id]["fields"] | {"title": "经理"} == changes[contact_id]["fields"]
    assert changes[contact_id]["fields"]["name"] == "王伟"


def test_a_restore_of_an_unknown_record_is_not_found(client: TestClient, world: World) -> None:
    result = Device(client, "rep_a").push_one("contact", new_id(), {"name": "x"}, op="restore")

    assert result["status"] == "rejected"
    assert [p["field"] for p in result["problems"]] == ["record_id"]


def test_a_restore_of_another_territorys_record_is_not_found(
    client: TestClient, world: World
) -> None:
    account_id, _children, version = account_with_children(client, world)
    Device(client, "rep_a").push_one("account", account_id, op="delete", base_version=version)

    result = Device(client, "rep_b").push_one("account", account_id, op="restore")

    assert result["status"] == "rejected"
    assert [p["field"] for p in result["problems"]] == ["record_id"]


def test_moving_a_contact_under_a_deleted_account_is_refused_like_a_missing_account(
    client: TestClient, world: World
) -> None:
    gone, _children, version = account_with_children(client, world)
    _kept, children, _version = account_with_children(client, world)
    Device(client, "rep_a2").push_one("account", gone, op="delete", base_version=version)

    moved = Device(client, "rep_a").push_one(
        "contact", children["contact"], {"account_id": gone}, base_version=version
    )

    assert moved["status"] == "rejected"
    assert [(p["field"], p["kind"]) for p in moved["problems"]] == [("account_id", "not_found")]


def test_a_removed_user_is_not_brought_back_through_sync(client: TestClient, world: World) -> None:
    """Users come back through user administration alone (its checks and its audit)."""
    admin_id = new_id()
    manager = Device(client, "manager")
    created = manager.push_one("user", admin_id, {"name": "temp", "role": "rep"})
    manager.push_one("user", admin_id, op="delete", base_version=created["version"])

    result = manager.push_one("user", admin_id, op="restore")

    assert result["status"] == "rejected"
    assert [(p["field"], p["kind"]) for p in result["problems"]] == [("entity", "not_allowed")]
