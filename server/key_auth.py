"""API keys on the inbound routes: a dependency that checks a key's scope, and one log line
per call naming the key.

A route says what it needs with `Depends(require_key_scope("write"))` and gets the key's
`KeyGrant`; it checks the territory of each record it touches with `check_reach`. The log
line (key name, method, path, status) is written by `KeyLog`, a middleware, once the answer's
status is known, whatever the route raised.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import api_keys
from server.api_error import ApiError
from server.api_keys import KeyGrant
from server.deps import SessionsDep

logger = logging.getLogger(__name__)

API_KEY_HEADER = "X-API-Key"
# request.state attribute naming the key of a call to a key route ("" for no valid key).
_STATE = "api_key_name"

_api_key = APIKeyHeader(
    name=API_KEY_HEADER, auto_error=False, description="A key from `fieldbook-server apikey`."
)


def require_key_scope(scope: str) -> Callable[..., KeyGrant]:
    """A dependency: the grant of the valid API key that came with the request, which must
    include `scope`; 401 without a valid key, 403 naming the scope it lacks."""
    if scope not in api_keys.SCOPES:
        raise ValueError(f"unknown scope {scope!r}")

    def granted(
        request: Request, sessions: SessionsDep, key: Annotated[str | None, Depends(_api_key)]
    ) -> KeyGrant:
        setattr(request.state, _STATE, "")
        if not key:
            raise ApiError(401, "unauthorized", f"Send an API key in the {API_KEY_HEADER} header.")
        with sessions.read() as session:
            grant = api_keys.grant_of_valid_key(session, key)
        if grant is None:
            raise ApiError(401, "unauthorized", "The API key is unknown or was revoked.")
        setattr(request.state, _STATE, grant.name)
        if scope not in grant.scopes:
            raise ApiError(403, "forbidden", f"This key lacks the scope {scope}.", field="scope")
        return grant

    return granted


def reach_problem(grant: KeyGrant, territory_id: str | None) -> str | None:
    """The sentence refusing a record of `territory_id` to `grant`, or None when it reaches it."""
    if grant.reaches(territory_id):
        return None
    return "This key does not reach the record's territory."


def check_reach(grant: KeyGrant, territory_id: str | None, field: str) -> None:
    """403 naming `field` when `territory_id` is outside the key's territories."""
    problem = reach_problem(grant, territory_id)
    if problem is not None:
        raise ApiError(403, "forbidden", problem, field=field)


class KeyLog:
    """ASGI middleware: after each call that came to a key route, log the key's name, the
    method, the path and the status answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # unless an answer starts: the error middleware outside answers 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            name = scope.get("state", {}).get(_STATE)
            if name is not None:
                logger.info(
                    "API key %s: %s %s %d",
                    repr(name) if name else "(none valid)",
                    scope["method"],
                    scope["path"],
                    status,
                )
