"""A benchmark world: a real `fieldbook-server` process on a working copy of a cached dataset
database, and the replicas of the reps who sync with it."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.paths import replica_path
from app.workspace import Workspace
from server.config import SNAPSHOTS_ENV_VAR
from server.database import make_engine
from sync.credentials import TokenStore
from tests.bench import cache
from tests.bench.datasets import ONE_TERRITORY, PASSWORD, Dataset, Team, build_server_db
from tests.support.server_process import ServerProcess

log = logging.getLogger(__name__)


def server_database(dataset: Dataset, seed: int, team: Team = ONE_TERRITORY) -> Path:
    """The cached SQLite server database of a dataset (built on first use)."""

    def build(path: Path) -> None:
        log.info("building the %s server database (cached for later runs)", dataset.name)
        engine = make_engine(f"sqlite:///{path}")
        try:
            build_server_db(engine, dataset, seed, team)
        finally:
            engine.dispose()

    teams = "-".join(team.territories) + f"x{team.reps_per_territory}"
    return cache.cached(f"server-{dataset.name}-seed{seed}-{teams}", build)


@dataclass
class World:
    dataset: Dataset
    workdir: Path
    server: ServerProcess

    @property
    def url(self) -> str:
        return self.server.url

    def data_dir(self, user: str) -> Path:
        return self.workdir / "clients" / user

    def replica_file(self, user: str) -> Path:
        return replica_path(self.data_dir(user), self.url, user)

    def sign_in(self, user: str, data_dir: Path | None = None) -> Workspace:
        """Sign `user` in, opening the replica already at `replica_file(user)` (or in
        `data_dir`) if there is one, else a new empty one."""
        where = data_dir or self.data_dir(user)
        return Workspace.sign_in(where, self.url, user, PASSWORD, TokenStore())

    def place_replica(self, user: str, source: Path) -> Path:
        """Put a copy of a synced replica where `user`'s replica lives for this server."""
        return cache.copy_database(source, self.replica_file(user))


@contextmanager
def running_world(dataset: Dataset, seed: int) -> Iterator[World]:
    """A server process serving a fresh copy of the dataset; everything removed afterwards."""
    workdir = Path(tempfile.mkdtemp(prefix="fieldbook-bench-"))
    try:
        db = cache.copy_database(server_database(dataset, seed), workdir / "server.db")
        # No snapshot builds of its own: its builder would share the machine's two cores with
        # the client measured (the snapshot figures are taken on their own).
        off = {SNAPSHOTS_ENV_VAR: "off"}
        server = ServerProcess(
            f"sqlite:///{db}", workdir / "server.log", environment=off, forked=False
        )
        server.start()
        try:
            yield World(dataset, workdir, server)
        finally:
            server.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def rep(team: Team = ONE_TERRITORY, index: int = 0) -> str:
    return team.all_reps[index]
