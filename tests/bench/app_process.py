"""`startup_ms`, `client_rss_mb` and `screen_pop_ms`: the real app started as a process on the
L replica.

The child (`tests.bench.client_harness`) opens the replica of a rep who signed in before (their
refresh token saved, as the keyring holds it), with the platform QT_QPA_PLATFORM names
(offscreen here), and reports back in lines. Its profile folders (data, config, logs) are
temporary ones of the benchmark. The project's modules are compiled to bytecode first, as an
installed app's are (pip, the .deb and the bundle ship them compiled), even where
PYTHONDONTWRITEBYTECODE would have every start compile them again.

For `screen_pop_ms` the app keeps running while the `fieldbook` command (as pyproject.toml's
script runs it) is started with `lookup --phone NUMBER` for one caller after another, each the
only account with that number; timed from starting that command to the end of the running
window's frame that shows the caller.
"""

from __future__ import annotations

import compileall
import os
import queue
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

from app.accounts import find_by_phone, identifies_one
from sync.transport import Transport
from tests.bench.cache import REPO
from tests.bench.datasets import PASSWORD
from tests.bench.world import World, rep
from tests.support.commands import console_script

TIMEOUT_S = 300
PACKAGES = ("app", "ui", "sync", "local_store", "resources")
POP_TIMEOUT_S = 30
# A call rings when the app has been open a while: after its start-up sync, the window goes on
# building Today's lines a dozen a turn for a second or two (more on a busy machine).
SETTLE_S = 3.0
# Between two screen-pops the agent talks: the app is idle when the next call rings.
BETWEEN_POPS_S = 0.5


def _app_command(world: World, mode: str) -> tuple[list[str], dict[str, str]]:
    """The harness command of the app in `mode` for the rep, and its environment."""
    user = rep()
    transport = Transport(world.url)
    token = transport.sign_in(user, PASSWORD).refresh_token
    profile = world.workdir / "profile"
    env = os.environ | {
        "FIELDBOOK_DATA_DIR": str(world.data_dir(user)),
        "FIELDBOOK_CONFIG_DIR": str(profile / "config"),
        "XDG_STATE_HOME": str(profile / "state"),
        "XDG_CACHE_HOME": str(profile / "cache"),
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
    }
    command = [sys.executable, "-m", "tests.bench.client_harness", mode, world.url, user, token]
    return command, env


def _run_app(world: World, mode: str) -> tuple[float, dict[str, str]]:
    """Start the app in `mode`; (wall time when the process was started, its answer lines)."""
    command, env = _app_command(world, mode)
    started = time.time()
    done = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )
    answer = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    if done.returncode != 0 or not answer:
        raise RuntimeError(f"the app harness failed ({done.returncode}): {done.stderr[-2000:]}")
    return started, answer


def _compile_project() -> None:
    for package in PACKAGES:
        compileall.compile_dir(REPO / package, quiet=1)


def startup_ms(world: World, synced_replica: Path, repeats: int) -> float:
    """Median milliseconds from process start to the first painted main window."""
    world.place_replica(rep(), synced_replica)
    _compile_project()
    timings = []
    for _ in range(repeats):
        started, answer = _run_app(world, "startup")
        timings.append((float(answer["painted_at"]) - started) * 1000)
    return statistics.median(timings)


def client_rss_mb(world: World, synced_replica: Path) -> tuple[float, int]:
    """(resident memory in MB after the account list was fetched end to end, rows listed)."""
    world.place_replica(rep(), synced_replica)
    _started, answer = _run_app(world, "rss")
    return float(answer["rss_mb"]), int(answer["rows"])


def callers(world: World, count: int) -> dict[str, str]:
    """Phone numbers of `count` accounts of the rep's replica, each the only account the call
    desk finds for its number: {phone: account id}."""
    workspace = world.sign_in(rep())
    try:
        with sqlite3.connect(workspace.replica.path) as connection:
            rows = connection.execute(
                "SELECT phone FROM account WHERE phone != '' ORDER BY id LIMIT 500"
            ).fetchall()
        connection.close()
        found: dict[str, str] = {}
        for (phone,) in rows:
            matches = find_by_phone(workspace, phone)
            if len(matches) == 1 and identifies_one(phone):
                found[phone] = matches[0].id
            if len(found) == count:
                return found
    finally:
        workspace.close()
    raise RuntimeError(f"fewer than {count} accounts have a number of their own")


class _Lines:
    """The lines a child prints, read on a thread so that waiting for one can time out."""

    def __init__(self, stdout: IO[str]) -> None:
        self._stdout = stdout
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self._stdout:
            self._lines.put(line)

    def next(self, key: str) -> str:
        """The value of the next `key: value` line (other lines are skipped)."""
        deadline = time.monotonic() + POP_TIMEOUT_S
        while True:
            line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            name, _, value = line.rstrip("\n").partition(": ")
            if name == key:
                return value


def screen_pop_ms(world: World, synced_replica: Path, pops: int) -> tuple[float, float]:
    """Milliseconds from starting `fieldbook lookup --phone NUMBER` while the app runs to the
    end of the running window's frame showing that caller's account: (the median, the first
    pop's, which also builds the call desk of a rep's window that started on Today)."""
    world.place_replica(rep(), synced_replica)
    _compile_project()
    numbers = callers(world, pops)
    command, env = _app_command(world, "screen_pop")
    app = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)
    assert app.stdout is not None
    timings = []
    try:
        lines = _Lines(app.stdout)
        lines.next("ready_at")
        time.sleep(SETTLE_S)
        for phone, account_id in numbers.items():
            time.sleep(BETWEEN_POPS_S)
            timings.append(_pop(lines, phone, account_id, env))
    finally:
        app.terminate()  # the app quits on SIGTERM as on the user's Quit
        app.wait(timeout=TIMEOUT_S)
    return statistics.median(timings), timings[0]


def _pop(lines: _Lines, phone: str, account_id: str, env: dict[str, str]) -> float:
    """One screen-pop: milliseconds until the running app showed the caller."""
    started = time.time()
    pop = subprocess.Popen(
        [*console_script("fieldbook"), "lookup", "--phone", phone], cwd=REPO, env=env
    )
    try:
        shown_at, shown = lines.next("caller_shown_at").split()
        if pop.wait(timeout=POP_TIMEOUT_S) != 0 or shown != account_id:
            raise RuntimeError(f"the screen-pop of {phone} showed {shown}, not {account_id}")
    finally:
        if pop.poll() is None:  # it started an app of its own: the running one did not answer
            pop.kill()
            pop.wait()
    return (float(shown_at) - started) * 1000
