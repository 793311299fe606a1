"""Where Fieldbook keeps its files: one replica per server and user, so people sharing a desktop
never see each other's data."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import platformdirs

APP_NAME = "Fieldbook"
DATA_DIR_ENV = "FIELDBOOK_DATA_DIR"


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_NAME))


def replica_path(base: Path, server_url: str, username: str) -> Path:
    server = hashlib.sha256(server_url.rstrip("/").encode()).hexdigest()[:12]
    user = re.sub(r"[^A-Za-z0-9_.-]", "_", username)
    return base / "replicas" / f"{server}-{user}.db"
