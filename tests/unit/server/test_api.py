"""The HTTP surface: health, OpenAPI, and error bodies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from protocol.errors import ErrorBody
from protocol.paths import (
    MAX_POSITION,
    MAX_PULL_PAGE,
    ME_PATH,
    PULL_NEXT_CURSOR_HEADER,
    PULL_PATH,
    PUSH_PATH,
    TOKEN_PATH,
)
from server import push as push_module
from server.api import create_app
from server.database import make_sessions
from server.tables import Account, SyncClient
from tests.unit.server.helpers import Device, World, account_fields, new_id


def test_health(client: TestClient) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_openapi_lists_the_sync_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]

    assert {PUSH_PATH, PULL_PATH, TOKEN_PATH, ME_PATH} <= set(paths)


def test_a_bad_mutation_is_422_naming_the_field(client: TestClient, world: World) -> None:
    rep = Device(client, "rep_a")
    mutation = rep.mutation("account", new_id(), account_fields(world.territory_a)) | {"seq": 0}

    response = rep.push_raw([mutation])

    assert response.status_code == 422
    body = ErrorBody.model_validate(response.json())
    assert body.error == "invalid"
    assert body.field == "mutations.0.seq"
    assert "greater than or equal to 1" in body.message


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": MAX_PULL_PAGE + 1}, "limit"),
        ({"limit": 0}, "limit"),
        ({"cursor": -1}, "cursor"),
        ({"cursor": MAX_POSITION + 1}, "cursor"),
        ({"cursor": "soon"}, "cursor"),
    ],
)
def test_bad_pull_parameters_are_422_naming_the_parameter(
    client: TestClient, world: World, params: dict[str, Any], field: str
) -> None:
    rep = Device(client, "rep_a")

    response = client.get(PULL_PATH, params=params, headers=rep.headers)

    assert response.status_code == 422
    assert response.json()["field"] == field


def test_a_body_that_is_not_json_is_422(client: TestClient, world: World) -> None:
    rep = Device(client, "rep_a")

    response = client.post(
        PUSH_PATH,
        content=b"{not json",
        headers=rep.headers | {"Content-Type": "application/json"},
    )

    assert response.status_code == 422
    assert response.json() == {
        "error": "invalid",
        "message": "The request body is not valid JSON.",
        "field": None,
    }


def test_unknown_paths_get_an_error_body(client: TestClient) -> None:
    response = client.get("/v1/nowhere")

    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "Not Found", "field": None}


@pytest.fixture
def lenient_client(engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(engine), raise_server_exceptions=False) as test_client:
        yield test_client


def test_an_unexpected_error_is_a_plain_500_and_writes_nothing(
    lenient_client: TestClient, engine: Engine, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    rep = Device(lenient_client, "rep_a")
    real_apply = push_module._apply
    calls = 0

    def fail_on_second(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("disk on fire at /secret/path")
        return real_apply(*args)

    monkeypatch.setattr(push_module, "_apply", fail_on_second)
    mutations = [
        rep.mutation("account", new_id(), account_fields(world.territory_a)),
        rep.mutation("account", new_id(), account_fields(world.territory_a)),
    ]

    response = rep.push_raw(mutations)

    assert response.status_code == 500
    assert response.json() == {
        "error": "internal",
        "message": "The server hit an unexpected error.",
        "field": None,
    }
    assert calls == 2
    with make_sessions(engine).read() as session:
        assert session.scalar(select(func.count()).select_from(Account)) == 0
        assert session.scalar(select(func.count()).select_from(SyncClient)) == 0


def test_a_pull_page_followed_by_more_names_the_next_cursor_in_a_header(
    client: TestClient, world: World
) -> None:
    rep = Device(client, "rep_a")
    named: list[str | None] = []
    cursors: list[int] = []
    more = True
    while more:
        params = {"cursor": cursors[-1] if cursors else 0, "limit": 2}
        response = client.get(PULL_PATH, params=params, headers=rep.headers)
        page = response.json()
        named.append(response.headers.get(PULL_NEXT_CURSOR_HEADER))
        cursors.append(page["cursor"])
        more = page["has_more"]

    assert len(cursors) >= 2
    assert named == [str(cursor) for cursor in cursors[:-1]] + [None]
