"""Territories and roles: nobody reads or writes what they may not, and nobody learns it exists."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.unit.server.helpers import (
    Device,
    World,
    account_fields,
    add_user,
    by_id,
    contact_fields,
    new_id,
)

NOT_FOUND = "not found"


def a_account_with_contact(client: TestClient, world: World) -> tuple[str, str, int]:
    """An account of territory a and one contact of it; returns their ids and the account's
    version."""
    rep_a = Device(client, "rep_a")
    account_id, contact_id = new_id(), new_id()
    results = rep_a.push(
        rep_a.mutation("account", account_id, account_fields(world.territory_a)),
        rep_a.mutation("contact", contact_id, contact_fields(account_id)),
    )
    assert [r["status"] for r in results] == ["applied", "applied"]
    return account_id, contact_id, results[0]["version"]


def problems(result: dict[str, Any]) -> list[tuple[str, str]]:
    assert result["status"] == "rejected"
    return [(p["field"], p["message"]) for p in result["problems"]]


def test_a_rep_of_another_territory_pulls_none_of_its_records(
    client: TestClient, world: World
) -> None:
    account_id, contact_id, _ = a_account_with_contact(client, world)

    seen = by_id(Device(client, "rep_b").pull())

    assert account_id not in seen and contact_id not in seen
    assert world.territory_a in seen  # catalogue records are everyone's
    assert {account_id, contact_id} <= by_id(Device(client, "rep_a2").pull()).keys()


def test_a_rep_of_another_territory_cannot_write_its_records_and_learns_nothing(
    client: TestClient, world: World
) -> None:
    account_id, contact_id, version = a_account_with_contact(client, world)
    rep_b = Device(client, "rep_b")

    # Another territory's records are answered exactly like a record that never existed.
    for entity, record_id in (
        ("account", account_id),
        ("contact", contact_id),
        ("account", new_id()),
    ):
        update = rep_b.push_one(entity, record_id, {"name": "mine now"}, base_version=version)
        delete = rep_b.push_one(entity, record_id, op="delete", base_version=version)
        assert problems(update) == problems(delete) == [("record_id", NOT_FOUND)]
    recreate = rep_b.push_one("account", account_id, account_fields(world.territory_b))
    assert problems(recreate) == [("record_id", NOT_FOUND)]


def test_a_rep_cannot_create_records_in_another_territory(client: TestClient, world: World) -> None:
    account_id, _, _ = a_account_with_contact(client, world)
    rep_b = Device(client, "rep_b")

    account = rep_b.push_one("account", new_id(), account_fields(world.territory_a))
    contact = rep_b.push_one("contact", new_id(), contact_fields(account_id))
    orphan = rep_b.push_one("contact", new_id(), contact_fields(new_id()))

    assert problems(account) == [("territory_id", NOT_FOUND)]
    assert problems(contact) == problems(orphan) == [("account_id", NOT_FOUND)]


def test_children_may_follow_their_account_in_the_same_push(
    client: TestClient, world: World
) -> None:
    rep_b = Device(client, "rep_b")
    account_id = new_id()

    results = rep_b.push(
        rep_b.mutation("account", account_id, account_fields(world.territory_b)),
        rep_b.mutation(
            "task",
            new_id(),
            {"account_id": account_id, "title": "send quote", "due_date": "2026-11-25"},
        ),
        rep_b.mutation(
            "activity",
            new_id(),
            {
                "account_id": account_id,
                "process_key": "field_visit",
                "process_version": 1,
                "kind": "visit",
                "occurred_at": "2026-11-23T10:30:00+08:00",
                "answers": [{"step": "purpose", "codes": ["quote"]}],
            },
        ),
    )

    assert [r["status"] for r in results] == ["applied"] * 3
    activity = next(c for c in Device(client, "rep_b").pull() if c["entity"] == "activity")
    assert activity["fields"]["occurred_at"] == "2026-11-23T02:30:00+00:00"


def test_a_rep_cannot_move_a_contact_to_another_territorys_account(
    client: TestClient, world: World
) -> None:
    account_a, _, _ = a_account_with_contact(client, world)
    rep_b = Device(client, "rep_b")
    account_b, contact_b = new_id(), new_id()
    created = rep_b.push(
        rep_b.mutation("account", account_b, account_fields(world.territory_b)),
        rep_b.mutation("contact", contact_b, contact_fields(account_b)),
    )

    moved = rep_b.push_one(
        "contact", contact_b, {"account_id": account_a}, base_version=created[1]["version"]
    )

    assert problems(moved) == [("account_id", NOT_FOUND)]


def test_catalogue_records_are_written_by_managers_only(client: TestClient, world: World) -> None:
    code_set = {"key": "reasons", "name": {"en": "Reasons", "zh_CN": "原因"}, "codes": []}
    record_id = new_id()

    by_rep = Device(client, "rep_a").push_one("code_set", record_id, code_set)
    by_manager = Device(client, "manager").push_one("code_set", record_id, code_set)
    rep_renames_territory = Device(client, "rep_a").push_one(
        "territory", world.territory_a, {"name": "mine"}, base_version=1
    )

    assert problems(by_rep) == [
        ("entity", "code_set records may only be changed by a manager or an admin")
    ]
    assert by_manager["status"] == "applied"
    assert problems(rep_renames_territory)[0][0] == "entity"
    assert record_id in by_id(Device(client, "rep_b").pull())


def test_a_manager_cannot_make_anyone_an_admin(client: TestClient, world: World) -> None:
    manager = Device(client, "manager")

    promote_self = manager.push_one(
        "user", world.user_ids["manager"], {"role": "admin"}, base_version=1
    )
    new_admin = manager.push_one("user", new_id(), {"name": "root", "role": "admin"})
    new_rep = manager.push_one("user", new_id(), {"name": "newbie", "role": "rep"})
    name_clash = manager.push_one("user", new_id(), {"name": "rep_b", "role": "rep"})

    assert problems(promote_self)[0][0] == problems(new_admin)[0][0] == "role"
    assert new_rep["status"] == "applied"
    assert problems(name_clash) == [("name", "is already taken")]


def test_pulled_users_never_carry_password_hashes(client: TestClient, world: World) -> None:
    users = [c for c in Device(client, "rep_a").pull() if c["entity"] == "user"]

    assert len(users) == 4
    assert all(set(u["fields"]) == {"name", "display_name", "role"} for u in users)


def test_reassigning_an_account_moves_it_and_its_children_between_territories(
    client: TestClient, world: World
) -> None:
    account_id, contact_id, version = a_account_with_contact(client, world)
    rep_a, rep_b = Device(client, "rep_a2"), Device(client, "rep_b")
    assert {account_id, contact_id} <= by_id(rep_a.pull()).keys()
    assert account_id not in by_id(rep_b.pull())

    moved = Device(client, "manager").push_one(
        "account", account_id, {"territory_id": world.territory_b}, base_version=version
    )

    assert moved["status"] == "applied"
    lost = by_id(rep_a.pull())
    assert lost[account_id]["removed"] and lost[contact_id]["removed"]
    gained = by_id(rep_b.pull())
    assert gained[account_id]["fields"]["territory_id"] == world.territory_b
    assert gained[contact_id]["fields"]["account_id"] == account_id
    assert not gained[account_id]["removed"] and not gained[contact_id]["removed"]
    # The children now belong to b: rep_b may edit them, rep_a may not.
    edit = {"title": "purchasing"}
    contact_version = gained[contact_id]["version"]
    assert (
        rep_b.push_one("contact", contact_id, edit, base_version=contact_version)["status"]
        == "applied"
    )
    assert problems(rep_a.push_one("contact", contact_id, edit, base_version=contact_version)) == [
        ("record_id", NOT_FOUND)
    ]


def test_a_rep_may_only_reassign_between_their_own_territories(
    client: TestClient, world: World
) -> None:
    account_id, _, version = a_account_with_contact(client, world)

    moved = Device(client, "rep_a").push_one(
        "account", account_id, {"territory_id": world.territory_b}, base_version=version
    )

    assert problems(moved) == [("territory_id", NOT_FOUND)]


def test_a_reader_in_both_territories_keeps_a_reassigned_account(
    client: TestClient, world: World
) -> None:
    account_id, contact_id, version = a_account_with_contact(client, world)
    manager = Device(client, "manager")
    manager.pull()

    manager.push_one(
        "account", account_id, {"territory_id": world.territory_b}, base_version=version
    )
    changes = manager.pull()

    assert all(not c["removed"] for c in changes)
    assert {c["record_id"] for c in changes} == {account_id, contact_id}


@pytest.mark.parametrize(
    ("target", "change", "allowed"),
    [
        ("rep_in_a", {"display_name": "New name"}, True),
        ("rep_in_a", {"role": "agent"}, True),
        ("rep_in_a", {"role": "manager"}, False),
        ("rep_in_a", None, True),
        ("rep_in_a_and_c", {"display_name": "New name"}, False),
        ("rep_in_c", {"role": "manager"}, False),
        ("rep_in_c", None, False),
        ("other_manager_in_a", {"display_name": "New name"}, False),
        ("other_manager_in_a", None, False),
    ],
)
def test_a_manager_administers_only_the_reps_and_agents_of_their_own_territories(
    engine: Engine, client: TestClient, world: World, target: str, change: Any, allowed: bool
) -> None:
    """The manager of a and b, facing users of a, of a and c, of c, and another manager."""
    add_user(engine, "rep_in_a", "rep", ["a"])
    add_user(engine, "rep_in_a_and_c", "rep", ["a", "c"])
    add_user(engine, "rep_in_c", "rep", ["c"])
    add_user(engine, "other_manager_in_a", "manager", ["a"])
    manager = Device(client, "manager")
    users = {c["fields"]["name"]: c for c in manager.pull() if c["entity"] == "user"}
    record = users[target]

    if change is None:
        result = manager.push_one(
            "user", record["record_id"], op="delete", base_version=record["version"]
        )
    else:
        result = manager.push_one(
            "user", record["record_id"], change, base_version=record["version"]
        )

    assert (result["status"] == "applied") is allowed, result
    if not allowed:
        assert [p["kind"] for p in result["problems"]] == ["not_allowed"]


def test_an_admin_administers_everyone(engine: Engine, client: TestClient, world: World) -> None:
    add_user(engine, "admin", "admin", [])
    admin = Device(client, "admin")
    users = {c["fields"]["name"]: c for c in admin.pull() if c["entity"] == "user"}

    promoted = admin.push_one(
        "user",
        users["rep_b"]["record_id"],
        {"role": "manager"},
        base_version=users["rep_b"]["version"],
    )

    assert promoted["status"] == "applied"


@pytest.mark.parametrize(
    "fields",
    [{"phone": "010-1234"}, {"name": "Mine"}, {"name": "", "phone": "1"}, {}],
)
def test_a_new_record_on_a_foreign_id_is_answered_like_one_on_an_unknown_id(
    client: TestClient, world: World, fields: dict[str, Any]
) -> None:
    account_id, _, _ = a_account_with_contact(client, world)
    rep_b = Device(client, "rep_b")

    foreign = rep_b.push_one("account", account_id, fields)
    unknown = rep_b.push_one("account", new_id(), fields)

    assert foreign["status"] == unknown["status"] == "rejected"
    assert foreign["problems"] == unknown["problems"]
