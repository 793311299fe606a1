"""Signed-in sessions: access tokens, refresh tokens with rotation, and sign-out.

Sign-in opens a session and hands out an access token (short-lived, sent with every call) and a
refresh token (longer-lived, kept in the client's keyring). A refresh exchanges the refresh
token for a new pair; the old one is marked used. Presenting a used refresh token again means
someone holds a copy (stolen, or replayed): the whole session ends, so neither the thief nor
the owner can go on with it, and the owner signs in again.

Tokens are random strings given to the client once; the server keeps only their SHA-256, so a
copy of the database signs nobody in. All state is in the database, so any server process of a
deployment accepts the tokens of any other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from typing import Any

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from protocol.auth import TokenResponse
from server.api_error import ApiError
from server.scope import Principal
from server.settings import ServerSettings
from server.tables import AccessToken, RefreshToken, User, UserTerritory
from server.users import make_principal, principal_of, user_info

EXPIRED = "token_expired"
DISABLED_MESSAGE = (
    "Your Fieldbook account is disabled. Ask your IT department; what you have not synced yet "
    "stays on this computer."
)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def unauthorized(message: str, error: str = "unauthorized") -> ApiError:
    return ApiError(401, error, message, headers={"WWW-Authenticate": "Bearer"})


def disabled() -> ApiError:
    """The answer to every call of a disabled user (their tokens included)."""
    return ApiError(403, "account_disabled", DISABLED_MESSAGE)


def open_session(
    session: Session, user: User, settings: ServerSettings, now: dt.datetime
) -> TokenResponse:
    """A new signed-in session of `user` (after a good password)."""
    _forget_expired(session, user.id, settings, now)
    user.last_sign_in_at = now
    return _issue(session, user, str(uuid.uuid4()), settings, now)


def refresh(
    session: Session, refresh_token: str, settings: ServerSettings, now: dt.datetime
) -> TokenResponse | ApiError:
    """A new token pair for a valid, unused refresh token, else the 401 to answer.

    The error is returned, not raised, because the caller must still commit: a reused token
    ends its session. The token is marked used with one conditional UPDATE, so of two
    concurrent refreshes with the same token (also in two server processes) only one succeeds.
    """
    row = session.get(RefreshToken, digest(refresh_token))
    user = session.get(User, row.user_id) if row is not None else None
    if row is None or user is None or user.deleted or row.expires_at <= now:
        return unauthorized("The sign-in has expired; sign in again.")
    if user.disabled:
        return disabled()
    claimed: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(RefreshToken)
        .where(RefreshToken.token_hash == row.token_hash, RefreshToken.used.is_(False))
        .values(used=True)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        end_session(session, row.session_id)
        return unauthorized(
            "This sign-in was already renewed with the same token, so it was ended to be "
            "safe; sign in again."
        )
    _forget_expired(session, user.id, settings, now)
    return _issue(session, user, row.session_id, settings, now)


def sign_out(session: Session, refresh_token: str) -> None:
    """End the session of `refresh_token`: none of its tokens works any more. Unknown: no-op."""
    row = session.get(RefreshToken, digest(refresh_token))
    if row is not None:
        end_session(session, row.session_id)


def end_session(session: Session, session_id: str) -> None:
    session.execute(delete(AccessToken).where(AccessToken.session_id == session_id))
    session.execute(delete(RefreshToken).where(RefreshToken.session_id == session_id))


def end_user_sessions(session: Session, user_id: str) -> None:
    """End every session of the user: none of their tokens works any more."""
    session.execute(delete(AccessToken).where(AccessToken.user_id == user_id))
    session.execute(delete(RefreshToken).where(RefreshToken.user_id == user_id))


def principal_for(session: Session, access_token: str, now: dt.datetime) -> Principal:
    """Who holds `access_token`; 401 when it is unknown, expired or its user was deleted,
    403 while its user is disabled.

    Every request asks this first, so it is one query: the token, its user and the user's
    territories (one row each, or one row with none).
    """
    rows = session.execute(
        select(
            AccessToken.expires_at,
            User.id,
            User.name,
            User.display_name,
            User.role,
            User.disabled,
            UserTerritory.territory_id,
        )
        .join(User, User.id == AccessToken.user_id)
        .outerjoin(UserTerritory, UserTerritory.user_id == User.id)
        .where(AccessToken.token_hash == digest(access_token), User.deleted.is_(False))
    ).all()
    if not rows:
        raise unauthorized("The access token is unknown; sign in again.")
    expires_at, user_id, name, display_name, role, is_disabled, _ = rows[0]
    if is_disabled:
        raise disabled()
    if expires_at <= now:
        raise unauthorized("The access token has expired; refresh it.", EXPIRED)
    territories = (row.territory_id for row in rows if row.territory_id is not None)
    return make_principal(user_id, name, display_name, role, territories)


def _issue(
    session: Session, user: User, session_id: str, settings: ServerSettings, now: dt.datetime
) -> TokenResponse:
    access, refresh_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires_at = now + settings.access_token_lifetime
    refresh_expires_at = now + settings.refresh_token_lifetime
    session.add(
        AccessToken(
            token_hash=digest(access), session_id=session_id, user_id=user.id, expires_at=expires_at
        )
    )
    session.add(
        RefreshToken(
            token_hash=digest(refresh_token),
            session_id=session_id,
            user_id=user.id,
            expires_at=refresh_expires_at,
            used=False,
        )
    )
    return TokenResponse(
        access_token=access,
        expires_at=expires_at,
        refresh_token=refresh_token,
        refresh_expires_at=refresh_expires_at,
        user=user_info(principal_of(session, user), session),
    )


def _forget_expired(
    session: Session, user_id: str, settings: ServerSettings, now: dt.datetime
) -> None:
    """Drop the user's dead tokens. Access tokens are kept one lifetime past their expiry, so
    a client holding one hears "expired" (and refreshes) rather than "unknown"."""
    session.execute(
        delete(AccessToken).where(
            AccessToken.user_id == user_id,
            AccessToken.expires_at <= now - settings.access_token_lifetime,
        )
    )
    # Used refresh tokens stay until they expire: any of them coming back reveals a copy.
    session.execute(
        delete(RefreshToken).where(RefreshToken.user_id == user_id, RefreshToken.expires_at <= now)
    )
