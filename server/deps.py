"""FastAPI dependencies: the app's session factories, settings and clock, and the signed-in user.

The ones that only look something up are `async def`: FastAPI calls those on the event loop,
while each plain `def` dependency costs a trip to the thread pool and back on every request.
"""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from server import snapshot_readers, tokens
from server.database import Sessions
from server.live import FeedSignal
from server.scope import Principal
from server.settings import Clock, ServerSettings

_bearer = HTTPBearer(auto_error=False, description="The access token from sign-in.")


async def get_sessions(request: Request) -> Sessions:
    sessions: Sessions = request.app.state.sessions
    return sessions


async def get_settings(request: Request) -> ServerSettings:
    settings: ServerSettings = request.app.state.settings
    return settings


async def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


async def get_feed_signal(request: Request) -> FeedSignal:
    """Raised after a commit that adds feed rows, to wake the long-polls (`server.live`)."""
    signal: FeedSignal = request.app.state.feed_signal
    return signal


async def client_address(request: Request) -> str | None:
    """The caller's IP address (behind a trusted proxy, the one the proxy forwarded)."""
    return request.client.host if request.client else None


async def get_writers(request: Request) -> threading.Lock:
    """Taken by this process's feed writers (push, enquiry) before they open their transaction.

    Every write waits for the feed lock (`server.feed`) anyway; waiting for it in PostgreSQL
    holds one of the pool's connections, which the reads and token checks then lack. Writers
    of one process wait here instead, without a connection; those of other processes still
    wait in PostgreSQL.
    """
    writers: threading.Lock = request.app.state.writers
    return writers


SessionsDep = Annotated[Sessions, Depends(get_sessions)]
SettingsDep = Annotated[ServerSettings, Depends(get_settings)]
ClockDep = Annotated[Clock, Depends(get_clock)]
AddressDep = Annotated[str | None, Depends(client_address)]
FeedSignalDep = Annotated[FeedSignal, Depends(get_feed_signal)]
WritersDep = Annotated[threading.Lock, Depends(get_writers)]


def current_principal(
    sessions: SessionsDep,
    clock: ClockDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The user whose bearer token came with the request; 401 without a valid one."""
    if credentials is None:
        raise tokens.unauthorized("Sign in first: this needs an access token.")
    with sessions.read() as session:
        return tokens.principal_for(session, credentials.credentials, clock())


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def reading_principal(
    sessions: SessionsDep,
    clock: ClockDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """Like `current_principal`, and also the snapshot builder's service user of one scope
    (`server.snapshot_readers`): only the routes that read the feed take this."""
    if credentials is None:
        raise tokens.unauthorized("Sign in first: this needs an access token.")
    with sessions.read() as session:
        reader = snapshot_readers.principal_for(session, credentials.credentials, clock())
        return reader or tokens.principal_for(session, credentials.credentials, clock())


ReadingPrincipal = Annotated[Principal, Depends(reading_principal)]
