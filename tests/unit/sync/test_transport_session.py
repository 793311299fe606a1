"""The transport's session against a real server: transparent refresh once on an expired access
token, rotation reported to the app, sign-out, and pushes split to fit the body limit."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from protocol.auth import TokenResponse
from protocol.sync import Mutation, PushRequest
from server.settings import ServerSettings
from sync.errors import Outcome, SyncError
from sync.transport import Transport
from tests.support.clock import FakeClock
from tests.support.live_server import live_server
from tests.support.threads import run_in_threads
from tests.unit.sync.conftest import PASSWORD

LIFETIME = ServerSettings().access_token_lifetime


class Recorder:
    """The app's side of `on_new_tokens`: every pair the transport got by refreshing."""

    def __init__(self) -> None:
        self.pairs: list[TokenResponse] = []

    def __call__(self, answer: TokenResponse) -> None:
        self.pairs.append(answer)


def signed_in(server_url: str, recorder: Recorder | None = None) -> Transport:
    transport = Transport(server_url, retries=0, on_new_tokens=recorder)
    transport.sign_in("alice", PASSWORD)
    return transport


def test_an_expired_access_token_is_refreshed_once_and_the_call_repeated(
    server_url: str, server_clock: FakeClock
) -> None:
    recorder = Recorder()
    transport = signed_in(server_url, recorder)
    first_refresh = transport.refresh_token
    server_clock.advance(LIFETIME)

    page = transport.pull(0, 10)

    assert page.changes  # the call went through after the refresh
    [pair] = recorder.pairs
    assert (transport.token, transport.refresh_token) == (pair.access_token, pair.refresh_token)
    assert pair.refresh_token != first_refresh
    transport.pull(0, 10)
    assert len(recorder.pairs) == 1  # a fresh access token needs no further refresh


def test_a_resumed_session_refreshes_before_its_first_call(server_url: str) -> None:
    refresh_token = signed_in(server_url).refresh_token
    recorder = Recorder()
    resumed = Transport(server_url, retries=0, on_new_tokens=recorder)
    resumed.refresh_token = refresh_token

    resumed.pull(0, 10)

    assert len(recorder.pairs) == 1 and resumed.token == recorder.pairs[0].access_token


def test_a_spent_refresh_token_means_signed_out(server_url: str, server_clock: FakeClock) -> None:
    transport = signed_in(server_url)
    copy = Transport(server_url, retries=0)
    copy.refresh_token = transport.refresh_token
    copy.pull(0, 10)  # the copy renews first; the original's refresh token is now spent
    server_clock.advance(LIFETIME)

    with pytest.raises(SyncError) as failed:
        transport.pull(0, 10)

    assert failed.value.outcome is Outcome.SIGNED_OUT
    assert transport.token is None and transport.refresh_token is None
    with pytest.raises(SyncError) as copy_failed:  # the reuse ended the copy's session too
        copy.pull(0, 10)
    assert copy_failed.value.outcome is Outcome.SIGNED_OUT


def test_calls_in_parallel_share_one_refresh(server_url: str, server_clock: FakeClock) -> None:
    """A second refresh with the same token would look like a stolen copy and end the session."""
    recorder = Recorder()
    transport = signed_in(server_url, recorder)
    server_clock.advance(LIFETIME)
    failures = run_in_threads(lambda _n: transport.pull(0, 10), 6)

    assert failures == []
    assert len(recorder.pairs) == 1


def test_sign_out_ends_the_session_on_the_server(server_url: str) -> None:
    transport = signed_in(server_url)
    access, refresh = transport.token, transport.refresh_token

    transport.sign_out()

    assert transport.token is None and transport.refresh_token is None
    stolen = Transport(server_url, retries=0)
    stolen.token, stolen.refresh_token = access, refresh
    with pytest.raises(SyncError) as failed:
        stolen.pull(0, 10)
    assert failed.value.outcome is Outcome.SIGNED_OUT


@pytest.fixture
def small_limit_url(server_engine: Engine) -> Iterator[str]:
    settings = dataclasses.replace(ServerSettings(), max_body_bytes=3000)
    with live_server(server_engine, settings) as url:
        yield url


def test_a_push_larger_than_the_server_takes_goes_in_parts(
    small_limit_url: str, server_engine: Engine
) -> None:
    transport = Transport(small_limit_url, retries=0, max_request_bytes=3000)
    me = transport.sign_in("alice", PASSWORD).user
    mutations = [
        Mutation(
            seq=n,
            entity="account",
            record_id=str(uuid.uuid4()),
            op="upsert",
            base_version=0,
            fields={"name": f"客户 {n}", "territory_id": me.territories[0], "note": "备注" * 100},
        )
        for n in range(1, 31)
    ]
    request = PushRequest(client_id=str(uuid.uuid4()), mutations=mutations)
    assert len(request.model_dump_json().encode()) > 3 * 3000

    response = transport.push(request)

    assert [r.seq for r in response.results] == list(range(1, 31))
    assert {r.status for r in response.results} == {"applied"}
