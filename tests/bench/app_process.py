"""`startup_ms` and `client_rss_mb`: the real app started as a process on the L replica.

The child (`tests.bench.client_harness`) opens the replica of a rep who signed in before (their
refresh token saved, as the keyring holds it), with the platform QT_QPA_PLATFORM names
(offscreen here), and reports back one line. Its profile folders (data, config, logs) are
temporary ones of the benchmark. The project's modules are compiled to bytecode first, as an
installed app's are (pip, the .deb and the bundle ship them compiled), even where
PYTHONDONTWRITEBYTECODE would have every start compile them again.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sync.transport import Transport
from tests.bench.cache import REPO
from tests.bench.datasets import PASSWORD
from tests.bench.world import World, rep

TIMEOUT_S = 300
PACKAGES = ("app", "ui", "sync", "local_store", "resources")


def _run_app(world: World, mode: str) -> tuple[float, dict[str, str]]:
    """Start the app in `mode`; (wall time when the process was started, its answer lines)."""
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
