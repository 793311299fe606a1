"""The role × scope matrix: every role, its own territory and another, every entity, read via
pull and written via push.

Each role's user belongs to territory A only. Records of territory B must never reach them,
and every write to B must be answered exactly like a write to a record, account or territory
that does not exist, so nobody learns what B holds. Catalogue entities are read by all and
written by managers and admins only; only an admin may touch the admin role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from protocol.entities import ROLES
from protocol.paths import ME_PATH, PULL_PATH, PUSH_PATH
from server import feed, users, writes
from server.database import make_sessions
from tests.unit.server.helpers import Device, add_user, new_id

SCOPED = ("account", "contact", "task", "activity")
CATALOGUE = ("territory", "user", "code_set", "process")
# The field each scoped entity is edited through, and the field deciding its territory.
EDITED = {"account": "name", "contact": "name", "task": "title", "activity": "note"}
SCOPE_FIELD = {"account": "territory_id"} | dict.fromkeys(SCOPED[1:], "account_id")


def fields_for(entity: str, *, territory_id: str, account_id: str) -> dict[str, Any]:
    """A valid new record of `entity` in `territory_id` (children under `account_id`)."""
    if entity == "account":
        return {"name": "上海海洋贸易", "territory_id": territory_id}
    base = {"account_id": account_id}
    if entity == "contact":
        return base | {"name": "李娜"}
    if entity == "task":
        return base | {"title": "send quote", "due_date": "2026-11-30"}
    return base | {
        "process_key": "field_visit",
        "process_version": 1,
        "kind": "visit",
        "occurred_at": "2026-11-23T10:30:00+08:00",
        "answers": [],
    }


@dataclass
class Territory:
    """One territory's records as the server seeded them: an account, and one record per
    entity to edit and one to delete, each with its version."""

    id: str
    account_id: str
    edit: dict[str, tuple[str, int]]
    delete: dict[str, tuple[str, int]]
    all_ids: set[str]


def seed_territory(engine: Engine, key: str) -> Territory:
    """Written by the server itself, with one tombstone per entity, so the feed holds
    creations and deletions of every entity."""
    with feed.write_transaction(make_sessions(engine).write) as session:
        territory_id = users.ensure_territory(session, key)
        account_id = new_id()
        ids: dict[str, list[str]] = {}

        def create(entity: str, record_id: str) -> int:
            fields = fields_for(entity, territory_id=territory_id, account_id=account_id)
            outcome = writes.apply(session, writes.Write(entity, record_id, fields), None)
            assert outcome.status == "applied", outcome
            ids.setdefault(entity, []).append(record_id)
            return outcome.version

        create("account", account_id)
        edit = {entity: (rid := new_id(), create(entity, rid)) for entity in SCOPED}
        delete = {entity: (rid := new_id(), create(entity, rid)) for entity in SCOPED}
        for entity in SCOPED:
            gone = new_id()
            create(entity, gone)
            writes.apply(session, writes.Write(entity, gone, delete=True, base_version=1), None)
    all_ids = {record_id for entity_ids in ids.values() for record_id in entity_ids}
    return Territory(territory_id, account_id, edit, delete, all_ids)


@dataclass
class Matrix:
    own: Territory
    other: Territory


@pytest.fixture
def matrix(engine: Engine) -> Matrix:
    own, other = seed_territory(engine, "A"), seed_territory(engine, "B")
    for role in ROLES:
        add_user(engine, role, role, ["A"])
    return Matrix(own, other)


def outcome(result: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    return result["status"], [(p["field"], p["message"]) for p in result["problems"]]


NOT_FOUND = [("record_id", "not found")]


@pytest.mark.parametrize("role", ROLES)
def test_a_pull_holds_all_of_the_own_territory_and_nothing_of_another(
    client: TestClient, matrix: Matrix, role: str
) -> None:
    changes = Device(client, role).pull()

    pulled = {change["record_id"] for change in changes}
    assert matrix.own.all_ids <= pulled
    assert pulled.isdisjoint(matrix.other.all_ids)  # not even as removals
    assert {matrix.own.id, matrix.other.id} <= pulled  # territories are catalogue records
    assert {c["entity"] for c in changes} >= {"territory", "user", *SCOPED}


@pytest.mark.parametrize("entity", SCOPED)
@pytest.mark.parametrize("role", ROLES)
def test_writes_reach_the_own_territory_only_and_reveal_nothing_of_another(
    client: TestClient, matrix: Matrix, b_rep: None, role: str, entity: str
) -> None:
    device = Device(client, role)
    own, other = matrix.own, matrix.other
    edited = EDITED[entity]

    def create(territory: Territory) -> dict[str, Any]:
        fields = fields_for(entity, territory_id=territory.id, account_id=territory.account_id)
        return device.push_one(entity, new_id(), fields)

    def edit(record: tuple[str, int]) -> dict[str, Any]:
        return device.push_one(entity, record[0], {edited: "changed"}, base_version=record[1])

    def delete(record: tuple[str, int]) -> dict[str, Any]:
        return device.push_one(entity, record[0], op="delete", base_version=record[1])

    # Own territory: everything goes.
    assert outcome(create(own))[0] == "applied"
    assert outcome(edit(own.edit[entity]))[0] == "applied"
    assert outcome(delete(own.delete[entity]))[0] == "applied"

    # Another territory: answered exactly like something that does not exist.
    nowhere = Territory(new_id(), new_id(), {}, {}, set())
    missing = (new_id(), 1)
    assert outcome(create(other)) == outcome(create(nowhere))
    assert outcome(create(other)) == ("rejected", [(SCOPE_FIELD[entity], "not found")])
    assert outcome(edit(other.edit[entity])) == outcome(edit(missing)) == ("rejected", NOT_FOUND)
    assert outcome(delete(other.delete[entity])) == outcome(delete(missing))
    assert outcome(delete(other.delete[entity])) == ("rejected", NOT_FOUND)
    # A new record under its own id is refused the same way when B holds that id already.
    own_fields = fields_for(entity, territory_id=own.id, account_id=own.account_id)
    taken = device.push_one(entity, other.edit[entity][0], own_fields)
    assert outcome(taken) == ("rejected", NOT_FOUND)

    # And B's records are as they were.
    seen_by_b = {c["record_id"]: c for c in Device(client, "b_rep").pull()}
    assert seen_by_b[other.edit[entity][0]]["version"] == other.edit[entity][1]
    assert not seen_by_b[other.delete[entity][0]]["removed"]


@pytest.fixture
def b_rep(engine: Engine, matrix: Matrix) -> None:
    add_user(engine, "b_rep", "rep", ["B"])


def catalogue_fields(entity: str) -> dict[str, Any]:
    key = "k" + new_id()[:8]
    new_records: dict[str, dict[str, Any]] = {
        "territory": {"key": key, "name": "New territory"},
        "user": {"name": key, "role": "rep"},
        "code_set": {"key": key, "name": {"en": "Reasons", "zh_CN": "原因"}, "codes": []},
        "process": {
            "key": key,
            "version": 1,
            "name": {"en": "Visit", "zh_CN": "拜访"},
            "kind": "visit",
            "steps": [],
        },
    }
    return new_records[entity]


CATALOGUE_WRITERS = {"rep": False, "agent": False, "manager": True, "admin": True}


@pytest.mark.parametrize("entity", CATALOGUE)
@pytest.mark.parametrize("role", ROLES)
def test_catalogue_writes_are_for_managers_and_admins(
    client: TestClient, matrix: Matrix, role: str, entity: str
) -> None:
    device = Device(client, role)
    record_id = new_id()

    created = device.push_one(entity, record_id, catalogue_fields(entity))
    if not CATALOGUE_WRITERS[role]:
        refusal = ("entity", f"{entity} records may only be changed by a manager or an admin")
        assert outcome(created) == ("rejected", [refusal])
        # Nor may they change or delete what exists.
        existing = matrix.own.id if entity == "territory" else None
        if existing:
            renamed = device.push_one(entity, existing, {"name": "mine"}, base_version=1)
            assert outcome(renamed) == ("rejected", [refusal])
        return
    assert outcome(created)[0] == "applied"
    deleted = device.push_one(entity, record_id, op="delete", base_version=created["version"])
    assert outcome(deleted)[0] == "applied"


@pytest.mark.parametrize(("role", "allowed"), [("manager", False), ("admin", True)])
def test_only_an_admin_touches_the_admin_role(
    client: TestClient, matrix: Matrix, role: str, allowed: bool
) -> None:
    device = Device(client, role)
    users_seen = [c for c in device.pull() if c["entity"] == "user"]
    admin = next(c for c in users_seen if c["fields"]["name"] == "admin")

    results = [
        device.push_one("user", new_id(), {"name": "root", "role": "admin"}),
        device.push_one(
            "user", admin["record_id"], {"display_name": "Boss"}, base_version=admin["version"]
        ),
    ]

    for result in results:
        if allowed:
            assert outcome(result)[0] == "applied"
        else:
            assert outcome(result)[0] == "rejected"
            assert outcome(result)[1][0][0] == "role"


@pytest.mark.parametrize("path", [PULL_PATH, PUSH_PATH, ME_PATH])
def test_no_data_endpoint_answers_without_a_token(client: TestClient, path: str) -> None:
    method = "POST" if path == PUSH_PATH else "GET"

    response = client.request(method, path, json={"client_id": new_id(), "mutations": []})

    assert response.status_code == 401
