"""Passwords and access tokens.

A token is a random string given to the client once; the server keeps only its SHA-256, so a
copy of the database signs nobody in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.errors import ApiError
from server.models import AccessToken, User
from server.scope import Principal
from server.users import principal_of, user_info
from sync.protocol import TokenRequest, TokenResponse

TOKEN_LIFETIME = dt.timedelta(hours=12)
BAD_CREDENTIALS = "The user name or password is wrong."

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when there is no hash, so every failure takes the same time."""
    return _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches `password_hash`; None (no password set) never matches."""
    try:
        matches = _hasher.verify(password_hash or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return matches and password_hash is not None


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def unauthorized(message: str) -> ApiError:
    return ApiError(401, "unauthorized", message, headers={"WWW-Authenticate": "Bearer"})


def sign_in(session: Session, request: TokenRequest, now: dt.datetime) -> TokenResponse:
    """A new access token for a valid user name and password; 401 otherwise."""
    user = session.scalar(
        select(User).where(User.name == request.username, User.deleted.is_(False))
    )
    matches = verify_password(user.password_hash if user else None, request.password)
    if user is None or not matches:
        raise unauthorized(BAD_CREDENTIALS)
    session.execute(
        delete(AccessToken).where(AccessToken.user_id == user.id, AccessToken.expires_at <= now)
    )
    token = secrets.token_urlsafe(32)
    expires_at = now + TOKEN_LIFETIME
    session.add(AccessToken(token_hash=token_digest(token), user_id=user.id, expires_at=expires_at))
    return TokenResponse(
        access_token=token, expires_at=expires_at, user=user_info(principal_of(session, user))
    )


def principal_for_token(session: Session, token: str, now: dt.datetime) -> Principal | None:
    """Who holds `token`, or None when it is unknown, expired or its user was deleted."""
    user = session.scalar(
        select(User)
        .join(AccessToken, AccessToken.user_id == User.id)
        .where(
            AccessToken.token_hash == token_digest(token),
            AccessToken.expires_at > now,
            User.deleted.is_(False),
        )
    )
    return principal_of(session, user) if user is not None else None
