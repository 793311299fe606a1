"""Small facts of the replica kept in sync_state: client id, next mutation seq, cursor, the
identity of the feed the cursor belongs to, user."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from local_store.models import SyncState

CLIENT_ID = "client_id"
NEXT_SEQ = "next_seq"
CURSOR = "cursor"
FEED = "feed"  # the identity of the server's feed the cursor belongs to
LAST_SYNC = "last_sync_at"
ME = "me"
DEFAULT_REGION = "default_region"  # the server-wide region of phone numbers, from sign-in
SCOPE = "scope"  # the territories of the last pulled page
# The version of the search-key rules (`search_keys.SEARCH_KEYS_VERSION`) the replica's keys
# were made with, set when a whole territory has been loaded: a replica file made elsewhere (a
# territory snapshot) is installed only when it equals this client's.
SEARCH_KEYS = "search_keys"


def get(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(SyncState, key)
    return default if row is None else row.value


def put(session: Session, key: str, value: Any) -> None:
    session.merge(SyncState(key=key, value=value))


def client_id(session: Session) -> str:
    """This replica's id towards the server, made on first use."""
    value = get(session, CLIENT_ID)
    if value is None:
        value = str(uuid.uuid4())
        put(session, CLIENT_ID, value)
    return str(value)


def new_client_id(session: Session) -> str:
    """A new id towards the server, whose mutation numbers start again at 1."""
    value = str(uuid.uuid4())
    put(session, CLIENT_ID, value)
    put(session, NEXT_SEQ, 1)
    return value


def take_seq(session: Session) -> int:
    """The next mutation number: grows by one with every local change, never reused."""
    seq = int(get(session, NEXT_SEQ, 1))
    put(session, NEXT_SEQ, seq + 1)
    return seq
