"""Where the server keeps its data: the database URL from the command line, the environment or
the per-user default."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

DB_ENV_VAR = "FIELDBOOK_DB"
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
