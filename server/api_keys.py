"""Keys that other systems (a web site's enquiry form, an ERP) use to call the inbound API.

A key is shown once, when an admin creates it; the server keeps only its SHA-256, so a copy of
the database lets nobody call in. A revoked key stays listed, so its name is not reused by
mistake.

A key grants scopes (`SCOPES`: read the feed, write records by external id, send web
enquiries) and reaches some territories, or every territory when none were given. Keys made
before scopes existed could only send enquiries, so they keep just that, in every territory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.tables import ApiKey, Territory

KEY_PREFIX = "fbk_"
MAX_NAME = 100
SCOPES = ("read", "write", "enquiry")
# What a key may do when its creator names no scope: what every key could do before scopes.
DEFAULT_SCOPES = ("enquiry",)
# How a key's writes are attributed where a push names its client (`field_writers`): client ids
# are UUIDs, so no client can pass for a key.
_WRITER_PREFIX = "key:"


class ApiKeyError(ValueError):
    """A key cannot be created or revoked as asked; the message says why in a sentence."""


@dataclass(frozen=True)
class KeyGrant:
    """What a live key may do: its scopes, and the territories it reaches (None: all)."""

    name: str
    scopes: frozenset[str]
    territory_ids: frozenset[str] | None

    def reaches(self, territory_id: str | None) -> bool:
        """Whether records of `territory_id` (None: everyone's) are within the key's reach."""
        return self.territory_ids is None or territory_id in self.territory_ids


@dataclass(frozen=True)
class KeyInfo:
    name: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    scopes: tuple[str, ...]
    territories: tuple[str, ...] | None  # territory keys; None: every territory


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create(
    session: Session,
    name: str,
    scopes: Iterable[str] = DEFAULT_SCOPES,
    territory_keys: Iterable[str] = (),
) -> str:
    """A new key called `name` granting `scopes` in the territories with `territory_keys`
    (none: every territory); returns the key itself, which is not stored."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise ApiKeyError(f"A key needs a name of 1 to {MAX_NAME} characters.")
    if session.scalar(select(ApiKey.id).where(ApiKey.name == name)) is not None:
        raise ApiKeyError(f"A key named {name!r} exists already; choose another name.")
    wanted = set(scopes)
    if not wanted or not wanted <= set(SCOPES):
        raise ApiKeyError(f"A key needs one or more of the scopes {', '.join(SCOPES)}.")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiKey(
            name=name,
            key_hash=_digest(key),
            created_at=dt.datetime.now(dt.UTC),
            scopes=sorted(wanted, key=SCOPES.index),
            territory_ids=_territory_ids(session, territory_keys),
        )
    )
    return key


def _territory_ids(session: Session, keys: Iterable[str]) -> list[str] | None:
    wanted = sorted(set(keys))
    if not wanted:
        return None
    found = dict(
        session.execute(
            select(Territory.key, Territory.id).where(
                Territory.key.in_(wanted), Territory.deleted.is_(False)
            )
        ).all()
    )
    for key in wanted:
        if key not in found:
            raise ApiKeyError(f"No territory has the key {key!r}.")
    return sorted(found.values())


def listed(session: Session) -> list[KeyInfo]:
    keys = dict(session.execute(select(Territory.id, Territory.key)).all())
    rows = session.scalars(select(ApiKey).order_by(ApiKey.name))
    return [
        KeyInfo(
            row.name,
            row.created_at,
            row.revoked_at,
            tuple(row.scopes),
            None
            if row.territory_ids is None
            else tuple(sorted(keys.get(i, i) for i in row.territory_ids)),
        )
        for row in rows
    ]


def revoke(session: Session, name: str) -> None:
    row = session.scalar(select(ApiKey).where(ApiKey.name == name))
    if row is None:
        raise ApiKeyError(f"There is no key named {name!r}.")
    if row.revoked_at is None:
        row.revoked_at = dt.datetime.now(dt.UTC)


def grant_of_valid_key(session: Session, key: str) -> KeyGrant | None:
    """What the live key `key` may do, or None when it is unknown or revoked."""
    row = session.scalar(
        select(ApiKey).where(ApiKey.key_hash == _digest(key), ApiKey.revoked_at.is_(None))
    )
    if row is None:
        return None
    territories = None if row.territory_ids is None else frozenset(row.territory_ids)
    return KeyGrant(row.name, frozenset(row.scopes), territories)


def writer_id(name: str) -> str:
    """The writer id of the key called `name`, where a push names its client id."""
    return _WRITER_PREFIX + name


def key_of_writer(writer: str | None) -> str | None:
    """The name of the key a writer id stands for, or None for a client or the server."""
    if writer is None or not writer.startswith(_WRITER_PREFIX):
        return None
    return writer.removeprefix(_WRITER_PREFIX)
