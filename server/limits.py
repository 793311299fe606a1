"""The request body limit: a body larger than the server takes is refused with 413 before any
of it is parsed, whether its size is declared (Content-Length) or only found out while it is
read (chunked). Addresses that take files (the admin's import) have a larger limit of their
own, which is then the only one: the general limit does not apply to them."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from protocol.errors import ErrorBody
from server.errors import error_response

# The largest file an admin may import in one request (`connect_api`).
MAX_IMPORT_BYTES = 50 * 1024 * 1024


class BodyLimit:
    """ASGI middleware reading each request body, up to its limit, before the app sees it:
    `max_bytes`, or for a path under a prefix of `larger` that prefix's limit if larger."""

    def __init__(self, app: ASGIApp, max_bytes: int, larger: Mapping[str, int] | None = None):
        self.app = app
        self.max_bytes = max_bytes
        self.larger = dict(larger or {})

    def limit(self, path: str) -> int:
        """The most bytes a request body to `path` may have."""
        limits = [n for prefix, n in self.larger.items() if path.startswith(prefix)]
        return max([self.max_bytes, *limits])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope["path"])
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > limit:
            await _too_large(limit, scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _too_large(limit, scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replaying(b"".join(chunks), receive), send)


async def _too_large(limit: int, scope: Scope, receive: Receive, send: Send) -> None:
    body = ErrorBody(
        error="too_large",
        message=f"The request is larger than the server takes here ({limit} bytes); "
        "send less at once (split a large file).",
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
