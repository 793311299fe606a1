"""Sign-in throttling: failed sign-ins in a row lock sign-in for a while, per user name and per
client address, with a lock that doubles with every further failure (`settings.Throttle`).

The counts live in the database (`SignInFailures`), so all server processes of a deployment
count together. A locked key is answered with 429 and Retry-After before the password is even
looked at, so a locked account cannot be guessed at. A good password resets the user name's
count; an address's count only fades (`Throttle.forget_after`), or one account of an attacker
would clear the way for guessing at all the others from the same address.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.errors import ApiError
from server.settings import ServerSettings, Throttle
from server.tables import SignInFailures


@dataclass(frozen=True)
class Key:
    """One thing sign-in failures are counted for."""

    name: str
    throttle: Throttle


def keys_for(username: str, address: str | None, settings: ServerSettings) -> list[Key]:
    keys = [Key("user:" + username, settings.user_throttle)]
    if address:
        keys.append(Key("address:" + address, settings.address_throttle))
    return keys


def check(session: Session, keys: list[Key], now: dt.datetime) -> None:
    """Raise 429 with Retry-After (seconds) while any of `keys` is locked."""
    locked_until = session.scalars(
        select(SignInFailures.locked_until).where(
            SignInFailures.key.in_([key.name for key in keys]), SignInFailures.locked_until > now
        )
    ).all()
    if not locked_until:
        return
    wait = max(1, math.ceil((max(v for v in locked_until if v) - now).total_seconds()))
    raise ApiError(
        429,
        "throttled",
        f"Too many failed sign-ins; try again in {wait} seconds.",
        headers={"Retry-After": str(wait)},
    )


def record_failure(session: Session, keys: list[Key], now: dt.datetime) -> None:
    """Count one more failure for each key, locking those that had too many.

    The row is created if missing, then locked (`FOR UPDATE`), so concurrent failures in
    several processes are all counted.
    """
    for key in keys:
        _ensure_row(session, key.name, now)
        row = session.scalars(
            select(SignInFailures).where(SignInFailures.key == key.name).with_for_update()
        ).one()
        recent = now - row.last_failure_at < key.throttle.forget_after
        row.failures = row.failures + 1 if recent else 1
        row.last_failure_at = now
        lockout = key.throttle.lockout(row.failures)
        row.locked_until = now + lockout if lockout else None


def reset(session: Session, key: Key) -> None:
    session.execute(delete(SignInFailures).where(SignInFailures.key == key.name))


def _ensure_row(session: Session, key: str, now: dt.datetime) -> None:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(SignInFailures)
        .values(key=key, failures=0, last_failure_at=now, locked_until=None)
        .on_conflict_do_nothing(index_elements=[SignInFailures.key])
    )
