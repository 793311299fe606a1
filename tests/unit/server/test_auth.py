"""Sign-in, access and refresh tokens, sign-out, and who may call the sync endpoints."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from protocol.auth import TokenResponse
from protocol.paths import ME_PATH, PULL_PATH, PUSH_PATH, REFRESH_PATH, SIGNOUT_PATH, TOKEN_PATH
from server import auth, tokens
from server.database import make_sessions
from server.settings import ServerSettings
from server.tables import AccessToken, RefreshToken
from tests.support.clock import FakeClock
from tests.unit.server.helpers import PASSWORD, World, sign_in


def session_of(client: TestClient, username: str) -> TokenResponse:
    response = client.post(TOKEN_PATH, json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return TokenResponse.model_validate_json(response.content)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def me_status(client: TestClient, access_token: str) -> int:
    return client.get(ME_PATH, headers=bearer(access_token)).status_code


def refresh(client: TestClient, refresh_token: str) -> tuple[int, dict]:
    response = client.post(REFRESH_PATH, json={"refresh_token": refresh_token})
    return response.status_code, response.json()


def test_sign_in_returns_both_tokens_and_the_user(
    client: TestClient, world: World, clock: FakeClock, settings: ServerSettings
) -> None:
    body = session_of(client, "manager")

    assert body.user.role == "manager"
    assert set(body.user.territories) == {world.territory_a, world.territory_b}
    assert body.expires_at == clock.now + settings.access_token_lifetime
    assert body.refresh_expires_at == clock.now + settings.refresh_token_lifetime
    assert settings.access_token_lifetime == dt.timedelta(hours=1)
    assert body.access_token != body.refresh_token


def test_only_the_tokens_digests_are_stored(
    client: TestClient, engine: Engine, world: World
) -> None:
    body = session_of(client, "rep_a")

    with make_sessions(engine).read() as session:
        assert session.scalars(select(AccessToken.token_hash)).all() == [
            tokens.digest(body.access_token)
        ]
        assert session.scalars(select(RefreshToken.token_hash)).all() == [
            tokens.digest(body.refresh_token)
        ]


@pytest.mark.parametrize(
    ("username", "password"), [("rep_a", "wrong"), ("nobody", PASSWORD)], ids=["password", "user"]
)
def test_wrong_credentials_get_401_with_a_plain_message(
    client: TestClient, world: World, username: str, password: str
) -> None:
    response = client.post(TOKEN_PATH, json={"username": username, "password": password})

    assert response.status_code == 401
    assert response.json() == {
        "error": "unauthorized",
        "message": auth.BAD_CREDENTIALS,
        "field": None,
    }


def test_me_tells_who_is_signed_in(client: TestClient, world: World) -> None:
    response = client.get(ME_PATH, headers=sign_in(client, "rep_b"))

    assert response.status_code == 200
    assert response.json() == {
        "id": world.user_ids["rep_b"],
        "name": "rep_b",
        "display_name": "rep_b",
        "role": "rep",
        "territories": [world.territory_b],
        "default_region": "CN",
    }


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", ME_PATH), ("GET", PULL_PATH), ("POST", PUSH_PATH)],
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


def test_an_access_token_expires_after_its_lifetime(
    client: TestClient, world: World, clock: FakeClock, settings: ServerSettings
) -> None:
    body = session_of(client, "rep_a")

    clock.advance(settings.access_token_lifetime - dt.timedelta(seconds=1))
    assert me_status(client, body.access_token) == 200
    clock.advance(dt.timedelta(seconds=1))
    response = client.get(ME_PATH, headers=bearer(body.access_token))

    assert response.status_code == 401
    assert response.json()["error"] == tokens.EXPIRED
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_refresh_hands_out_a_new_pair_that_works(
    client: TestClient, world: World, clock: FakeClock, settings: ServerSettings
) -> None:
    first = session_of(client, "rep_a")
    clock.advance(settings.access_token_lifetime * 3)

    status, answer = refresh(client, first.refresh_token)

    assert status == 200
    second = TokenResponse.model_validate(answer)
    assert {second.access_token, second.refresh_token}.isdisjoint(
        {first.access_token, first.refresh_token}
    )
    assert second.expires_at == clock.now + settings.access_token_lifetime
    assert second.refresh_expires_at == clock.now + settings.refresh_token_lifetime
    assert second.user == first.user
    assert me_status(client, second.access_token) == 200
    assert me_status(client, first.access_token) == 401  # expired meanwhile


def test_a_refresh_token_is_good_for_one_refresh_and_reuse_ends_the_session(
    client: TestClient, world: World
) -> None:
    first = session_of(client, "rep_a")
    other_device = session_of(client, "rep_a")
    status, answer = refresh(client, first.refresh_token)
    assert status == 200
    second = TokenResponse.model_validate(answer)

    status, body = refresh(client, first.refresh_token)  # a copy of the spent token

    assert status == 401
    assert body["error"] == "unauthorized"
    # The whole session ends, also for whoever got the new pair...
    assert me_status(client, second.access_token) == 401
    assert refresh(client, second.refresh_token)[0] == 401
    # ...but not the user's other sessions.
    assert me_status(client, other_device.access_token) == 200
    assert refresh(client, other_device.refresh_token)[0] == 200


def test_a_refresh_token_expires_after_its_lifetime(
    client: TestClient, world: World, clock: FakeClock, settings: ServerSettings
) -> None:
    body = session_of(client, "rep_a")

    clock.advance(settings.refresh_token_lifetime)

    assert refresh(client, body.refresh_token)[0] == 401


def test_each_refresh_starts_a_new_refresh_lifetime(
    client: TestClient, world: World, clock: FakeClock, settings: ServerSettings
) -> None:
    """A rep who syncs now and then never has to type the password again."""
    token = session_of(client, "rep_a").refresh_token
    for _ in range(3):
        clock.advance(settings.refresh_token_lifetime - dt.timedelta(minutes=1))
        status, answer = refresh(client, token)
        assert status == 200
        token = answer["refresh_token"]


def test_sign_out_ends_the_session_and_only_that_one(client: TestClient, world: World) -> None:
    laptop = session_of(client, "rep_a")
    desktop = session_of(client, "rep_a")

    response = client.post(SIGNOUT_PATH, json={"refresh_token": laptop.refresh_token})

    assert response.status_code == 204
    assert me_status(client, laptop.access_token) == 401
    assert refresh(client, laptop.refresh_token)[0] == 401
    assert me_status(client, desktop.access_token) == 200


def test_sign_out_with_an_unknown_token_is_answered_alike(client: TestClient, world: World) -> None:
    response = client.post(SIGNOUT_PATH, json={"refresh_token": "never-handed-out"})

    assert response.status_code == 204


@pytest.mark.parametrize("path", [REFRESH_PATH, SIGNOUT_PATH])
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "refresh_token"),
        ({"refresh_token": ""}, "refresh_token"),
        ({"refresh_token": "has spaces"}, "refresh_token"),
        ({"refresh_token": "x" * 129}, "refresh_token"),
        ({"refresh_token": "ok", "extra": 1}, "extra"),
    ],
)
def test_malformed_refresh_requests_get_422_naming_the_field(
    client: TestClient, path: str, body: dict, field: str
) -> None:
    response = client.post(path, json=body)

    assert response.status_code == 422
    assert response.json()["field"] == field


def test_verify_password_never_matches_a_user_without_password() -> None:
    assert not auth.verify_password(None, "")
    assert not auth.verify_password("not-a-hash", "x")
    assert auth.verify_password(auth.hash_password("pw"), "pw")
