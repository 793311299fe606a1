"""The HTTP transport against small real HTTP servers: retries with backoff, error mapping."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from protocol.paths import PROTOCOL_HEADER, PROTOCOL_VERSION, PULL_PATH
from sync.errors import Outcome, SyncError
from sync.transport import Transport


class Scripted(BaseHTTPRequestHandler):
    """Answers each request with the next (status, body) of the server's script."""

    def do_GET(self) -> None:
        server = self.server
        status, body = server.script.pop(0) if server.script else (200, server.final)  # type: ignore[attr-defined]
        server.seen.append(self.path)  # type: ignore[attr-defined]
        server.headers.append(dict(self.headers))  # type: ignore[attr-defined]
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def scripted() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    server.script = []  # type: ignore[attr-defined]
    server.seen = []  # type: ignore[attr-defined]
    server.headers = []  # type: ignore[attr-defined]
    server.final = {"changes": [], "cursor": 7, "has_more": False}  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def transport_for(server: ThreadingHTTPServer, retries: int = 3) -> Transport:
    transport = Transport(
        f"http://127.0.0.1:{server.server_address[1]}", retries=retries, backoff=0
    )
    transport.token = "t"
    return transport


def test_busy_answers_are_retried_until_one_succeeds(scripted):
    scripted.script = [(503, {}), (502, {})]
    page = transport_for(scripted).pull(0, 10)
    assert page.cursor == 7
    assert len(scripted.seen) == 3 and scripted.seen[0].startswith(PULL_PATH)


def test_a_server_that_stays_broken_is_a_server_error(scripted):
    scripted.script = [(503, {})] * 5
    with pytest.raises(SyncError) as failed:
        transport_for(scripted, retries=2).pull(0, 10)
    assert failed.value.outcome is Outcome.SERVER_ERROR


def test_a_client_error_is_not_retried_and_says_refused(scripted):
    scripted.script = [(422, {"error": "invalid", "message": "no", "field": "limit"})]
    with pytest.raises(SyncError) as failed:
        transport_for(scripted).pull(0, 10)
    assert failed.value.outcome is Outcome.REFUSED and "limit" in failed.value.detail
    assert len(scripted.seen) == 1


def test_an_unreadable_answer_is_incompatible(scripted):
    scripted.script = [(200, {"something": "else"})]
    with pytest.raises(SyncError) as failed:
        transport_for(scripted).pull(0, 10)
    assert failed.value.outcome is Outcome.INCOMPATIBLE


def test_no_token_fails_before_any_request(scripted):
    transport = transport_for(scripted)
    transport.token = None
    with pytest.raises(SyncError) as failed:
        transport.pull(0, 10)
    assert failed.value.outcome is Outcome.SIGNED_OUT and scripted.seen == []


def test_a_server_of_another_protocol_version_is_incompatible(scripted):
    scripted.script = [(426, {"error": "protocol_version", "message": "speaks 2-2", "field": None})]
    with pytest.raises(SyncError) as failed:
        transport_for(scripted).pull(0, 10)
    assert (
        failed.value.outcome is Outcome.INCOMPATIBLE and "protocol_version" in failed.value.detail
    )


def test_the_client_names_its_protocol_version(scripted):
    transport_for(scripted).pull(0, 10)
    assert scripted.headers[0][PROTOCOL_HEADER] == str(PROTOCOL_VERSION)


def test_a_probe_asks_once_without_a_token_and_says_whether_the_server_answers(scripted):
    transport = transport_for(scripted)
    transport.token = None
    scripted.script = [(503, {})]
    assert not transport.reachable()  # a proxy's "bad gateway": the server is not there
    assert transport.reachable()
    assert scripted.seen == ["/healthz", "/healthz"]  # no retries
    assert not Transport("http://127.0.0.1:9").reachable()  # nothing listens
