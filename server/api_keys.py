"""Keys that other systems (a web site's enquiry form) use to call the inbound API.

A key is shown once, when an admin creates it; the server keeps only its SHA-256, so a copy of
the database lets nobody call in. A revoked key stays listed, so its name is not reused by
mistake.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.tables import ApiKey

KEY_PREFIX = "fbk_"
MAX_NAME = 100


class ApiKeyError(ValueError):
    """A key cannot be created or revoked as asked; the message says why in a sentence."""


@dataclass(frozen=True)
class KeyInfo:
    name: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create(session: Session, name: str) -> str:
    """A new key called `name`; returns the key itself, which is not stored."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise ApiKeyError(f"A key needs a name of 1 to {MAX_NAME} characters.")
    if session.scalar(select(ApiKey.id).where(ApiKey.name == name)) is not None:
        raise ApiKeyError(f"A key named {name!r} exists already; choose another name.")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiKey(name=name, key_hash=_digest(key), created_at=dt.datetime.now(dt.UTC)))
    return key


def listed(session: Session) -> list[KeyInfo]:
    rows = session.scalars(select(ApiKey).order_by(ApiKey.name))
    return [KeyInfo(row.name, row.created_at, row.revoked_at) for row in rows]


def revoke(session: Session, name: str) -> None:
    row = session.scalar(select(ApiKey).where(ApiKey.name == name))
    if row is None:
        raise ApiKeyError(f"There is no key named {name!r}.")
    if row.revoked_at is None:
        row.revoked_at = dt.datetime.now(dt.UTC)


def name_of_valid_key(session: Session, key: str) -> str | None:
    """The name of the live key `key`, or None when it is unknown or revoked."""
    row = session.scalar(
        select(ApiKey).where(ApiKey.key_hash == _digest(key), ApiKey.revoked_at.is_(None))
    )
    return row.name if row is not None else None
