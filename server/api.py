"""The HTTP API: thin routes over push, pull and sign-in."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query
from fastapi.middleware.gzip import GZipMiddleware
from sqlalchemy import Engine

from server import auth, connect_api, feed
from server.db import make_sessions
from server.deps import CurrentPrincipal, SessionsDep
from server.errors import install_error_handlers
from server.pull import pull
from server.push import push
from server.users import user_info
from sync import protocol

router = APIRouter()


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.post(protocol.TOKEN_PATH)
def sign_in(body: protocol.TokenRequest, sessions: SessionsDep) -> protocol.TokenResponse:
    with sessions.write.begin() as session:
        return auth.sign_in(session, body, dt.datetime.now(dt.UTC))


@router.get(protocol.ME_PATH)
def me(principal: CurrentPrincipal) -> protocol.UserInfo:
    return user_info(principal)


@router.post(protocol.PUSH_PATH)
def push_mutations(
    body: protocol.PushRequest, principal: CurrentPrincipal, sessions: SessionsDep
) -> protocol.PushResponse:
    with feed.write_transaction(sessions.write) as session:
        return push(session, principal, body)


@router.get(protocol.PULL_PATH)
def pull_changes(
    principal: CurrentPrincipal,
    sessions: SessionsDep,
    cursor: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=protocol.MAX_PULL_PAGE)] = protocol.DEFAULT_PULL_PAGE,
) -> protocol.PullResponse:
    with sessions.read.begin() as session:
        return pull(session, principal, cursor, limit)


def create_app(engine: Engine) -> FastAPI:
    """The API over `engine`, whose schema must exist (`db.create_schema`)."""
    app = FastAPI(title="Fieldbook server", version=str(protocol.PROTOCOL_VERSION))
    app.state.sessions = make_sessions(engine)
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    install_error_handlers(app)
    app.include_router(router)
    app.include_router(connect_api.router)
    return app
