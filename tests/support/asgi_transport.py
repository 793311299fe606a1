"""A sync `Transport` that reaches the server app in-process, through httpx's ASGI transport.

For tests that run many short scenarios (the randomized convergence test): no port, no server
thread to start per scenario, but the same HTTP requests, routes and JSON as over the network.
The app's lifespan (its background work) runs where the test started it, in a TestClient.
"""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Mapping

import httpx
import requests
from fastapi.testclient import TestClient
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from starlette.types import ASGIApp

from sync.transport import Transport

BASE_URL = "http://testserver"

_loops = threading.local()


class _ThreadLoop:
    """An event loop kept for one thread's calls (the app's thread pool for its sync routes
    belongs to the loop, so it is made once per thread too), closed when the thread ends and
    its thread-local values go: a sync asks for the counts on a thread of its own."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()

    def __del__(self) -> None:
        self.loop.close()


def _thread_loop() -> asyncio.AbstractEventLoop:
    """This thread's event loop for the calls, made on first use."""
    kept: _ThreadLoop | None = getattr(_loops, "kept", None)
    if kept is None:
        kept = _loops.kept = _ThreadLoop()
    return kept.loop


class AsgiAdapter(BaseAdapter):
    """Sends requests' prepared requests to the app on an event loop of the calling thread.
    Through TestClient, a request crosses to its portal's thread and back: a `/healthz` cost
    4.0 ms of CPU so, 1.4 ms here; a convergence shard spends some 6 % less."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__()
        self.asgi = httpx.ASGITransport(app=app)

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Time-outs, proxies and TLS settings mean nothing in-process and are ignored."""
        status, headers, content = _thread_loop().run_until_complete(self._call(request))
        response = requests.Response()
        response.status_code = status
        response._content = content
        response.raw = io.BytesIO(content)  # for streamed reads, and for `close`
        response.headers = CaseInsensitiveDict(
            {k: v for k, v in headers.items() if k.lower() != "content-encoding"}
        )
        response.url = request.url or BASE_URL
        response.request = request
        return response

    async def _call(self, request: requests.PreparedRequest) -> tuple[int, httpx.Headers, bytes]:
        body = request.body.encode() if isinstance(request.body, str) else request.body
        answer = await self.asgi.handle_async_request(
            httpx.Request(
                request.method or "GET",
                request.url or BASE_URL,
                headers=dict(request.headers),
                content=body,
            )
        )
        content = await answer.aread()  # decoded: gzip undone
        return answer.status_code, answer.headers, content

    def close(self) -> None:
        pass


def in_process_transport(client: TestClient) -> Transport:
    """A transport to the app of `client`, whose lifespan the caller has entered."""
    transport = Transport(BASE_URL, retries=0)
    for http in (transport._http, transport._sign_in_http, transport._probe_http):
        http.mount(BASE_URL, AsgiAdapter(client.app))
    return transport
