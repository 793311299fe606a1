"""`snapshot_build_{D}_s_{database}` and `snapshot_bytes_{D}_mb`: the server building one
territory's snapshot from its database, on SQLite and on PostgreSQL.

Each is `fieldbook-server snapshot build --territory KEY` run as an admin would, timed end to
end: it serves the API on a loopback port over the database, and the builder program pulls the
whole territory through the real client code, copies, strips and compresses its replica.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from protocol.snapshots import SNAPSHOT_SUFFIX
from server.config import SNAPSHOTS_ENV_VAR
from server.database import make_engine
from tests.bench import cache
from tests.bench.datasets import ONE_TERRITORY, Dataset, build_server_db
from tests.bench.world import server_database
from tests.support.postgres import new_database

BUILD_TIMEOUT_S = 1800


@dataclass(frozen=True)
class SnapshotBuild:
    sqlite_s: float
    postgresql_s: float
    megabytes: float  # the compressed file (the same scope on both databases)


def measure(dataset: Dataset, seed: int, admin_url: str | None) -> SnapshotBuild:
    territory = ONE_TERRITORY.territories[0]
    with tempfile.TemporaryDirectory(prefix="fieldbook-snapshot-") as workdir:
        work = Path(workdir)
        db = cache.copy_database(server_database(dataset, seed), work / "server.db")
        sqlite_s, size = _timed_build(f"sqlite:///{db}", work / "sqlite", territory)
        with new_database(admin_url, "bench_snapshot_") as db_url:
            engine = make_engine(db_url)
            try:
                build_server_db(engine, dataset, seed, ONE_TERRITORY)
            finally:
                engine.dispose()
            postgresql_s, _size = _timed_build(db_url, work / "postgresql", territory)
    return SnapshotBuild(sqlite_s, postgresql_s, size / 1024**2)


def _timed_build(db_url: str, directory: Path, territory: str) -> tuple[float, int]:
    """Seconds `snapshot build` took, and the size of the file it made."""
    environment = os.environ | {
        SNAPSHOTS_ENV_VAR: "on",
        "FIELDBOOK_SNAPSHOT_DIR": str(directory),
    }
    command = [
        sys.executable,
        "-m",
        "server",
        "--db",
        db_url,
        "snapshot",
        "build",
        "--territory",
        territory,
    ]
    started = time.perf_counter()
    done = subprocess.run(
        command, env=environment, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"snapshot build failed: {done.stderr[-2000:]}")
    files = list(directory.glob(f"*{SNAPSHOT_SUFFIX}"))
    if len(files) != 1:
        raise RuntimeError(f"snapshot build made {len(files)} files")
    return seconds, files[0].stat().st_size
