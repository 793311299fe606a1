"""Sign-in: passwords checked against their argon2 hashes, throttled after failures
(`server.throttle`), a session opened on success (`server.tokens`)."""

from __future__ import annotations

import datetime as dt
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from protocol.auth import TokenRequest, TokenResponse
from server import throttle, tokens
from server.database import Sessions
from server.settings import ServerSettings
from server.tables import User

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


def sign_in(
    sessions: Sessions,
    request: TokenRequest,
    address: str | None,
    settings: ServerSettings,
    now: dt.datetime,
) -> TokenResponse:
    """A new session for a valid user name and password; 429 while throttled, 401 otherwise.

    The slow password check runs outside any transaction.
    """
    keys = throttle.keys_for(request.username, address, settings)
    with sessions.read() as session:
        throttle.check(session, keys, now)
        user = session.scalar(
            select(User).where(User.name == request.username, User.deleted.is_(False))
        )
    matches = verify_password(user.password_hash if user else None, request.password)
    with sessions.write.begin() as session:
        if user is None or not matches:
            throttle.record_failure(session, keys, now)
            answer = None
        else:
            throttle.reset(session, keys[0])
            answer = tokens.open_session(session, session.get_one(User, user.id), settings, now)
    if answer is None:
        raise tokens.unauthorized(BAD_CREDENTIALS)
    return answer
