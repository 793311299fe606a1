"""Helpers for server tests: users, signed-in devices and record builders."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from protocol.paths import DEFAULT_PULL_PAGE, PULL_PATH, PUSH_PATH, TOKEN_PATH
from server import auth, feed, users
from server.database import make_sessions
from server.tables import User

PASSWORD = "secret-pw"


@dataclass(frozen=True)
class World:
    """Territories A and B and one user of each role that matters."""

    territory_a: str
    territory_b: str
    user_ids: dict[str, str]


# The world's users: name → (role, territory keys).
WORLD_USERS = {
    "rep_a": ("rep", ["a"]),
    "rep_a2": ("rep", ["a"]),
    "rep_b": ("rep", ["b"]),
    "manager": ("manager", ["a", "b"]),
}


def world_of(engine: Engine) -> World:
    """The world in the database of `engine`: its users as a copy of `world_template` holds
    them, or added first to a database that has none of them (PostgreSQL's)."""
    with make_sessions(engine).read() as session:
        rows = session.execute(select(User.name, User.id).where(User.name.in_(list(WORLD_USERS))))
        found = {name: user_id for name, user_id in rows}
    if not found:
        found = {name: add_user(engine, name, *WORLD_USERS[name]) for name in WORLD_USERS}
    return World(
        territory_a=users.territory_record_id("a"),
        territory_b=users.territory_record_id("b"),
        user_ids={name: found[name] for name in WORLD_USERS},
    )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def both_databases(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A server database URL, once on SQLite and once on PostgreSQL (already at the newest
    schema there); a module that wants both says `db_url = both_databases` (the conftest's
    db_url is SQLite only)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.db'}"
    url: str = request.getfixturevalue("pg_schema_url")
    return url


def add_user(engine: Engine, name: str, role: str, territory_keys: list[str]) -> str:
    with feed.write_transaction(make_sessions(engine).write) as session:
        territory_ids = [users.ensure_territory(session, key) for key in territory_keys]
        return users.add_user(
            session,
            name=name,
            role=role,
            territory_ids=territory_ids,
            password_hash=auth.hash_password(PASSWORD),
        )


def new_id() -> str:
    return str(uuid.uuid4())


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post(TOKEN_PATH, json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


class Device:
    """One client replica of one user: numbers its mutations and follows the feed."""

    def __init__(self, client: TestClient, username: str, password: str = PASSWORD) -> None:
        self.client = client
        self.headers = sign_in(client, username, password)
        self.client_id = new_id()
        self.seq = 0
        self.cursor = 0

    def mutation(
        self,
        entity: str,
        record_id: str,
        fields: dict[str, Any] | None = None,
        *,
        base_version: int = 0,
        op: str = "upsert",
    ) -> dict[str, Any]:
        """The next mutation of this device, as JSON."""
        self.seq += 1
        return {
            "seq": self.seq,
            "entity": entity,
            "record_id": record_id,
            "op": op,
            "base_version": base_version,
            "fields": fields or {},
        }

    def push_raw(self, mutations: list[dict[str, Any]]) -> Any:
        body = {"client_id": self.client_id, "mutations": mutations}
        return self.client.post(PUSH_PATH, json=body, headers=self.headers)

    def push(self, *mutations: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.push_raw(list(mutations))
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        return results

    def push_one(
        self, entity: str, record_id: str, fields: dict[str, Any] | None = None, **kw: Any
    ) -> dict[str, Any]:
        return self.push(self.mutation(entity, record_id, fields, **kw))[0]

    def pull(self, limit: int = DEFAULT_PULL_PAGE) -> list[dict[str, Any]]:
        """Every change after this device's cursor, following `has_more`."""
        changes: list[dict[str, Any]] = []
        while True:
            response = self.client.get(
                PULL_PATH,
                params={"cursor": self.cursor, "limit": limit},
                headers=self.headers,
            )
            assert response.status_code == 200, response.text
            page = response.json()
            changes += page["changes"]
            self.cursor = page["cursor"]
            if not page["has_more"]:
                return changes


def account_fields(territory_id: str, **extra: Any) -> dict[str, Any]:
    return {"name": "北京科技有限公司", "territory_id": territory_id} | extra


def contact_fields(account_id: str, **extra: Any) -> dict[str, Any]:
    return {"account_id": account_id, "name": "王伟"} | extra


def by_id(changes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The last change per record id."""
    return {change["record_id"]: change for change in changes}
