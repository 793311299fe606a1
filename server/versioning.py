"""Protocol version negotiation.

Every response says which protocol majors the server speaks (`Fieldbook-Protocol-Supported:
1-1`). A request naming another major in `Fieldbook-Protocol` is refused with 426 and error
"protocol_version" before it reaches a route; the client tells its user to update the app (or
the server). A request without the header (a browser, a health check) is served as the newest
version.
"""

from __future__ import annotations

import re

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from protocol.errors import ErrorBody
from protocol.paths import (
    MIN_PROTOCOL_VERSION,
    PROTOCOL_HEADER,
    PROTOCOL_SUPPORTED_HEADER,
    PROTOCOL_VERSION,
    SUPPORTED_VERSIONS,
)
from server.errors import error_response

_VERSION = re.compile(r"\s*([0-9]{1,6})(?:\.[0-9]{1,6})?\s*")


def supported(value: str) -> bool:
    """Whether a `Fieldbook-Protocol` value ("1", "1.2") names a major this server speaks."""
    match = _VERSION.fullmatch(value)
    return match is not None and MIN_PROTOCOL_VERSION <= int(match[1]) <= PROTOCOL_VERSION


class ProtocolVersion:
    """ASGI middleware: refuses unsupported versions and labels every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def labelled(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[PROTOCOL_SUPPORTED_HEADER] = SUPPORTED_VERSIONS
            await send(message)

        asked = Headers(scope=scope).get(PROTOCOL_HEADER)
        if asked is not None and not supported(asked):
            body = ErrorBody(
                error="protocol_version",
                message=f"This server speaks protocol versions {SUPPORTED_VERSIONS}, not "
                f"{asked.strip()[:20]!r}; update the app or ask for the server to be updated.",
                field=PROTOCOL_HEADER,
            )
            await error_response(426, body)(scope, receive, labelled)
            return
        await self.app(scope, receive, labelled)
