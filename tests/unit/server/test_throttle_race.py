"""Parallel sign-ins for one user are all counted before any password is checked, on SQLite and
on PostgreSQL: a burst gets no more password checks than the throttle allows."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine

from protocol.auth import TokenRequest
from server import auth
from server.database import make_sessions
from server.errors import ApiError
from server.settings import ServerSettings
from tests.support.clock import FakeClock
from tests.unit.server.helpers import PASSWORD, World, both_databases

db_url = both_databases
BURST = 40
FREE = ServerSettings().user_throttle.free_failures


def test_a_parallel_burst_gets_no_more_checks_than_the_limit(
    engine: Engine, world: World, clock: FakeClock
) -> None:
    sessions = make_sessions(engine)
    settings = ServerSettings()
    requests = [TokenRequest(username="rep_a", password="wrong")] * (BURST - 1)
    requests.append(TokenRequest(username="rep_a", password=PASSWORD))

    def attempt(request: TokenRequest) -> int:
        try:
            auth.sign_in(sessions, request, "192.0.2.1", settings, clock())
        except ApiError as error:
            return error.status
        return 200

    with ThreadPoolExecutor(BURST) as pool:
        statuses = list(pool.map(attempt, requests))

    assert set(statuses) <= {200, 401, 429}, statuses
    assert len([s for s in statuses if s != 429]) <= settings.user_throttle.free_failures


def test_parallel_sign_ins_with_the_right_password_all_get_in(
    engine: Engine, world: World, clock: FakeClock
) -> None:
    """A burst of good sign-ins (a team's laptops behind one address, a script) is no guessing:
    attempts beyond the free ones wait for the checks before them instead of being refused."""
    sessions = make_sessions(engine)
    settings = ServerSettings()
    requests = [TokenRequest(username="rep_a", password=PASSWORD)] * (3 * FREE)

    def attempt(request: TokenRequest) -> int:
        try:
            auth.sign_in(sessions, request, "192.0.2.1", settings, clock())
        except ApiError as error:
            return error.status
        return 200

    with ThreadPoolExecutor(len(requests)) as pool:
        statuses = list(pool.map(attempt, requests))

    assert statuses == [200] * len(requests)
