"""`GET /v1/external/changes`: the change feed for other systems over HTTP, for API keys
with the scope read, within the key's territories."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from server import api_keys, feed, retention
from server.database import make_sessions
from server.key_auth import API_KEY_HEADER
from server.system_api import CHANGES_PATH
from tests.unit.server.helpers import Device, World, account_fields, contact_fields, new_id


def make_key(
    engine: Engine, name: str, scopes: list[str], territories: list[str] | None = None
) -> dict[str, str]:
    with feed.write_transaction(make_sessions(engine).write) as session:
        return {API_KEY_HEADER: api_keys.create(session, name, scopes, territories or [])}


def get(client: TestClient, key: dict[str, str], **params: Any) -> Any:
    return client.get(CHANGES_PATH, params=params, headers=key)


def test_a_read_key_pages_through_the_changes_with_a_cursor(
    client: TestClient, engine: Engine, world: World
) -> None:
    manager = Device(client, "manager")
    accounts = [new_id() for _ in range(3)]
    for number, account in enumerate(accounts):
        manager.push_one("account", account, account_fields(world.territory_a, name=f"A{number}"))
    contact = new_id()
    manager.push_one("contact", contact, contact_fields(accounts[0]))
    key = make_key(engine, "bi", ["read"])

    first = get(client, key, limit=2)
    assert first.status_code == 200, first.text
    assert [c["id"] for c in first.json()["changes"]] == accounts[:2]
    assert first.json()["has_more"] is True
    rest = get(client, key, after=first.json()["cursor"], limit=2).json()
    assert [c["id"] for c in rest["changes"]] == [accounts[2], contact]
    accounts_only = get(client, key, entities="account").json()["changes"]
    assert [c["id"] for c in accounts_only] == accounts
    assert accounts_only[0]["fields"]["name"] == "A0" and accounts_only[0]["external_ids"] == {}


def test_a_key_outside_a_territory_does_not_see_it(
    client: TestClient, engine: Engine, world: World
) -> None:
    manager = Device(client, "manager")
    in_a, in_b = new_id(), new_id()
    manager.push_one("account", in_a, account_fields(world.territory_a))
    manager.push_one("account", in_b, account_fields(world.territory_b))
    key = make_key(engine, "north erp", ["read"], ["b"])
    assert [c["id"] for c in get(client, key).json()["changes"]] == [in_b]


def test_a_key_without_read_is_refused_naming_the_scope(
    client: TestClient, engine: Engine, world: World
) -> None:
    refused = get(client, make_key(engine, "writer", ["write", "enquiry"]))
    assert refused.status_code == 403
    assert refused.json() == {
        "error": "forbidden",
        "message": "This key lacks the scope read.",
        "field": "scope",
    }
    assert get(client, {}).status_code == 401
    assert get(client, {API_KEY_HEADER: "fbk_unknown"}).status_code == 401


def test_a_cursor_the_feed_no_longer_keeps_is_answered_410_resync(
    client: TestClient, engine: Engine, world: World
) -> None:
    manager = Device(client, "manager")
    account = new_id()
    version = manager.push_one("account", account, account_fields(world.territory_a))["version"]
    key = make_key(engine, "bi", ["read"])
    cursor = get(client, key).json()["cursor"]
    version = manager.push_one("account", account, {"note": "soon"}, base_version=version)[
        "version"
    ]
    manager.push_one("account", account, {"note": "later"}, base_version=version)
    with feed.write_transaction(make_sessions(engine).write) as session:
        retention.compact(session, dt.datetime.now(dt.UTC) + dt.timedelta(days=60))

    gone = get(client, key, after=cursor)
    assert gone.status_code == 410
    assert gone.json()["error"] == "resync_required" and gone.json()["field"] == "after"
    assert "after=0" in gone.json()["message"]
    assert get(client, key, after=10**9).status_code == 410  # beyond the head: restored
    (again,) = get(client, key, after=0).json()["changes"]
    assert again["fields"]["note"] == "later"


def test_bad_query_parameters_are_422_naming_them(
    client: TestClient, engine: Engine, world: World
) -> None:
    key = make_key(engine, "bi", ["read"])
    cases: list[tuple[dict[str, Any], str]] = [
        ({"entities": "account,user"}, "entities"),
        ({"entities": ","}, "entities"),
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"after": -1}, "after"),
    ]
    for params, field in cases:
        answer = get(client, key, **params)
        assert answer.status_code == 422, params
        assert answer.json()["field"] == field


def test_the_openapi_schema_documents_the_route_with_examples(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    route = schema["paths"][CHANGES_PATH]["get"]
    assert {"200", "401", "403", "410"} <= set(route["responses"])
    assert route["responses"]["410"]["content"]["application/json"]["example"]["error"] == (
        "resync_required"
    )
    page = schema["components"]["schemas"]["ChangesPage"]
    assert page["examples"][0]["changes"][1]["answers"][0]["codes"][0]["key"] == "price"
