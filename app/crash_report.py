"""What a crash leaves behind for support: the fault log, and the details of an unexpected error.

The fault log (`crash.log` beside the log file) is where `faulthandler` writes every thread's
Python stack when the process dies of a fatal signal (a crash inside Qt or SQLite, an abort),
where the logging module no longer can. The details of an error the app survived are the
versions it ran on and the traceback, with secrets replaced by "***" as in the diagnostics zip.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import os
import traceback
from pathlib import Path
from types import TracebackType
from typing import TextIO

from app.diagnostics import redact, versions
from app.logs import FAULT_LOG, log_dir

MAX_FAULT_LOG_BYTES = 1_000_000  # started afresh beyond this; a fault dump is a few kB
WHAT_LIMIT = 300  # characters of an error's own message in the sentence shown

_fault_file: TextIO | None = None  # open for the life of the process: faulthandler writes to it


def start_fault_log(directory: Path | None = None) -> Path | None:
    """Have `faulthandler` write fatal crashes to FAULT_LOG in `directory` (the log folder),
    readable by the user only; returns its path. Left alone (None) when faulthandler is on
    already: whoever ran Python with `-X faulthandler` (or pytest) wants the dumps there."""
    global _fault_file
    if faulthandler.is_enabled():
        return None
    directory = directory or log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / FAULT_LOG
    fresh = path.exists() and path.stat().st_size > MAX_FAULT_LOG_BYTES
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if fresh else os.O_APPEND)
    stream = os.fdopen(os.open(path, flags, 0o600), "w", encoding="utf-8")
    stream.write(f"--- Fieldbook started {dt.datetime.now().astimezone():%Y-%m-%d %H:%M:%S %z}, ")
    stream.write(f"process {os.getpid()}\n")
    stream.flush()
    faulthandler.enable(file=stream, all_threads=True)
    if _fault_file is not None:
        _fault_file.close()
    _fault_file = stream
    return path


def what_happened(error: BaseException) -> str:
    """The error in a line: its kind and its own message, shortened."""
    message = " ".join(str(error).split())
    if len(message) > WHAT_LIMIT:
        message = message[: WHAT_LIMIT - 1] + "…"
    kind = type(error).__name__
    return redact(f"{kind}: {message}" if message else kind)


def error_details(
    kind: type[BaseException],
    error: BaseException,
    trace: TracebackType | None,
    keyring_backend: str = "",
) -> str:
    """The versions and the traceback, for "Copy details" and a support ticket."""
    lines = [f"{name}: {value}" for name, value in versions(keyring_backend).items()]
    stack = "".join(traceback.format_exception(kind, error, trace))
    return redact("\n".join(lines) + "\n\n" + stack)
