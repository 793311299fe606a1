"""Schema migrations of the replica with Alembic, applied whenever a replica is opened.

Before an existing replica is migrated, a copy of it is taken beside it, so an upgrade that goes
wrong never costs a user's unsynced work. A replica written by a newer Fieldbook (a schema
revision this version does not know) is refused before anything touches the file: opening it
read-write would already change it (WAL mode), and the older code could damage it.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


class NewerDatabaseError(Exception):
    """The replica was written by a newer version of Fieldbook; it was left untouched."""

    def __init__(self, path: Path, revisions: list[str]) -> None:
        self.path = path
        self.revisions = revisions
        super().__init__(
            f"The local database {path} was made by a newer version of Fieldbook "
            f"(schema {', '.join(revisions)}). Install that version or a newer one; "
            "the database was left unchanged."
        )


def alembic_config(scripts: Path = MIGRATIONS) -> Config:
    config = Config()
    config.set_main_option("script_location", str(scripts))
    return config


def known_revisions(scripts: Path = MIGRATIONS) -> set[str]:
    script = ScriptDirectory.from_config(alembic_config(scripts))
    return {revision.revision for revision in script.walk_revisions()}


def head_revision(scripts: Path = MIGRATIONS) -> str:
    head = ScriptDirectory.from_config(alembic_config(scripts)).get_current_head()
    assert head is not None, "the replica has migrations"
    return head


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change a byte of the file (no WAL switch, no journal)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def stored_revisions(path: Path) -> list[str]:
    """The schema revisions recorded in a replica file."""
    with closing(_read_only(path)) as connection:
        has_table = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if not has_table:
            return []
        return [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]


def prepare_for_upgrade(path: Path, scripts: Path = MIGRATIONS) -> Path | None:
    """Refuse a newer replica; back up an older one. Returns the backup's path, if one was made.

    Call before the replica is opened for writing. A new or empty file needs neither.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    revisions = stored_revisions(path)
    unknown = sorted(set(revisions) - known_revisions(scripts))
    if unknown:
        raise NewerDatabaseError(path, unknown)
    if not revisions or revisions == [head_revision(scripts)]:
        return None
    return backup(path, revisions)


def backup(path: Path, revisions: list[str]) -> Path:
    """A consistent copy of the replica (SQLite's online backup, WAL included) beside it."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.backup-{'-'.join(revisions)}-{stamp}{path.suffix}")
    with closing(_read_only(path)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    log.info("backed up %s (schema %s) to %s before upgrading", path, revisions, target)
    return target


def upgrade_to_head(engine: Engine, scripts: Path = MIGRATIONS) -> None:
    config = alembic_config(scripts)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
