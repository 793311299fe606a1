"""The request body limit: a body larger than the server takes is refused with 413 before any
of it is parsed, whether its size is declared (Content-Length) or only found out while it is
read (chunked)."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from protocol.errors import ErrorBody
from server.errors import error_response


class BodyLimit:
    """ASGI middleware reading each request body, up to `max_bytes`, before the app sees it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replaying(b"".join(chunks), receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = ErrorBody(
            error="too_large",
            message=f"The request is larger than the server takes ({self.max_bytes} bytes); "
            "send less at once.",
        )
        await error_response(413, body)(scope, receive, send)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands out the whole body first, then waits for the client to leave."""
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
