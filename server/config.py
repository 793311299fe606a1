"""Where the server keeps its data: the database URL from the command line, the environment or
the per-user default."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

DB_ENV_VAR = "FIELDBOOK_DB"
RETENTION_ENV_VAR = "FIELDBOOK_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 30
APP_DIR_NAME = "fieldbook-server"


def default_db_url() -> str:
    """A SQLite file in the platform's user data directory, created on first use."""
    data_dir = Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'server.db'}"


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
