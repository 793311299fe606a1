"""Schema migrations of the replica with Alembic, applied whenever a replica is opened.

Most opens find the replica at the newest schema already. That is told without Alembic: the
revision ids are read from the migration scripts' source (`revision = "…"` and
`down_revision = "…"`) and compared with the replica's `alembic_version` through sqlite3, so
Alembic (and Mako, and every SQL dialect it loads) is imported only when there is an upgrade to
run; that spares about a third of a second at every start.

Before an existing replica is migrated, a copy of it is taken beside it, so an upgrade that goes
wrong never costs a user's unsynced work. A replica written by a newer Fieldbook (a schema
revision this version does not know) is refused before anything touches the file: opening it
read-write would already change it (WAL mode), and the older code could damage it.
"""

from __future__ import annotations

import ast
import datetime as dt
import logging
import sqlite3
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

if TYPE_CHECKING:
    from alembic.config import Config

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
    from alembic.config import Config  # only to upgrade: see the module's docstring

    config = Config()
    config.set_main_option("script_location", str(scripts))
    return config


def _revision_of(script: Path) -> tuple[str, str | None] | None:
    """(revision, down_revision) as a migration script assigns them, or None if it names none."""
    stat = script.stat()
    return _parsed_revision(script, stat.st_mtime_ns, stat.st_size)


@cache
def _parsed_revision(script: Path, _mtime_ns: int, _size: int) -> tuple[str, str | None] | None:
    """`_revision_of` for one version of the file (its time and size are part of the key): a
    replica is opened many times in a process (tests: thousands), a script parsed once."""
    assigned: dict[str, object] = {}
    for statement in ast.parse(script.read_text(encoding="utf-8")).body:
        targets: list[ast.expr]
        if isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        elif isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                assigned[target.id] = ast.literal_eval(value)
    revision, down = assigned.get("revision"), assigned.get("down_revision")
    if not isinstance(revision, str):
        return None
    if down is not None and not isinstance(down, str):
        raise ValueError(f"{script.name}: a merge of revisions is not supported here")
    return revision, down


def _revisions(scripts: Path) -> dict[str, str | None]:
    """Each revision of the migration scripts, with the one it revises."""
    found = (_revision_of(path) for path in sorted((scripts / "versions").glob("*.py")))
    return dict(pair for pair in found if pair is not None)


def known_revisions(scripts: Path = MIGRATIONS) -> set[str]:
    return set(_revisions(scripts))


def head_revision(scripts: Path = MIGRATIONS) -> str:
    revisions = _revisions(scripts)
    heads = set(revisions) - set(revisions.values())
    assert len(heads) == 1, f"the replica's migrations have one head, not {sorted(heads)}"
    return heads.pop()


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


def is_current(path: Path, scripts: Path = MIGRATIONS) -> bool:
    """Whether the replica file exists at the newest schema (nothing to migrate, no Alembic)."""
    exists = path.exists() and path.stat().st_size > 0
    return exists and stored_revisions(path) == [head_revision(scripts)]


def backup(path: Path, revisions: list[str]) -> Path:
    """A consistent copy of the replica (SQLite's online backup, WAL included) beside it."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.backup-{'-'.join(revisions)}-{stamp}{path.suffix}")
    with closing(_read_only(path)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    log.info("backed up %s (schema %s) to %s before upgrading", path, revisions, target)
    return target


def upgrade_to_head(engine: Engine, scripts: Path = MIGRATIONS) -> None:
    from alembic import command

    config = alembic_config(scripts)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
