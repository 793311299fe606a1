"""A webhook receiver on loopback for tests: a small `http.server` in a thread.

It keeps every request it got (headers with lower-case names, and the raw body), answers
`status` (200 unless a test says otherwise), and can go down and come back on the same port
(`down()`, `up()`): while down nothing listens there, so connections are really refused.
"""

from __future__ import annotations

import http.server
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from tests.support.postgres import free_port


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed


class WebhookReceiver:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/hooks/fieldbook"
        self.status = 200
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._server: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def up(self) -> WebhookReceiver:
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                headers = {name.lower(): value for name, value in self.headers.items()}
                with receiver._lock:
                    receiver.received.append(Received(headers, body))
                    status = receiver.status
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def down(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def got(self) -> list[Received]:
        with self._lock:
            return list(self.received)

    def events(self) -> list[dict[str, Any]]:
        return [item.event for item in self.got()]

    def wait_for(self, count: int, timeout: float = 10) -> list[Received]:
        """The requests once at least `count` came; fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.got()
            if len(got) >= count:
                return got
            time.sleep(0.02)
        raise AssertionError(f"the receiver got {len(self.got())} requests, not {count}")
