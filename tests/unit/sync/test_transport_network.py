"""IT's ProxyUrl and CaBundle reach the HTTP transport: requests go through the given proxy, and
a server whose certificate the given CA bundle vouches for is trusted (and not without it)."""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from protocol.paths import PULL_PATH
from sync.errors import Outcome, SyncError
from sync.transport import Transport

EMPTY_PAGE = json.dumps({"changes": [], "cursor": 3, "has_more": False}).encode()


class EmptyFeed(BaseHTTPRequestHandler):
    """Answers every GET with an empty pull page and notes the request line's target."""

    def do_GET(self) -> None:
        self.server.seen.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(EMPTY_PAGE)))
        self.end_headers()
        self.wfile.write(EMPTY_PAGE)

    def log_message(self, *args: object) -> None:
        pass


def serving(server: ThreadingHTTPServer) -> Iterator[ThreadingHTTPServer]:
    server.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def plain_server() -> Iterator[ThreadingHTTPServer]:
    yield from serving(ThreadingHTTPServer(("127.0.0.1", 0), EmptyFeed))


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    request = [
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
    ]
    subprocess.run(
        [*request, "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), EmptyFeed)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    yield from serving(server)


def test_requests_go_through_the_proxy_given(plain_server):
    proxy = f"http://127.0.0.1:{plain_server.server_address[1]}"
    transport = Transport("http://crm.example.invalid", proxy_url=proxy, retries=0)
    transport.token = "t"
    assert transport.pull(0, 10).cursor == 3
    assert plain_server.seen == [f"http://crm.example.invalid{PULL_PATH}?cursor=0&limit=10"]


def test_the_ca_bundle_given_is_trusted(tls_server, certificate):
    url = f"https://127.0.0.1:{tls_server.server_address[1]}"
    trusting = Transport(url, ca_bundle=str(certificate[0]), retries=0)
    trusting.token = "t"
    assert trusting.pull(0, 10).cursor == 3

    default = Transport(url, retries=0)
    default.token = "t"
    with pytest.raises(SyncError) as refused:
        default.pull(0, 10)
    assert refused.value.outcome is Outcome.OFFLINE
