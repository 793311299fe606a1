"""Logging to a rotating file in the platform's log directory, at the LogLevel setting's level.

Linux: `$XDG_STATE_HOME/Fieldbook/log` (`~/.local/state/Fieldbook/log`); Windows:
`%LOCALAPPDATA%\\Fieldbook\\Fieldbook\\Logs`; macOS: `~/Library/Logs/Fieldbook`. The folder and
the files are readable by the user only (`app.private_files`).
"""

from __future__ import annotations

import io
import logging
import logging.handlers
from pathlib import Path

import platformdirs

from app.paths import APP_NAME
from app.private_files import keep_private, opener, private_dir

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
    """Marks the handler set up here, so setting up again replaces it instead of doubling it;
    makes each log file (the first, and each after a rotation) readable by the user only."""

    def _open(self) -> io.TextIOWrapper:
        keep_private(Path(self.baseFilename))  # an older version's file
        return open(
            self.baseFilename,
            "a",  # a rotating handler always appends (it sets self.mode so itself)
            encoding=self.encoding,
            errors=self.errors,
            opener=opener,
        )


def setup_logging(level: str = "INFO") -> Path:
    """Log to the rotating file at `level` (a name from LEVELS; anything else means INFO)."""
    directory = private_dir(log_dir())
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
