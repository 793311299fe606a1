"""Sign-in throttling: per user name and per client address, growing lockouts, reset on success."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from protocol.paths import TOKEN_PATH
from server import auth
from server.api import create_app
from server.settings import ServerSettings, Throttle
from server.tables import SignInFailures
from tests.support.clock import FakeClock
from tests.unit.server.helpers import PASSWORD, World

FREE = ServerSettings().user_throttle.free_failures


def attempt(client: TestClient, username: str, password: str) -> tuple[int, int | None]:
    """The status of one sign-in and its Retry-After, if any."""
    response = client.post(TOKEN_PATH, json={"username": username, "password": password})
    retry_after = response.headers.get("Retry-After")
    if response.status_code == 429:
        assert response.json()["error"] == "throttled"
        assert f"{retry_after} seconds" in response.json()["message"]
    return response.status_code, int(retry_after) if retry_after else None


def fail(client: TestClient, username: str, times: int) -> None:
    for _ in range(times):
        assert attempt(client, username, "wrong") == (401, None)


def test_the_free_failures_then_429_with_retry_after(client: TestClient, world: World) -> None:
    fail(client, "rep_a", FREE)

    assert attempt(client, "rep_a", "wrong") == (429, 30)
    # While locked even the right password is not looked at.
    assert attempt(client, "rep_a", PASSWORD) == (429, 30)
    # Other users are not affected.
    assert attempt(client, "rep_b", PASSWORD) == (200, None)


def test_the_lockout_runs_out_and_grows_with_each_further_failure(
    client: TestClient, world: World, clock: FakeClock
) -> None:
    fail(client, "rep_a", FREE)
    waits = []
    for _ in range(4):
        status, wait = attempt(client, "rep_a", "wrong")
        assert status == 429 and wait is not None
        waits.append(wait)
        clock.advance(dt.timedelta(seconds=wait - 1))
        assert attempt(client, "rep_a", "wrong")[0] == 429  # still locked
        clock.advance(dt.timedelta(seconds=1))
        assert attempt(client, "rep_a", "wrong") == (401, None)  # tried again, failed again

    assert waits == [30, 60, 120, 240]


def test_the_lockout_has_a_ceiling(client: TestClient, world: World, clock: FakeClock) -> None:
    throttle = ServerSettings().user_throttle
    fail(client, "rep_a", FREE)
    for _ in range(8):
        clock.advance(throttle.max_lockout)
        fail(client, "rep_a", 1)

    assert attempt(client, "rep_a", "wrong") == (429, throttle.max_lockout.total_seconds())


def test_a_good_sign_in_resets_the_count(client: TestClient, world: World) -> None:
    fail(client, "rep_a", FREE - 1)
    assert attempt(client, "rep_a", PASSWORD) == (200, None)

    fail(client, "rep_a", FREE - 1)

    assert attempt(client, "rep_a", PASSWORD) == (200, None)


def test_old_failures_are_forgotten(client: TestClient, world: World, clock: FakeClock) -> None:
    fail(client, "rep_a", FREE - 1)
    clock.advance(ServerSettings().user_throttle.forget_after)

    fail(client, "rep_a", FREE - 1)

    assert attempt(client, "rep_a", PASSWORD) == (200, None)


def test_unknown_user_names_are_throttled_alike(client: TestClient, world: World) -> None:
    fail(client, "nobody", FREE)

    assert attempt(client, "nobody", "wrong") == (429, 30)


class TestPerAddress:
    """With a small allowance per address, so the tests stay short."""

    @pytest.fixture
    def settings(self) -> ServerSettings:
        address_throttle = Throttle(free_failures=FREE + 2)
        return dataclasses.replace(ServerSettings(), address_throttle=address_throttle)

    def test_one_address_guessing_at_many_users_is_throttled(
        self, client: TestClient, world: World
    ) -> None:
        for n in range(FREE + 2):
            assert attempt(client, f"guess{n}", "wrong") == (401, None)

        assert attempt(client, "rep_a", PASSWORD) == (429, 30)

    def test_a_good_sign_in_does_not_clear_the_address(
        self, client: TestClient, world: World
    ) -> None:
        """Or an attacker's own account would let them guess at everyone else's."""
        for n in range(FREE + 1):
            assert attempt(client, f"guess{n}", "wrong") == (401, None)
        assert attempt(client, "rep_b", PASSWORD) == (200, None)

        assert attempt(client, "guess-last", "wrong") == (401, None)

        assert attempt(client, "rep_a", PASSWORD)[0] == 429


def test_a_guesser_elsewhere_does_not_lock_the_user_out_of_their_usual_computer(
    engine: Engine, client: TestClient, world: World, settings: ServerSettings, clock: FakeClock
) -> None:
    fail(client, "rep_a", FREE)
    assert attempt(client, "rep_a", PASSWORD)[0] == 429

    app = create_app(engine, settings, clock)
    with TestClient(app, client=("192.0.2.7", 50000)) as usual_computer:
        assert attempt(usual_computer, "rep_a", PASSWORD) == (200, None)


def test_guessing_from_many_addresses_meets_a_slower_limit_for_the_user(
    engine: Engine, world: World, settings: ServerSettings, clock: FakeClock
) -> None:
    app = create_app(engine, settings, clock)
    overall = settings.user_overall_throttle.free_failures
    for n in range(overall):
        with TestClient(app, client=(f"198.51.100.{n % 250}", 40000 + n)) as guesser:
            assert attempt(guesser, "rep_a", "wrong")[0] == 401

    with TestClient(app, client=("203.0.113.9", 50000)) as another:
        assert attempt(another, "rep_a", PASSWORD)[0] == 429


def test_the_attempt_is_counted_before_the_password_is_checked(
    engine: Engine, client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted_while_checking: list[int] = []
    checking = auth.verify_password

    def observed(password_hash: str | None, password: str) -> bool:
        with Session(engine) as session:
            counted_while_checking.append(
                sum(session.scalars(select(SignInFailures.pending)).all())
            )
        return checking(password_hash, password)

    monkeypatch.setattr(auth, "verify_password", observed)

    assert attempt(client, "rep_a", "wrong") == (401, None)
    assert counted_while_checking and counted_while_checking[0] > 0


def test_a_burst_waiting_for_a_password_check_gets_429_not_an_error(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every slot for password checks is taken: the attempt is answered at once, uncounted."""
    slots = auth.password_check_slots(ServerSettings())
    for _ in range(ServerSettings().concurrent_password_checks):
        assert slots.acquire(blocking=False)
    monkeypatch.setattr(auth, "SLOT_WAIT_SECONDS", 0.05)
    try:
        status, retry_after = attempt(client, "rep_a", PASSWORD)
    finally:
        for _ in range(ServerSettings().concurrent_password_checks):
            slots.release()

    assert status == 429 and retry_after is not None
    assert attempt(client, "rep_a", PASSWORD) == (200, None)
