"""Where the server keeps its data: the database URL from the command line, the environment or
the per-user default."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from server.settings import SnapshotSettings

DB_ENV_VAR = "FIELDBOOK_DB"
RETENTION_ENV_VAR = "FIELDBOOK_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 30
APP_DIR_NAME = "fieldbook-server"
SNAPSHOTS_ENV_VAR = "FIELDBOOK_SNAPSHOTS"  # "off" switches territory snapshots off
SNAPSHOT_DIR_ENV_VAR = "FIELDBOOK_SNAPSHOT_DIR"
SNAPSHOT_CHANGES_ENV_VAR = "FIELDBOOK_SNAPSHOT_CHANGES"
SNAPSHOT_AGE_ENV_VAR = "FIELDBOOK_SNAPSHOT_MAX_AGE_HOURS"
SNAPSHOT_CAP_ENV_VAR = "FIELDBOOK_SNAPSHOT_MAX_GB"


def default_db_url() -> str:
    """A SQLite file in the platform's user data directory, created on first use."""
    data_dir = _data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'server.db'}"


def _data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def resolve_db_url(arg: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The `--db` argument, else `$FIELDBOOK_DB`, else the default SQLite file."""
    if arg:
        return arg
    from_env = environ.get(DB_ENV_VAR, "").strip()
    return from_env or default_db_url()


def retention_period(environ: Mapping[str, str] = os.environ) -> dt.timedelta:
    """How long tombstones and exit rows stay in the feed: `$FIELDBOOK_RETENTION_DAYS` whole
    days (at least 1), else 30. Clients offline for longer do a full resync."""
    raw = environ.get(RETENTION_ENV_VAR, "").strip()
    days = int(raw) if raw.isdigit() and int(raw) >= 1 else DEFAULT_RETENTION_DAYS
    return dt.timedelta(days=days)


class SnapshotConfigError(ValueError):
    """A snapshot setting of the environment is not usable; the message names it."""


def snapshot_settings(
    base_url: str, environ: Mapping[str, str] = os.environ
) -> SnapshotSettings | None:
    """Territory snapshots as the environment sets them (None: `$FIELDBOOK_SNAPSHOTS=off`):
    `$FIELDBOOK_SNAPSHOT_DIR` (default: `snapshots` in the server's data directory),
    `$FIELDBOOK_SNAPSHOT_CHANGES` feed rows before a rebuild (default 10,000),
    `$FIELDBOOK_SNAPSHOT_MAX_AGE_HOURS` (default 24; less than half the feed's retention) and
    `$FIELDBOOK_SNAPSHOT_MAX_GB` of disk (default 20). `base_url`: where the builder reaches
    this server."""
    if environ.get(SNAPSHOTS_ENV_VAR, "").strip().lower() in ("off", "0", "no", "false"):
        return None
    default = SnapshotSettings(directory=Path(), base_url=base_url)
    changes = _whole(environ, SNAPSHOT_CHANGES_ENV_VAR, default.rebuild_after_changes)
    hours = _whole(environ, SNAPSHOT_AGE_ENV_VAR, int(default.max_age.total_seconds() // 3600))
    gigabytes = _whole(environ, SNAPSHOT_CAP_ENV_VAR, default.max_bytes // 1024**3)
    max_age = dt.timedelta(hours=hours)
    if max_age * 2 > retention_period(environ):
        raise SnapshotConfigError(
            f"${SNAPSHOT_AGE_ENV_VAR} must be less than half the feed's retention "
            f"(${RETENTION_ENV_VAR} days), so no snapshot outlives the feed rows after it."
        )
    directory = environ.get(SNAPSHOT_DIR_ENV_VAR, "").strip()
    return SnapshotSettings(
        directory=Path(directory) if directory else _data_dir() / "snapshots",
        base_url=base_url,
        rebuild_after_changes=changes,
        max_age=max_age,
        max_bytes=gigabytes * 1024**3,
    )


def _whole(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise SnapshotConfigError(f"${name} must be a whole number of at least 1, not {raw!r}.")
    return int(raw)
