"""A real `fieldbook --demo` running offscreen as a process of its own, with a profile (data,
settings, logs, temporary files) inside the test's folder, and its log to read what it did."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FIELDBOOK = str(Path(sys.executable).with_name("fieldbook"))


def wait_for_log(profile: Path, pattern: str, timeout_s: float) -> str:
    """The app's log text once a line matches `pattern` (AssertionError after `timeout_s`)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for log in profile.rglob("fieldbook.log"):
            text = log.read_text(encoding="utf-8", errors="replace")
            if re.search(pattern, text):
                return text
        time.sleep(0.05)
    raise AssertionError(f"no log line matching {pattern!r} within {timeout_s} s")


def profile_env(profile: Path) -> dict[str, str]:
    """The environment of an app whose every folder is under `profile`."""
    (profile / "tmp").mkdir(parents=True, exist_ok=True)
    return os.environ | {
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(profile / "tmp"),
        "XDG_STATE_HOME": str(profile / "state"),
        "XDG_CONFIG_HOME": str(profile / "config"),
        "XDG_DATA_HOME": str(profile / "data"),
        "FIELDBOOK_DATA_DIR": str(profile / "fieldbook"),
        "FIELDBOOK_CONFIG_DIR": str(profile / "fieldbook-config"),
    }


@contextmanager
def running_demo(profile: Path, accounts: str) -> Iterator[subprocess.Popen[bytes]]:
    """`fieldbook --demo` in English, signed in and through its first sync; terminated on
    leaving if it still runs."""
    running = subprocess.Popen(
        [FIELDBOOK, "--demo", "--accounts", accounts, "--language", "en"],
        env=profile_env(profile),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_log(profile, r"single instance listening", 90)
        wait_for_log(profile, r"sync finished", 90)  # the accounts are on this computer now
        yield running
    finally:
        if running.poll() is None:
            running.terminate()
        running.wait(timeout=30)
