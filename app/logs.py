"""Logging to a rotating file in the platform's log directory."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs

from app.paths import APP_NAME


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_NAME))


def setup_logging(level: str = "INFO") -> Path:
    directory = log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "fieldbook.log"
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    return path
