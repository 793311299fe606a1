"""Sign-in throttling: failed sign-ins in a row lock sign-in for a while, with a lock that doubles
with every further failure (`settings.Throttle`), per user name on one client address, per user
name from anywhere (a slower limit) and per client address.

Every attempt is counted *before* its password is checked, in the transaction that checks the
locks, with the counters' rows locked (`FOR UPDATE`): as being checked (`pending`) until its
password proves right or wrong. No more attempts of a key are checked at once than may still
fail before it locks; the others wait their turn. So a burst of parallel guesses cannot slip past
the count while the slow password checks run, a burst of good sign-ins all get in, and all
server processes of a deployment count together (`SignInFailures`). A locked key is answered
with 429 and Retry-After before the password is even looked at. A good password starts the
user's count on that address again; the others do not count it. An address's count only fades
(`Throttle.forget_after`), or one account of an attacker would clear the way for guessing at all
the others from there.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.api_error import ApiError
from server.settings import ServerSettings, Throttle
from server.tables import SignInFailures

# Retry-After when every password-check slot was busy: a moment, not a lock-out.
BUSY_RETRY_SECONDS = 2
# Attempts counted as being checked for longer than this were lost with their server process.
STALE_PENDING = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Key:
    """One thing sign-in attempts are counted for."""

    name: str
    throttle: Throttle


def keys_for(username: str, address: str | None, settings: ServerSettings) -> list[Key]:
    """The user on this address first (the key a good password resets), then the user from
    anywhere and the address."""
    keys = [
        Key(f"user:{username}@{address or '-'}", settings.user_throttle),
        Key("user:" + username, settings.user_overall_throttle),
    ]
    if address:
        keys.append(Key("address:" + address, settings.address_throttle))
    return keys


class AttemptsInFlight(Exception):  # noqa: N818 (a state to wait out, not an error)
    """As many attempts of a key as may still fail before it locks are being checked right
    now: this one waits for them (it could be the one past the limit)."""


def count_attempt(session: Session, keys: list[Key], now: dt.datetime) -> None:
    """Count one attempt for every key as being checked; 429 with Retry-After (and nothing
    counted) while any of them is locked, AttemptsInFlight while it has to wait its turn."""
    rows = _locked_rows(session, keys, now)
    locked_until = [
        row.locked_until for row in rows.values() if row.locked_until and row.locked_until > now
    ]
    if locked_until:
        wait = max(1, math.ceil((max(locked_until) - now).total_seconds()))
        raise throttled(f"Too many failed sign-ins; try again in {wait} seconds.", wait)
    for key in keys:
        row = rows[key.name]
        if row.pending_since is None or now - row.pending_since > STALE_PENDING:
            row.pending = 0  # a server process died while checking
        if row.pending >= _free_attempts(key.throttle, _recent_failures(key.throttle, row, now)):
            raise AttemptsInFlight(key.name)
    for key in keys:
        row = rows[key.name]
        row.pending += 1
        row.pending_since = now


def failed(session: Session, keys: list[Key], now: dt.datetime) -> None:
    """The checked password was wrong: the attempt is a failure of every key, locking those
    that had too many."""
    for key, row in zip(keys, _locked_rows(session, keys, now).values(), strict=True):
        row.pending = max(row.pending - 1, 0)
        row.failures = _recent_failures(key.throttle, row, now) + 1
        row.last_failure_at = now
        lockout = key.throttle.lockout(row.failures)
        row.locked_until = now + lockout if lockout else None


def take_back(session: Session, keys: list[Key], now: dt.datetime) -> None:
    """The counted attempt was not a failure (a good password, or no password check ran)."""
    for row in _locked_rows(session, keys, now).values():
        row.pending = max(row.pending - 1, 0)


def succeeded(session: Session, keys: list[Key], now: dt.datetime) -> None:
    """A good password: the user's count on this address starts again; the others forget
    this attempt."""
    rows = _locked_rows(session, keys, now)
    for row in rows.values():
        row.pending = max(row.pending - 1, 0)
    user_here = rows[keys[0].name]
    user_here.failures = 0
    user_here.locked_until = None


def _recent_failures(throttle: Throttle, row: SignInFailures, now: dt.datetime) -> int:
    return row.failures if now - row.last_failure_at < throttle.forget_after else 0


def _free_attempts(throttle: Throttle, failures: int) -> int:
    """How many attempts may be checked at once: as many as may still fail before the key
    locks, and one at a time once it has locked before (each further failure locks longer)."""
    return max(throttle.free_failures - failures, 1)


def throttled(message: str, wait: int) -> ApiError:
    return ApiError(429, "throttled", message, headers={"Retry-After": str(wait)})


def busy() -> ApiError:
    """The answer when this server cannot check another password now."""
    return throttled(
        f"Too many sign-ins at once; try again in {BUSY_RETRY_SECONDS} seconds.",
        BUSY_RETRY_SECONDS,
    )


def _locked_rows(session: Session, keys: list[Key], now: dt.datetime) -> dict[str, SignInFailures]:
    """The counters of `keys` (created if missing), locked for this transaction, by key name in
    the order of `keys`. They are locked in name order, so two attempts never wait on each
    other crosswise."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    for key in keys:
        session.execute(
            dialect.insert(SignInFailures)
            .values(key=key.name, failures=0, last_failure_at=now, locked_until=None, pending=0)
            .on_conflict_do_nothing(index_elements=[SignInFailures.key])
        )
    names = sorted(key.name for key in keys)
    rows = session.scalars(
        select(SignInFailures)
        .where(SignInFailures.key.in_(names))
        .order_by(SignInFailures.key)
        .with_for_update()
    ).all()
    by_name = {row.key: row for row in rows}
    return {key.name: by_name[key.name] for key in keys}
