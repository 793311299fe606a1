"""Protocol version negotiation: every answer names the supported range; other majors get 426."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from protocol.errors import ErrorBody
from protocol.paths import (
    ME_PATH,
    MIN_PROTOCOL_VERSION,
    PROTOCOL_HEADER,
    PROTOCOL_SUPPORTED_HEADER,
    PROTOCOL_VERSION,
    PULL_PATH,
    PUSH_PATH,
    SUPPORTED_VERSIONS,
    TOKEN_PATH,
)
from server import versioning
from server.api import create_app
from tests.unit.server.helpers import Device, World


@pytest.mark.parametrize("value", ["2", "0", "3.1", "one", "", "1-1", "1x"])
def test_an_unsupported_version_is_426_before_anything_else(
    client: TestClient, world: World, value: str
) -> None:
    rep = Device(client, "rep_a")

    response = client.get(PULL_PATH, headers=rep.headers | {PROTOCOL_HEADER: value})

    assert response.status_code == 426
    body = ErrorBody.model_validate(response.json())
    assert body.error == "protocol_version"
    assert body.field == PROTOCOL_HEADER
    assert "1-1" in body.message and "update" in body.message
    assert response.headers[PROTOCOL_SUPPORTED_HEADER] == "1-1"


def test_426_comes_before_authentication(client: TestClient) -> None:
    response = client.post(PUSH_PATH, headers={PROTOCOL_HEADER: "2"}, json={})

    assert response.status_code == 426


@pytest.mark.parametrize("headers", [{PROTOCOL_HEADER: "1"}, {PROTOCOL_HEADER: " 1.4 "}, {}])
def test_the_supported_version_or_none_is_served(
    client: TestClient, world: World, headers: dict[str, str]
) -> None:
    rep = Device(client, "rep_a")

    response = client.get(PULL_PATH, headers=rep.headers | headers)

    assert response.status_code == 200
    assert response.headers[PROTOCOL_SUPPORTED_HEADER] == "1-1"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/healthz", 200),
        ("GET", "/openapi.json", 200),
        ("GET", "/v1/nowhere", 404),
        ("GET", ME_PATH, 401),
        ("POST", TOKEN_PATH, 422),
    ],
)
def test_every_answer_names_the_supported_range(
    client: TestClient, method: str, path: str, status: int
) -> None:
    response = client.request(method, path, json={} if method == "POST" else None)

    assert response.status_code == status
    assert response.headers[PROTOCOL_SUPPORTED_HEADER] == "1-1"


@pytest.fixture
def failing_client(engine: Engine) -> Iterator[TestClient]:
    app = create_app(engine)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("bug")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_an_unexpected_error_names_the_supported_range_too(failing_client: TestClient) -> None:
    response = failing_client.get("/boom")

    assert response.status_code == 500
    assert response.headers[PROTOCOL_SUPPORTED_HEADER] == "1-1"


def test_the_range_follows_the_protocol_constants() -> None:
    low, high = SUPPORTED_VERSIONS.split("-")
    assert (int(low), int(high)) == (MIN_PROTOCOL_VERSION, PROTOCOL_VERSION)
    assert versioning.supported(str(PROTOCOL_VERSION))
    assert not versioning.supported(str(PROTOCOL_VERSION + 1))
