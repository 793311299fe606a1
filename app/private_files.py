"""Files only their user may read: the replica (and its WAL and shared memory), the password
verifier, the log and the settings live in folders of mode 0700 as files of mode 0600.

On Linux and macOS the modes are set when a file or folder is made, and put right when it is
opened for those an older version made 0644 in 0755 folders. SQLite makes a replica's -wal and -shm
files with the mode of the replica itself, so a private replica has private side files. On
Windows a profile's folders are the user's own already (their ACLs), and chmod there only sets
the read-only flag, so nothing is done.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
_POSIX = sys.platform != "win32"


def private_dir(path: Path) -> Path:
    """`path` as a folder of mode 0700 (made with its parents if missing); returns it.

    A folder others share (sticky, as /tmp is) or that this user does not own is left as it
    is: only Fieldbook's own folders are made private, never one a replica merely lies in."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if _POSIX and _own_folder(path):
        path.chmod(DIR_MODE)
    return path


def _own_folder(path: Path) -> bool:
    status = path.stat()
    return status.st_uid == os.getuid() and not status.st_mode & stat.S_ISVTX


def keep_private(*files: Path) -> None:
    """Make those of `files` that exist mode 0600 (an older version's 0644)."""
    if not _POSIX:
        return
    for path in files:
        with contextlib.suppress(FileNotFoundError):
            path.chmod(FILE_MODE)


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` (mode 0600) all at once: a temporary file beside it, renamed over
    it, so a crash never leaves a half-written file."""
    private_dir(path.parent)
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())
    if _POSIX:
        temporary.chmod(FILE_MODE)  # a leftover temporary of an older version
    temporary.replace(path)


def opener(path: str, flags: int) -> int:
    """An `open(..., opener=opener)` that makes new files with mode 0600."""
    return os.open(path, flags, FILE_MODE)
