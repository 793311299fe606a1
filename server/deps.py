"""FastAPI dependencies: the app's session factories and the signed-in user."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from server import auth
from server.db import Sessions
from server.scope import Principal

_bearer = HTTPBearer(auto_error=False, description="The access token from sign-in.")


def get_sessions(request: Request) -> Sessions:
    sessions: Sessions = request.app.state.sessions
    return sessions


SessionsDep = Annotated[Sessions, Depends(get_sessions)]


def current_principal(
    sessions: SessionsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The user whose bearer token came with the request; 401 without a valid one."""
    if credentials is None:
        raise auth.unauthorized("Sign in first: this needs an access token.")
    with sessions.read() as session:
        principal = auth.principal_for_token(
            session, credentials.credentials, dt.datetime.now(dt.UTC)
        )
    if principal is None:
        raise auth.unauthorized("The access token is unknown or has expired; sign in again.")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
