"""Sign-in, tokens and who may call the sync endpoints."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update

from server import auth
from server.db import make_sessions
from server.models import AccessToken
from sync import protocol
from tests.unit.server.helpers import PASSWORD, World, sign_in


def test_sign_in_returns_a_token_and_the_user(client: TestClient, world: World) -> None:
    response = client.post(protocol.TOKEN_PATH, json={"username": "manager", "password": PASSWORD})

    assert response.status_code == 200
    body = protocol.TokenResponse.model_validate(response.json())
    assert body.user.role == "manager"
    assert set(body.user.territories) == {world.territory_a, world.territory_b}
    lifetime = body.expires_at - dt.datetime.now(dt.UTC)
    assert dt.timedelta(hours=11) < lifetime <= auth.TOKEN_LIFETIME


def test_only_the_tokens_digest_is_stored(client: TestClient, engine: Engine, world: World) -> None:
    token = sign_in(client, "rep_a")["Authorization"].removeprefix("Bearer ")

    with make_sessions(engine).read() as session:
        stored = session.scalars(select(AccessToken.token_hash)).one()
    assert stored == auth.token_digest(token) != token


@pytest.mark.parametrize(
    ("username", "password"), [("rep_a", "wrong"), ("nobody", PASSWORD)], ids=["password", "user"]
)
def test_wrong_credentials_get_401_with_a_plain_message(
    client: TestClient, world: World, username: str, password: str
) -> None:
    response = client.post(protocol.TOKEN_PATH, json={"username": username, "password": password})

    assert response.status_code == 401
    assert response.json() == {
        "error": "unauthorized",
        "message": auth.BAD_CREDENTIALS,
        "field": None,
    }


def test_me_tells_who_is_signed_in(client: TestClient, world: World) -> None:
    response = client.get(protocol.ME_PATH, headers=sign_in(client, "rep_b"))

    assert response.status_code == 200
    assert response.json() == {
        "id": world.user_ids["rep_b"],
        "name": "rep_b",
        "display_name": "rep_b",
        "role": "rep",
        "territories": [world.territory_b],
    }


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", protocol.ME_PATH), ("GET", protocol.PULL_PATH), ("POST", protocol.PUSH_PATH)],
)
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic cmVwOnB3"}],
    ids=["anonymous", "unknown-token", "other-scheme"],
)
def test_sync_endpoints_refuse_callers_without_a_valid_token(
    client: TestClient, world: World, method: str, path: str, headers: dict[str, str]
) -> None:
    body = {"client_id": "0" * 8 + "-0000-0000-0000-" + "0" * 12, "mutations": []}
    response = client.request(
        method, path, headers=headers, json=body if method == "POST" else None
    )

    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_an_expired_token_gets_401(client: TestClient, engine: Engine, world: World) -> None:
    headers = sign_in(client, "rep_a")
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    with make_sessions(engine).write.begin() as session:
        session.execute(update(AccessToken).values(expires_at=past))

    assert client.get(protocol.ME_PATH, headers=headers).status_code == 401


def test_verify_password_never_matches_a_user_without_password() -> None:
    assert not auth.verify_password(None, "")
    assert not auth.verify_password("not-a-hash", "x")
    assert auth.verify_password(auth.hash_password("pw"), "pw")
