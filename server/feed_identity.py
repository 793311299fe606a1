"""The feed's identity: which history of the change feed a client's cursor belongs to.

A restore from a backup takes the server back in time. The feed then goes on from the backup's
position, and new changes take positions that clients which synced after the backup already
passed: a cursor alone no longer says what a client has seen. So the feed has an identity
(`feed_id`, a random id, and `feed_since`, the position its history began from), named in every
pull answer. A client whose identity differs starts again from cursor 0, and offers again what
it holds from after `feed_since`, which the restored server may not know (docs/sync-protocol.md,
"Feed identity").

A new database gets an identity when its schema is made. A restored one must get a new one
before it serves anybody, or it would pass for the history it was copied from:

- PostgreSQL (pg_dump, then pg_restore into a new or emptied database): the restore makes every
  table anew, and PostgreSQL gives each new table a new object id. `settle`, run by every
  `fieldbook-server` command before its work, compares the database's and the feed table's
  object ids with those recorded at the last start, and gives the feed a new identity when they
  differ. A file-level copy of the cluster (a base backup, a snapshot, a failover to a lagging
  standby) keeps the object ids and is not noticed: after one, run `fieldbook-server restore`
  (with no file), which gives the feed a new identity as it is.
- SQLite (a copy of the file): a copy holds the same bytes as its original, and nothing the
  server can see from outside tells them apart (even the inode number: on ext4 a copy
  installed over the file kept it). So the file is put back with `fieldbook-server restore
  FILE`, which copies it in through SQLite's backup API and gives it a new identity.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session

from server import feed
from server.database import make_sessions
from server.tables import FeedCounter

logger = logging.getLogger(__name__)


def new_feed_id() -> str:
    return str(uuid.uuid4())


def settle(engine: Engine) -> None:
    """Give the feed a new identity if the database is not the one the server last started
    on (PostgreSQL; see the module docstring), and remember this one. A database without the
    schema (`serve --no-migrate` before any `migrate`) has no feed to settle."""
    if not inspect(engine).has_table(FeedCounter.__tablename__):
        return
    with feed.write_transaction(make_sessions(engine).write) as session:
        counter = session.get_one(FeedCounter, 1)
        instance = _instance(session)
        if counter.instance is not None and counter.instance != instance:
            logger.warning(
                "the database was restored or copied (%s, was %s)", instance, counter.instance
            )
            renew(session)
        counter.instance = instance


def renew(session: Session) -> None:
    """A new identity for the feed, beginning at its current head. The caller holds the feed
    lock (`feed.write_transaction`)."""
    counter = session.get_one(FeedCounter, 1)
    counter.feed_id = new_feed_id()
    counter.feed_since = counter.value
    logger.warning(
        "the change feed has a new identity %s from position %d; clients will resync",
        counter.feed_id,
        counter.feed_since,
    )


def _instance(session: Session) -> str:
    """What tells this database from a restored copy of it: on PostgreSQL the object ids of the
    database and of the feed's table; on SQLite nothing (see the module docstring)."""
    if session.get_bind().dialect.name != "postgresql":
        return "sqlite"
    database, table = session.execute(
        text(
            "SELECT (SELECT oid FROM pg_database WHERE datname = current_database()), "
            "'feed_counter'::regclass::oid"
        )
    ).one()
    return f"postgresql database {database} table {table}"
