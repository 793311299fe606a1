"""A TCP proxy between a client and a real server that misbehaves on demand.

Each new HTTP request (on a new or a kept-alive connection) takes the next fault from a queue;
none left, it passes through. `CUT` forwards the request but drops the connection as soon as
the server starts answering (the server has done the work, the client never hears of it);
`UNAVAILABLE` answers 503 itself; `STALL` swallows the request and never answers.
`on_request` is called at the start of every forwarded request, so a test can kill the server
at that moment.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections import deque
from collections.abc import Callable
from enum import Enum

from tests.support.postgres import free_port

CHUNK = 65536
_METHODS = (b"GET ", b"POST ", b"PUT ", b"PATCH ", b"DELETE ", b"HEAD ")
_UNAVAILABLE_ANSWER = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
)


class Fault(Enum):
    CUT = "cut"
    UNAVAILABLE = "unavailable"
    STALL = "stall"


class _Connection:
    """One client connection and its upstream; `cut` drops it at the next answer byte."""

    def __init__(self, client: socket.socket, upstream: socket.socket) -> None:
        self.client = client
        self.upstream = upstream
        self.cut = False

    def close(self) -> None:
        _close(self.client)
        _close(self.upstream)


class FaultProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.faults: deque[Fault] = deque()
        self.on_request: Callable[[], None] | None = None
        self.requests = 0
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._connections: list[_Connection] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def inject(self, *faults: Fault) -> None:
        with self._lock:
            self.faults.extend(faults)

    def close(self) -> None:
        self._listener.close()
        with self._lock:
            for connection in self._connections:
                connection.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            except OSError:
                _close(client)
                continue
            connection = _Connection(client, upstream)
            with self._lock:
                self._connections.append(connection)
            threading.Thread(target=self._forward_requests, args=(connection,), daemon=True).start()
            threading.Thread(target=self._forward_answers, args=(connection,), daemon=True).start()

    def _next_fault(self) -> Fault | None:
        with self._lock:
            self.requests += 1
            return self.faults.popleft() if self.faults else None

    def _forward_requests(self, connection: _Connection) -> None:
        stalled = False
        with contextlib.suppress(OSError):
            while data := connection.client.recv(CHUNK):
                if data.startswith(_METHODS):
                    fault = self._next_fault()
                    if fault is Fault.UNAVAILABLE:
                        connection.client.sendall(_UNAVAILABLE_ANSWER)
                        break
                    stalled = fault is Fault.STALL
                    connection.cut = fault is Fault.CUT
                    if not stalled and self.on_request is not None:
                        self.on_request()
                if not stalled:
                    connection.upstream.sendall(data)
        connection.close()

    @staticmethod
    def _forward_answers(connection: _Connection) -> None:
        with contextlib.suppress(OSError):
            while data := connection.upstream.recv(CHUNK):
                if connection.cut:
                    break
                connection.client.sendall(data)
        connection.close()


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
