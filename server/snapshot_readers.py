"""The service users the snapshot builder syncs as: one per scope, reading that scope only.

A reader is not a `user` record (it would then be in every replica's catalogue and every
count): it lives in `snapshot_reader`, has no name or password anyone could sign in with, and
holds only the short-lived tokens the server hands to one run of the builder. Those tokens are
taken by the reading sync routes alone (`reading_principal`: pull and counts); every other
route finds them unknown (401), so a reader can neither write nor see anything but its scope.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from protocol.entities import Role
from protocol.snapshots import scope_key
from server.scope import Principal
from server.tables import SnapshotReader, SnapshotReaderToken
from server.tokens import digest, unauthorized

# The role a reader's principal carries: the routes that take its tokens read only, and by
# territory, like a rep's pull.
READER_ROLE: Role = "rep"


def ensure_reader(session: Session, territories: Iterable[str]) -> SnapshotReader:
    """The service user of the scope of `territories`, made if it does not exist yet."""
    ids = sorted(set(territories))
    key = scope_key(ids)
    reader = session.scalar(select(SnapshotReader).where(SnapshotReader.scope == key))
    if reader is None:
        reader = SnapshotReader(id=str(uuid.uuid4()), scope=key, territories=ids)
        session.add(reader)
        session.flush()
    return reader


def issue_token(
    session: Session, reader: SnapshotReader, now: dt.datetime, lifetime: dt.timedelta
) -> str:
    """A new access token of `reader`, valid for `lifetime`; expired ones of it are dropped."""
    session.execute(
        delete(SnapshotReaderToken).where(
            SnapshotReaderToken.reader_id == reader.id, SnapshotReaderToken.expires_at <= now
        )
    )
    token = secrets.token_urlsafe(32)
    session.add(
        SnapshotReaderToken(
            token_hash=digest(token), reader_id=reader.id, expires_at=now + lifetime
        )
    )
    return token


def revoke(session: Session, token: str) -> None:
    """End `token` (its build is over)."""
    session.execute(
        delete(SnapshotReaderToken).where(SnapshotReaderToken.token_hash == digest(token))
    )


def principal_for(session: Session, token: str, now: dt.datetime) -> Principal | None:
    """The reader holding `token` (None: not a reader's token); 401 once it has expired."""
    row = session.execute(
        select(SnapshotReaderToken.expires_at, SnapshotReader.id, SnapshotReader.territories)
        .join(SnapshotReader, SnapshotReader.id == SnapshotReaderToken.reader_id)
        .where(SnapshotReaderToken.token_hash == digest(token))
    ).first()
    if row is None:
        return None
    expires_at, reader_id, territories = row
    if expires_at <= now:
        raise unauthorized("The snapshot builder's token has expired.")
    return Principal(
        user_id=reader_id,
        name=f"snapshot-reader-{reader_id}",
        display_name="Snapshot builder",
        role=READER_ROLE,
        territories=frozenset(territories),
    )
