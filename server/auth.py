"""Sign-in: passwords checked against their argon2 hashes, throttled after failures
(`server.throttle`), a session opened on success (`server.tokens`)."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from protocol.auth import PasswordChangeRequest, TokenRequest, TokenResponse
from server import directory, feed, throttle, tokens, users
from server.api_error import ApiError
from server.database import Sessions
from server.settings import ServerSettings
from server.tables import User

BAD_CREDENTIALS = "The user name or password is wrong."
CHANGE_REQUIRED = (
    "This password was given by IT for one sign-in only; choose a new password to go on."
)
SAME_PASSWORD = "The new password must differ from the current one."
DIRECTORY_DOWN = "The company directory cannot be reached; try again in a few minutes."
NOT_IN_FIELDBOOK = "Your company account does not give you Fieldbook; ask your IT department."
DIRECTORY_PASSWORD = "Your password is kept by the company directory; change it there."
# How long an attempt waits for a free password-check slot, or its turn behind the attempts of
# the same user being checked, before it is answered 429; and how often it looks.
SLOT_WAIT_SECONDS = 10.0
TURN_POLL_SECONDS = 0.05

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
    password check can run now, 401 for a wrong password, 403 for a disabled user or a
    one-time password that must first be changed (`change_password`)."""
    user_id = _checked_password(
        sessions, request.username, request.password, address, settings, now
    )
    with _busy_as_429(), sessions.write.begin() as session:
        user = session.get_one(User, user_id)
        if user.disabled:
            raise tokens.disabled()
        if user.must_change_password:
            raise ApiError(403, "password_change_required", CHANGE_REQUIRED, field="password")
        return tokens.open_session(session, user, settings, now)


def change_password(
    sessions: Sessions,
    request: PasswordChangeRequest,
    address: str | None,
    settings: ServerSettings,
    now: dt.datetime,
) -> TokenResponse:
    """Set a new password for a user who gave the current one; every other session of theirs
    ends, and the answer is a new one. Checked and throttled like a sign-in."""
    if request.new_password == request.password:
        raise ApiError(422, "invalid", SAME_PASSWORD, field="new_password")
    user_id = _checked_password(
        sessions, request.username, request.password, address, settings, now
    )
    new_hash = slotted_hash(request.new_password, settings)
    with _busy_as_429(), sessions.write.begin() as session:
        user = session.get_one(User, user_id)
        if user.disabled:
            raise tokens.disabled()
        if user.password_hash is None:
            raise ApiError(403, "forbidden", DIRECTORY_PASSWORD, field="password")
        user.password_hash = new_hash
        user.must_change_password = False
        tokens.end_user_sessions(session, user_id)
        return tokens.open_session(session, user, settings, now)


def _checked_password(
    sessions: Sessions,
    username: str,
    password: str,
    address: str | None,
    settings: ServerSettings,
    now: dt.datetime,
) -> str:
    """The id of the live user `username` whose password `password` is; 429 while throttled or
    busy, 401 otherwise. The attempt is counted before the password is checked
    (`server.throttle`); the slow check runs outside any transaction, in one of a few slots."""
    keys = throttle.keys_for(username, address, settings)
    user_id, password_hash = _counted_attempt(sessions, keys, username, now)
    if password_hash is None and settings.directory is not None:
        return _directory_user(sessions, settings.directory, username, password, keys, now)
    try:
        with _password_check_slot(settings):
            matches = verify_password(password_hash, password)
    except ApiError:
        with _busy_as_429(), sessions.write.begin() as session:
            throttle.take_back(session, keys, now)
        raise
    _settle(sessions, keys, now, passed=user_id is not None and matches)
    if user_id is None or not matches:
        raise tokens.unauthorized(BAD_CREDENTIALS)
    return user_id


def _settle(
    sessions: Sessions, keys: list[throttle.Key], now: dt.datetime, *, passed: bool
) -> None:
    """Record how the counted attempt's password check came out."""
    with _busy_as_429(), sessions.write.begin() as session:
        (throttle.succeeded if passed else throttle.failed)(session, keys, now)


def _counted_attempt(
    sessions: Sessions, keys: list[throttle.Key], username: str, now: dt.datetime
) -> tuple[str | None, str | None]:
    """Count the attempt (waiting its turn behind the attempts being checked, up to
    SLOT_WAIT_SECONDS, then 429); the live user's id and password hash, if there is one."""
    deadline = time.monotonic() + SLOT_WAIT_SECONDS
    while True:
        try:
            with _busy_as_429(), sessions.write.begin() as session:
                throttle.count_attempt(session, keys, now)
                user = session.scalar(
                    select(User).where(User.name == username, User.deleted.is_(False))
                )
                return (user.id, user.password_hash) if user else (None, None)
        except throttle.AttemptsInFlight:
            if time.monotonic() > deadline:
                raise throttle.busy() from None
            time.sleep(TURN_POLL_SECONDS)


def _directory_user(
    sessions: Sessions,
    config: directory.DirectorySettings,
    username: str,
    password: str,
    keys: list[throttle.Key],
    now: dt.datetime,
) -> str:
    """The id of `username` signed in by the company directory, created or brought up to date
    from their groups; 401 for a wrong password, 403 for a person the directory does not give
    Fieldbook, 503 while the directory cannot be reached."""
    from server import directory_bind  # ldap3 only where a directory is configured

    try:
        person = directory_bind.authenticate(config, username, password)
    except directory.DirectoryUnavailableError as exc:
        with _busy_as_429(), sessions.write.begin() as session:
            throttle.take_back(session, keys, now)
        raise ApiError(503, "directory_unavailable", DIRECTORY_DOWN) from exc
    except directory.NotInFieldbookError as exc:
        _settle(sessions, keys, now, passed=True)
        raise ApiError(403, "not_in_fieldbook", NOT_IN_FIELDBOOK) from exc
    _settle(sessions, keys, now, passed=person is not None)
    if person is None:
        raise tokens.unauthorized(BAD_CREDENTIALS)
    with _busy_as_429(), feed.write_transaction(sessions.write) as session:
        try:
            return users.from_directory(session, person)
        except users.UserError as exc:
            raise ApiError(403, "not_in_fieldbook", NOT_IN_FIELDBOOK) from exc


def slotted_hash(password: str, settings: ServerSettings) -> str:
    """The hash of `password`, made in one of the password-check slots (429 when none frees)."""
    with _password_check_slot(settings):
        return hash_password(password)


@contextmanager
def _password_check_slot(settings: ServerSettings) -> Iterator[None]:
    """One of the few slots for argon2 work in this process; 429 when none frees in time."""
    slots = password_check_slots(settings)
    if not slots.acquire(timeout=SLOT_WAIT_SECONDS):
        raise throttle.busy()
    try:
        yield
    finally:
        slots.release()


@contextmanager
def _busy_as_429() -> Iterator[None]:
    """SQLite's writers waited longer than its busy timeout: a burst, answered like one."""
    try:
        yield
    except OperationalError as exc:
        if "locked" not in str(exc.orig):
            raise
        raise throttle.busy() from exc
