"""A sync `Transport` that reaches the server app in-process through FastAPI's TestClient.

For tests that run many short scenarios (the randomized convergence test): no port, no server
thread to start per scenario, but the same HTTP requests, routes and JSON as over the network.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import requests
from fastapi.testclient import TestClient
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from sync.transport import Transport

BASE_URL = "http://testserver"


class TestClientAdapter(BaseAdapter):
    """Sends requests' prepared requests through a TestClient and hands back its answers."""

    def __init__(self, client: TestClient) -> None:
        super().__init__()
        self.client = client

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
        answer = self.client.request(
            request.method or "GET",
            request.url or BASE_URL,
            headers=dict(request.headers),
            content=request.body,
        )
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.content
        response.raw = io.BytesIO(answer.content)  # for streamed reads, and for `close`
        response.headers = CaseInsensitiveDict(
            {k: v for k, v in answer.headers.items() if k.lower() != "content-encoding"}
        )
        response.url = request.url or BASE_URL
        response.request = request
        return response

    def close(self) -> None:
        pass


def in_process_transport(client: TestClient) -> Transport:
    transport = Transport(BASE_URL, retries=0)
    for http in (transport._http, transport._sign_in_http, transport._probe_http):
        http.mount(BASE_URL, TestClientAdapter(client))
    return transport
