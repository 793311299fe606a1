"""Databases built once per test session (once per xdist worker) and copied for each test.

As Anki's test helpers copy a master collection: a new replica runs its Alembic migrations
(about 75 ms), a new server database its schema migrations and, for sync tests, defaults and
users with argon2 hashes; a copy of a finished file takes about a millisecond.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine

from local_store import migrate
from server.database import make_engine
from server.schema import upgrade


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of the SQLite file `source` at `target` (the online backup: a WAL left
    beside the source is included)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(target)) as copy:
        original.backup(copy)


def migrate_and_fill(url: str, fill: Callable[[Engine], None] = lambda _engine: None) -> str:
    """Bring the server database at `url` to the newest schema, then fill it; returns `url`.
    Every connection is closed afterwards, so PostgreSQL can use it as a template."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        fill(engine)
    finally:
        engine.dispose()
    return url


def server_template(path: Path, fill: Callable[[Engine], None] = lambda _engine: None) -> Path:
    """A SQLite server database at `path` at the newest schema, then filled by `fill`."""
    migrate_and_fill(f"sqlite:///{path}", fill)
    return path


def copied_from(template: Path, url: str) -> bool:
    """Make the database at `url` a copy of `template` if it is a SQLite file that does not
    exist yet; whether it did (False for an existing file or another kind of database)."""
    prefix = "sqlite:///"
    file = Path(url.removeprefix(prefix))
    if not url.startswith(prefix) or file.exists():
        return False
    copy_sqlite(template, file)
    return True


def seeding_is_current(template: Path) -> Callable[..., bool]:
    """`local_store.migrate.is_current` for `local_store.db.Replica`, which first makes a
    replica file that does not exist yet a copy of `template` (an empty replica at the newest
    schema), so opening it finds nothing to migrate."""

    def is_current(path: Path, *args: Path) -> bool:
        if not path.exists():
            copy_sqlite(template, path)
        return migrate.is_current(path, *args)

    return is_current
