"""A record's owner, assignee and user name an active user who works in its territory."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import Engine

from server.tables import User
from tests.unit.server.helpers import Device, World, account_fields, new_id


def problems(result: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["field"], p["kind"]) for p in result["problems"]]


@pytest.fixture
def account(client: TestClient, world: World) -> str:
    record_id = new_id()
    rep = Device(client, "rep_a")
    assert rep.push_one("account", record_id, account_fields(world.territory_a))["status"] == (
        "applied"
    )
    return record_id


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("rep_a2", True), ("manager", True), ("rep_b", False), ("nobody", False)],
)
def test_an_account_is_owned_only_by_someone_of_its_territory(
    client: TestClient, world: World, who: str, allowed: bool
) -> None:
    owner = world.user_ids.get(who, new_id())
    fields = account_fields(world.territory_a, owner_id=owner)

    result = Device(client, "rep_a").push_one("account", new_id(), fields)

    assert (result["status"] == "applied") is allowed
    if not allowed:
        assert problems(result) == [("owner_id", "not_found")]


def test_tasks_and_activities_name_only_users_of_their_territory(
    client: TestClient, world: World, account: str
) -> None:
    rep = Device(client, "rep_a")
    task = {"account_id": account, "title": "Call", "assignee_id": world.user_ids["rep_b"]}
    activity = {
        "account_id": account,
        "process_key": "field_visit",
        "process_version": 1,
        "kind": "visit",
        "occurred_at": "2026-12-01T10:00:00+08:00",
        "user_id": new_id(),
        "answers": [],
    }

    assert problems(rep.push_one("task", new_id(), task)) == [("assignee_id", "not_found")]
    assert problems(rep.push_one("activity", new_id(), activity)) == [("user_id", "not_found")]


def test_a_disabled_user_is_handed_nothing(
    engine: Engine, client: TestClient, world: World, account: str
) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(User).where(User.id == world.user_ids["rep_a2"]).values(disabled=True)
        )
    task = {"account_id": account, "title": "Call", "assignee_id": world.user_ids["rep_a2"]}

    result = Device(client, "rep_a").push_one("task", new_id(), task)

    assert problems(result) == [("assignee_id", "not_found")]
