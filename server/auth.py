"""Sign-in: passwords checked against their argon2 hashes, throttled after failures
(`server.throttle`), a session opened on success (`server.tokens`)."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from protocol.auth import TokenRequest, TokenResponse
from server import throttle, tokens
from server.database import Sessions
from server.settings import ServerSettings
from server.tables import User

BAD_CREDENTIALS = "The user name or password is wrong."
# How long an attempt waits for a free password-check slot before it is answered 429.
SLOT_WAIT_SECONDS = 10.0

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when there is no hash, so every failure takes the same time."""
    return _hasher.hash(secrets.token_urlsafe(16))


@cache
def _slots(size: int) -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(size)


def password_check_slots(settings: ServerSettings) -> threading.BoundedSemaphore:
    """The slots for password checks in this process: a burst cannot run more argon2 checks
    (64 MiB each) at once than there are slots."""
    return _slots(settings.concurrent_password_checks)


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
    """A new session for a valid user name and password; 429 while throttled or when no
    password check can run now, 401 otherwise.

    The attempt is counted before the password is checked (`server.throttle`); the slow check
    runs outside any transaction, in one of a few slots.
    """
    keys = throttle.keys_for(request.username, address, settings)
    with _busy_as_429(), sessions.write.begin() as session:
        throttle.count_attempt(session, keys, now)
        user = session.scalar(
            select(User).where(User.name == request.username, User.deleted.is_(False))
        )
        user_id, password_hash = (user.id, user.password_hash) if user else (None, None)
    slots = password_check_slots(settings)
    if not slots.acquire(timeout=SLOT_WAIT_SECONDS):
        with _busy_as_429(), sessions.write.begin() as session:
            throttle.take_back(session, keys, now)
        raise throttle.busy()
    try:
        matches = verify_password(password_hash, request.password)
    finally:
        slots.release()
    if user_id is None or not matches:
        raise tokens.unauthorized(BAD_CREDENTIALS)
    with _busy_as_429(), sessions.write.begin() as session:
        throttle.succeeded(session, keys, now)
        return tokens.open_session(session, session.get_one(User, user_id), settings, now)


@contextmanager
def _busy_as_429() -> Iterator[None]:
    """SQLite's writers waited longer than its busy timeout: a burst, answered like one."""
    try:
        yield
    except OperationalError as exc:
        if "locked" not in str(exc.orig):
            raise
        raise throttle.busy() from exc
