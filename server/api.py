"""The HTTP API: thin routes over push, pull and sign-in."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Response
from fastapi.middleware.gzip import GZipMiddleware
from sqlalchemy import Engine
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES

from protocol.auth import (
    PasswordChangeRequest,
    RefreshRequest,
    TokenRequest,
    TokenResponse,
    UserInfo,
)
from protocol.paths import (
    CONFLICTS_PATH,
    COUNTS_PATH,
    DEFAULT_PULL_PAGE,
    DEFAULT_WAIT_SECONDS,
    HEALTH_PATH,
    MAX_CONFLICT_ID,
    MAX_CONFLICTS_PAGE,
    MAX_POSITION,
    MAX_PULL_PAGE,
    MAX_WAIT_SECONDS,
    ME_PATH,
    PASSWORD_PATH,
    PROTOCOL_VERSION,
    PULL_NEXT_CURSOR_HEADER,
    PULL_PATH,
    PUSH_PATH,
    REFRESH_PATH,
    SIGNOUT_PATH,
    TOKEN_PATH,
    WAIT_PATH,
)
from protocol.sync import (
    ConflictsResponse,
    CountsResponse,
    PullResponse,
    PushRequest,
    PushResponse,
    WaitResponse,
)
from server import (
    admin_api,
    auth,
    conflicts,
    connect_api,
    external_api,
    feed,
    report_api,
    retention,
    sanity,
    snapshot_api,
    system_api,
    tokens,
)
from server.config import retention_period
from server.database import make_sessions
from server.deps import (
    AddressDep,
    ClockDep,
    CurrentPrincipal,
    FeedSignalDep,
    ReadingPrincipal,
    SessionsDep,
    SettingsDep,
    WritersDep,
)
from server.errors import install_error_handlers
from server.key_auth import KeyLog
from server.limits import MAX_IMPORT_BYTES, BodyLimit
from server.live import FeedSignal, wait_for_changes
from server.pull import pull
from server.push import push
from server.settings import Clock, ServerSettings, system_clock
from server.snapshot_scheduler import SnapshotScheduler
from server.users import user_info
from server.versioning import ProtocolVersion
from server.webhook_delivery import DeliveryWorker, deliver_periodically

router = APIRouter()
GZIP_LEVEL = 1


@router.get(HEALTH_PATH)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.post(TOKEN_PATH)
def sign_in(
    body: TokenRequest,
    sessions: SessionsDep,
    settings: SettingsDep,
    clock: ClockDep,
    address: AddressDep,
) -> TokenResponse:
    return auth.sign_in(sessions, body, address, settings, clock())


@router.post(PASSWORD_PATH)
def change_password(
    body: PasswordChangeRequest,
    sessions: SessionsDep,
    settings: SettingsDep,
    clock: ClockDep,
    address: AddressDep,
) -> TokenResponse:
    return auth.change_password(sessions, body, address, settings, clock())


@router.post(REFRESH_PATH)
def refresh(
    body: RefreshRequest, sessions: SessionsDep, settings: SettingsDep, clock: ClockDep
) -> TokenResponse:
    with sessions.write.begin() as session:
        answer = tokens.refresh(session, body.refresh_token, settings, clock())
    if not isinstance(answer, TokenResponse):
        raise answer
    return answer


@router.post(SIGNOUT_PATH, status_code=204)
def sign_out(body: RefreshRequest, sessions: SessionsDep) -> Response:
    """End the session of the refresh token; answered alike whether it was known or not."""
    with sessions.write.begin() as session:
        tokens.sign_out(session, body.refresh_token)
    return Response(status_code=204)


@router.get(ME_PATH)
def me(principal: CurrentPrincipal, sessions: SessionsDep) -> UserInfo:
    with sessions.read() as session:
        return user_info(principal, session)


@router.post(PUSH_PATH)
def push_mutations(
    body: PushRequest,
    principal: CurrentPrincipal,
    sessions: SessionsDep,
    feed_signal: FeedSignalDep,
    writers: WritersDep,
) -> PushResponse:
    with writers, feed.write_transaction(sessions.write) as session:
        answer = push(session, principal, body)
    feed_signal.notify()
    return answer


@router.get(PULL_PATH, response_model=PullResponse)
def pull_changes(
    principal: ReadingPrincipal,
    sessions: SessionsDep,
    cursor: Annotated[int, Query(ge=0, le=MAX_POSITION)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_PAGE)] = DEFAULT_PULL_PAGE,
) -> Response:
    """A page of up to 1,000 changes, serialized once: letting FastAPI check the answer
    against its own model again would cost as much as building it."""
    with sessions.read.begin() as session:
        answer = pull(session, principal, cursor, limit)
    headers = {}
    if answer.has_more and not answer.resync_required:
        headers[PULL_NEXT_CURSOR_HEADER] = str(answer.cursor)
    return Response(answer.to_json(), media_type="application/json", headers=headers)


@router.get(WAIT_PATH)
async def wait(
    principal: CurrentPrincipal,
    sessions: SessionsDep,
    feed_signal: FeedSignalDep,
    cursor: Annotated[int, Query(ge=0)] = 0,
    timeout: Annotated[float, Query(ge=0, le=MAX_WAIT_SECONDS)] = DEFAULT_WAIT_SECONDS,
) -> WaitResponse:
    """Long-poll: answers as soon as the reader sees a change after `cursor`, or at `timeout`."""
    return await wait_for_changes(feed_signal, sessions.read, principal, cursor, timeout)


@router.get(COUNTS_PATH)
def counts(principal: ReadingPrincipal, sessions: SessionsDep) -> CountsResponse:
    with sessions.read.begin() as session:
        return sanity.counts(session, principal)


@router.get(CONFLICTS_PATH)
def set_aside_values(
    principal: CurrentPrincipal,
    sessions: SessionsDep,
    after: Annotated[int, Query(ge=0, le=MAX_CONFLICT_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_CONFLICTS_PAGE)] = MAX_CONFLICTS_PAGE,
) -> ConflictsResponse:
    with sessions.read.begin() as session:
        return conflicts.page(session, principal, after, limit)


def create_app(
    engine: Engine,
    settings: ServerSettings | None = None,
    clock: Clock = system_clock,
    *,
    keep_feed_for: dt.timedelta | None = None,
) -> FastAPI:
    """The API over `engine`, whose schema must be up to date (`schema.upgrade`).

    While it runs it compacts the feed now and then, keeping rows for `keep_feed_for`
    (default: `config.retention_period`), and delivers webhooks (`server.webhook_delivery`).
    """
    sessions = make_sessions(engine)
    period = keep_feed_for or retention_period()
    settings = settings or ServerSettings()
    feed_signal = FeedSignal()
    deliverer = DeliveryWorker(sessions, settings.webhooks, clock)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        background = [
            asyncio.create_task(retention.compact_periodically(sessions.write, period)),
            asyncio.create_task(deliver_periodically(deliverer, feed_signal)),
        ]
        snapshots = None
        if settings.snapshots is not None:
            snapshots = SnapshotScheduler(sessions, settings.snapshots)
            snapshots.start()
        yield
        # Not awaited: an await here lets uvicorn finish writing a 500 to the requests it just
        # cut off (a long-poll), where a client should see the connection end.
        for task in background:
            task.cancel()
        if snapshots is not None:
            snapshots.stop()

    app = FastAPI(title="Fieldbook server", version=str(PROTOCOL_VERSION), lifespan=lifespan)
    app.state.sessions = sessions
    app.state.feed_signal = feed_signal
    app.state.writers = threading.Lock()
    app.state.settings = settings
    app.state.clock = clock
    # The last added runs first: the version check, then the body limit, then compression,
    # then the API key log.
    # Level 1: a pull page's JSON shrinks about 5-fold either way; level 9 (the default) makes
    # it only a sixth smaller still, for five times the server's time per page.
    app.add_middleware(KeyLog)  # innermost: logs the status the routes answered
    # A snapshot file is zstd already, and its byte ranges must be the file's own.
    app.add_middleware(
        GZipMiddleware,
        minimum_size=1000,
        compresslevel=GZIP_LEVEL,
        exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, snapshot_api.MEDIA_TYPE),
    )
    app.add_middleware(
        BodyLimit,
        max_bytes=app.state.settings.max_body_bytes,
        larger={connect_api.IMPORT_PREFIX: MAX_IMPORT_BYTES},
    )
    app.add_middleware(ProtocolVersion)
    install_error_handlers(app)
    app.include_router(router)
    app.include_router(connect_api.router)
    app.include_router(system_api.router)
    app.include_router(external_api.router)
    app.include_router(report_api.router)
    app.include_router(admin_api.router)
    app.include_router(snapshot_api.router)
    return app
