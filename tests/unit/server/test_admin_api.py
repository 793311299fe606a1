"""User administration over the API: admins everyone, managers their own reps and agents."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from protocol.paths import ADMIN_USERS_PATH, PASSWORD_PATH, TOKEN_PATH
from tests.unit.server.helpers import PASSWORD, World, add_user, sign_in


@pytest.fixture
def admin(engine: Engine, client: TestClient, world: World) -> dict[str, str]:
    add_user(engine, "root", "admin", [])
    return sign_in(client, "root")


def test_an_admin_adds_a_user_who_signs_in_once_to_choose_a_password(
    client: TestClient, admin: dict[str, str]
) -> None:
    new = {"name": "wang.fang", "role": "rep", "territories": ["a"], "display_name": "王芳"}

    added = client.post(ADMIN_USERS_PATH, json=new, headers=admin)

    assert added.status_code == 201
    one_time = added.json()["one_time_password"]
    first = client.post(TOKEN_PATH, json={"username": "wang.fang", "password": one_time})
    assert first.json()["error"] == "password_change_required"
    change = {"username": "wang.fang", "password": one_time, "new_password": "mine for good"}
    assert client.post(PASSWORD_PATH, json=change).status_code == 200
    shown = client.get(f"{ADMIN_USERS_PATH}/wang.fang", headers=admin).json()
    assert shown["territories"] == ["a"] and not shown["must_change_password"]
    assert shown["last_sign_in_at"] is not None


def test_a_manager_lists_and_administers_only_their_reps_and_agents(
    engine: Engine, client: TestClient, world: World
) -> None:
    add_user(engine, "rep_c", "rep", ["c"])
    add_user(engine, "manager_a", "manager", ["a"])
    manager = sign_in(client, "manager_a")

    listed = client.get(ADMIN_USERS_PATH, headers=manager).json()
    outside = client.post(f"{ADMIN_USERS_PATH}/rep_b/disable", headers=manager)
    promote = client.patch(f"{ADMIN_USERS_PATH}/rep_a", json={"role": "manager"}, headers=manager)
    add_elsewhere = client.post(
        ADMIN_USERS_PATH, json={"name": "x", "role": "rep", "territories": ["b"]}, headers=manager
    )
    disabled = client.post(f"{ADMIN_USERS_PATH}/rep_a/disable", headers=manager)

    assert sorted(user["name"] for user in listed) == ["rep_a", "rep_a2"]
    assert (outside.status_code, outside.json()["field"]) == (403, "name")
    assert (promote.status_code, promote.json()["field"]) == (403, "role")
    assert (add_elsewhere.status_code, add_elsewhere.json()["field"]) == (403, "territories")
    assert disabled.status_code == 200 and disabled.json()["disabled"]
    assert (
        client.post(TOKEN_PATH, json={"username": "rep_a", "password": PASSWORD}).json()["error"]
        == "account_disabled"
    )


def test_reps_administer_nobody(client: TestClient, world: World) -> None:
    rep = sign_in(client, "rep_a")

    assert client.get(ADMIN_USERS_PATH, headers=rep).status_code == 403
    assert client.post(f"{ADMIN_USERS_PATH}/rep_a2/disable", headers=rep).status_code == 403


def test_remove_restore_and_purge_by_name(
    client: TestClient, world: World, admin: dict[str, str]
) -> None:
    missing_heir = client.delete(
        f"{ADMIN_USERS_PATH}/rep_a", params={"reassign_to": "nobody"}, headers=admin
    )
    removed = client.delete(
        f"{ADMIN_USERS_PATH}/rep_a", params={"reassign_to": "rep_a2"}, headers=admin
    )
    again = client.post(
        ADMIN_USERS_PATH, json={"name": "rep_a", "role": "rep", "territories": ["a"]}, headers=admin
    )
    restored = client.post(f"{ADMIN_USERS_PATH}/rep_a/restore", headers=admin)

    assert (missing_heir.status_code, missing_heir.json()["field"]) == (422, "reassign_to")
    assert removed.status_code == 200 and removed.json()["reassigned_to"] == "rep_a2"
    assert (again.status_code, again.json()["field"]) == (422, "name")
    assert restored.status_code == 200 and not restored.json()["removed"]
    assert (
        client.delete(
            f"{ADMIN_USERS_PATH}/rep_a", params={"reassign_to": "rep_a2"}, headers=admin
        ).status_code
        == 200
    )
    assert client.post(f"{ADMIN_USERS_PATH}/rep_a/purge", headers=admin).status_code == 204
    assert client.get(f"{ADMIN_USERS_PATH}/rep_a", headers=admin).status_code == 404
