"""Logging to a rotating file in the platform's log directory, at the LogLevel setting's level.

Linux: `$XDG_STATE_HOME/Fieldbook/log` (`~/.local/state/Fieldbook/log`); Windows:
`%LOCALAPPDATA%\\Fieldbook\\Fieldbook\\Logs`; macOS: `~/Library/Logs/Fieldbook`.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs

from app.paths import APP_NAME

LOG_FILE = "fieldbook.log"
FAULT_LOG = "crash.log"  # fatal crashes, written by faulthandler (app.crash_report)
MAX_BYTES = 2_000_000
BACKUPS = 5
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

log = logging.getLogger(__name__)


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_NAME))


def log_files(directory: Path | None = None) -> list[Path]:
    """The current log file and its rotated predecessors that exist, newest first, and the
    fault log."""
    directory = directory or log_dir()
    names = [LOG_FILE] + [f"{LOG_FILE}.{n}" for n in range(1, BACKUPS + 1)] + [FAULT_LOG]
    return [directory / name for name in names if (directory / name).exists()]


class _FieldbookLog(logging.handlers.RotatingFileHandler):
    """Marks the handler set up here, so setting up again replaces it instead of doubling it."""


def setup_logging(level: str = "INFO") -> Path:
    """Log to the rotating file at `level` (a name from LEVELS; anything else means INFO)."""
    directory = log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOG_FILE
    handler = _FieldbookLog(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _FieldbookLog)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    wanted = str(level).upper()
    root.setLevel(wanted if wanted in LEVELS else "INFO")
    if wanted not in LEVELS:
        log.warning("unknown LogLevel %r, logging at INFO", level)
    return path
