"""`initial_sync_L_s`: a new laptop's first sync through a territory snapshot, and the floor of
that path (`snapshot_install_floor_ratio`): writing the decompressed replica file and flushing it.

The real client does it: `app.sync_service.sync_now` on a freshly signed-in workspace, over HTTP,
to a replica the user can search (the snapshot's search index is built; the pull from the
snapshot's cursor follows). The file is published from the replica the page pull made, by the
server's builder's own `publish` (`tests.support.snapshots`: a backup copy with the client's own
rows stripped, zstd level 3, and its manifest), and served through the server's snapshot routes
by a second server app in this process, on the same database.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from app import sync_service
from app.workspace import Workspace
from local_store import queries, snapshot_install
from server.database import make_engine
from sync.credentials import TokenStore
from tests.bench.datasets import PASSWORD
from tests.bench.world import World, rep
from tests.support.live_server import serving
from tests.support.snapshots import SnapshotRoutes, make_snapshot, snapshot_app

log = logging.getLogger(__name__)

# The second server app must not compact the benchmark's feed.
_KEEP_FEED_FOR = dt.timedelta(days=36500)


@dataclass(frozen=True)
class SnapshotSync:
    seconds: float  # median first sync through the snapshot
    floor_seconds: float  # median time to write the decompressed file and fsync it
    runs: int
    megabytes: float  # the compressed file

    @property
    def floor_ratio(self) -> float:
        return self.seconds / self.floor_seconds


def measure(world: World, synced: Path, repeats: int, budget_s: float) -> SnapshotSync:
    """Median of up to `repeats` first syncs through the snapshot of `synced` (no further one
    once they took `budget_s`), each followed by its floor."""
    folder = world.workdir / "snapshot"
    snapshot = make_snapshot(synced, folder)
    raw = folder / "bench.db"  # the decompressed file, for the floor
    snapshot_install.unpack(snapshot.file, raw, snapshot.manifest.offer.raw_size)
    routes = SnapshotRoutes()
    engine = make_engine(f"sqlite:///{world.workdir / 'server.db'}")
    app = routes.mount(snapshot_app(engine, folder, keep_feed_for=_KEEP_FEED_FOR))
    syncs: list[float] = []
    floors: list[float] = []
    try:
        with serving(app) as url:
            for run in range(repeats):
                if sum(syncs) >= budget_s:
                    break
                syncs.append(_first_sync(url, world.workdir / f"snapshot-{run}"))
                floors.append(_write_floor(raw, world.workdir / f"floor-{run}"))
                log.info("snapshot sync %d: %.2f s, floor %.2f s", run + 1, syncs[-1], floors[-1])
    finally:
        engine.dispose()
    if len(routes.ranges) < len(syncs):
        raise RuntimeError("a first sync did not download the snapshot")
    return SnapshotSync(
        statistics.median(syncs),
        statistics.median(floors),
        len(syncs),
        snapshot.manifest.offer.size / 1e6,
    )


def _first_sync(url: str, data_dir: Path) -> float:
    """A new laptop's first sync, until its replica can be searched."""
    workspace = Workspace.sign_in(data_dir, url, rep(), PASSWORD, TokenStore())
    try:
        os.sync()
        started = time.perf_counter()
        sync_service.sync_now(workspace)
        with workspace.reading() as session:
            found = queries.search_accounts(session, "a", limit=1)
        seconds = time.perf_counter() - started
    finally:
        workspace.close()
    if not found:
        raise RuntimeError("the replica installed from the snapshot finds nothing")
    return seconds


def _write_floor(raw: Path, target: Path) -> float:
    """Writing the decompressed replica's bytes to a new file and flushing it to disk."""
    data = raw.read_bytes()
    os.sync()
    started = time.perf_counter()
    with target.open("wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    seconds = time.perf_counter() - started
    target.unlink()
    return seconds
