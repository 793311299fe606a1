"""`initial_sync_L_s`: an empty replica synced from the server through the real SyncEngine,
and its floor measured in the same run (`initial_sync_floor_ratio`).

The floor is what no sync of the same data can beat on this machine: decoding the same JSON
bytes the pull pages carried, with orjson (the fastest decoder the project has; the standard
library's `json` takes about 1.7 times as long), and raw `sqlite3` executemany of the same rows
(as the synced replica holds them, search keys included) into the same schema, loaded as the
engine loads a territory: the indexes set aside and built at the end (`local_store.bulk_load`),
the replica's pragmas for pulled pages (WAL, synchronous=NORMAL, its page cache), a commit each
`PULL_BATCH_S`.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import orjson
import requests

from app import sync_service
from local_store import bulk_load
from local_store.db import LOADING_CACHE_KIB, Replica
from local_store.models import ENTITY_MODELS
from protocol.paths import PULL_PATH
from sync.engine import PULL_BATCH_S, PULL_PAGE
from tests.bench import cache
from tests.bench.world import World, rep

log = logging.getLogger(__name__)

SYNCED_TABLES = tuple(model.__tablename__ for model in ENTITY_MODELS.values())


@dataclass(frozen=True)
class InitialSync:
    seconds: float
    floor_seconds: float
    records: int
    runs: int
    replica: Path  # a synced replica, kept in the cache for the other benchmarks

    @property
    def floor_ratio(self) -> float:
        return self.seconds / self.floor_seconds


def measure(world: World, repeats: int, budget_s: float) -> InitialSync:
    """Median of up to `repeats` initial syncs and of as many floors, each floor right after
    its sync; no further sync is started once the syncs so far took `budget_s`. Each starts
    with the disk's pending writes flushed (`os.sync`): the replicas written before (about
    400 MB each) would otherwise still be going to the disk during the next one."""
    syncs: list[float] = []
    floors: list[float] = []
    pulled = 0
    replica = Path()
    for run in range(repeats):
        if sum(syncs) >= budget_s:
            break
        workspace = world.sign_in(rep(), world.workdir / f"initial-{run}")
        try:
            os.sync()
            started = time.perf_counter()
            pulled = sync_service.sync_now(workspace).report.pulled
            syncs.append(time.perf_counter() - started)
            token = workspace.transport.token or ""
            replica = workspace.replica.path
        finally:
            workspace.close()
        pages = pull_pages(world.url, token)
        floors.append(floor_seconds(pages, replica, world.workdir / f"floor-{run}.db"))
        log.info("initial sync %d: %.2f s, floor %.2f s", run + 1, syncs[-1], floors[-1])
    kept = cache.copy_database(replica, synced_replica_path(world))
    return InitialSync(
        statistics.median(syncs), statistics.median(floors), pulled, len(syncs), kept
    )


def synced_replica_path(world: World) -> Path:
    return cache.cache_dir() / f"replica-{world.dataset.name}-{cache.code_version()}.db"


def pull_pages(url: str, token: str) -> list[bytes]:
    """The raw (decompressed) JSON bodies of every pull page an initial sync fetches."""
    pages: list[bytes] = []
    cursor = 0
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {token}"
        while True:
            answer = http.get(url + PULL_PATH, params={"cursor": cursor, "limit": PULL_PAGE})
            answer.raise_for_status()
            pages.append(answer.content)
            body = orjson.loads(answer.content)
            cursor = body["cursor"]
            if not body["has_more"]:
                return pages


def floor_seconds(pages: list[bytes], synced: Path, target: Path) -> float:
    """Decode `pages`, then insert the rows of `synced` into a new replica at `target`."""
    replica = Replica(target)  # the same schema, made by the replica's own migrations
    rows = _rows_of(synced)
    try:
        with replica.engine.begin() as connection:
            bulk_load.begin(connection)
        os.sync()
        started = time.perf_counter()
        for page in pages:
            orjson.loads(page)
        _insert(rows, target)
        with replica.refetchable_session(loading=True) as session:  # as a load's last page
            bulk_load.finish(session)
        return time.perf_counter() - started
    finally:
        replica.close()


def _insert(rows: dict[str, tuple[list[str], list[tuple[object, ...]]]], target: Path) -> None:
    with sqlite3.connect(target) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(f"PRAGMA cache_size=-{LOADING_CACHE_KIB}")
        committed = time.perf_counter()
        for table, (columns, values) in rows.items():
            statement = (
                f'INSERT INTO "{table}" ({", ".join(columns)}) '
                f"VALUES ({', '.join('?' * len(columns))})"
            )
            for first in range(0, len(values), PULL_PAGE):
                connection.executemany(statement, values[first : first + PULL_PAGE])
                if time.perf_counter() - committed >= PULL_BATCH_S:
                    connection.commit()
                    committed = time.perf_counter()
    connection.close()


def _rows_of(replica: Path) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    with sqlite3.connect(replica) as connection:
        rows = {}
        for table in SYNCED_TABLES:
            cursor = connection.execute(f'SELECT * FROM "{table}"')
            columns = [f'"{c[0]}"' for c in cursor.description]
            rows[table] = (columns, cursor.fetchall())
    connection.close()
    return rows
