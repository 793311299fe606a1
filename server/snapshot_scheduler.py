"""Which scopes get territory snapshots, when they are built again, and the disk they may use.

A background thread of the serving process (`SnapshotScheduler`, never a request) looks every
few minutes: each set of territories an active user works in, and each single territory, is a
scope. A scope's snapshot is built again when its feed has moved on by more than
`rebuild_after_changes` rows, when it is older than `max_age`, or when it is of another feed
history or another replica schema. A build is the builder program (`sync.snapshot_builder`)
started as a subprocess with a short-lived token of the scope's service user
(`server.snapshot_readers`) in its environment; it syncs with this server over HTTP like any
client, so nothing here depends on the database being SQLite or PostgreSQL beyond the queries
below. Several server processes may all schedule: the builder locks its scope, so a second
build of the same scope gives way.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from protocol.paths import HEALTH_PATH
from protocol.snapshots import SNAPSHOT_TOKEN_ENV, scope_key
from server import snapshot_readers, snapshot_store
from server.database import Sessions
from server.settings import SnapshotSettings
from server.snapshot_store import Stored
from server.tables import ChangeFeed, FeedCounter, Territory, User, UserTerritory

logger = logging.getLogger(__name__)

BUILDER_MODULE = "sync.snapshot_builder"
# The builder's exit status when it published nothing and did not fail (`sync.snapshot_builder`).
BUILDER_NOTHING = 3
# A builder's token outlives the longest build by this much.
TOKEN_MARGIN = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Scope:
    """A set of territory ids, and how many active users work in exactly that set."""

    territories: tuple[str, ...]
    users: int

    @property
    def key(self) -> str:
        return scope_key(self.territories)


@dataclass(frozen=True)
class Builder:
    """What the installed builder makes: its replica schema revision and search-key rules."""

    schema_revision: str
    search_keys: int


@dataclass
class RoundReport:
    built: list[str] = field(default_factory=list)  # scope keys
    failed: list[str] = field(default_factory=list)
    removed: int = 0


def wanted_scopes(session: Session) -> list[Scope]:
    """Each distinct set of territories active users (not removed, not disabled) work in, and
    each single territory: the scopes most users work in first (they keep their snapshots
    when the disk cap bites)."""
    rows = session.execute(
        select(UserTerritory.user_id, UserTerritory.territory_id)
        .join(User, User.id == UserTerritory.user_id)
        .where(User.deleted.is_(False), User.disabled.is_(False))
    ).all()
    sets: dict[str, set[str]] = defaultdict(set)
    for user_id, territory_id in rows:
        sets[user_id].add(territory_id)
    users: dict[tuple[str, ...], int] = defaultdict(int)
    for territories in sets.values():
        users[tuple(sorted(territories))] += 1
    for (territory_id,) in session.execute(
        select(Territory.id).where(Territory.deleted.is_(False))
    ):
        users.setdefault((territory_id,), 0)
    scopes = [Scope(territories, count) for territories, count in users.items()]
    return sorted(scopes, key=lambda scope: (-scope.users, scope.key))


def feed_identity(session: Session) -> tuple[str, int]:
    """The feed's identity and retention horizon."""
    feed_id, horizon = session.execute(select(FeedCounter.feed_id, FeedCounter.horizon)).one()
    return str(feed_id), int(horizon)


def changes_since(session: Session, territories: Iterable[str], cursor: int, limit: int) -> int:
    """Feed rows after `cursor` that a reader of `territories` sees, counted up to `limit`."""
    visible = ChangeFeed.territory_id.is_(None) | ChangeFeed.territory_id.in_(list(territories))
    rows = select(ChangeFeed.seq).where(ChangeFeed.seq > cursor, visible).limit(limit).subquery()
    return int(session.scalar(select(func.count()).select_from(rows)) or 0)


# How a build runs the builder program: its arguments, the variables set beside the server's
# own, the time allowed (past it, `subprocess.TimeoutExpired`), and an event that, once set,
# ends the builder early (the server stops).
BuilderRun = Callable[
    [Sequence[str], Mapping[str, str], float, threading.Event], "subprocess.CompletedProcess[str]"
]
# How often a running builder is checked for the server stopping.
STOP_CHECK_S = 0.1


def run_builder_process(
    args: Sequence[str], environment: Mapping[str, str], timeout: float, stop: threading.Event
) -> subprocess.CompletedProcess[str]:
    """The builder program as a process of its own (`python -m sync.snapshot_builder ARGS`),
    terminated once `stop` is set."""
    with subprocess.Popen(
        [sys.executable, "-m", BUILDER_MODULE, *args],
        env=os.environ | dict(environment),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        out, err = _until_done(process, timeout, stop)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def _until_done(
    process: subprocess.Popen[str], timeout: float, stop: threading.Event
) -> tuple[str, str]:
    """The output of `process` once it has ended: by itself, terminated when `stop` is set, or
    killed past `timeout` (then `subprocess.TimeoutExpired`)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return process.communicate(timeout=STOP_CHECK_S)
        except subprocess.TimeoutExpired:
            if stop.is_set():
                process.terminate()
                return process.communicate()
            if time.monotonic() > deadline:
                process.kill()
                process.communicate()
                raise subprocess.TimeoutExpired(process.args, timeout) from None


@cache
def installed_builder() -> Builder:
    """Ask the builder program what it builds (it is the client code; the server has none)."""
    answer = run_builder_process(["--describe"], {}, 120, threading.Event())
    answer.check_returncode()
    facts = json.loads(answer.stdout)
    return Builder(str(facts["schema_revision"]), int(facts["search_keys"]))


class Snapshots:
    """The rounds of building and tidying over one database and one snapshot directory;
    `run_builder` runs the builder program (a fork of a program already loaded, in tests)."""

    def __init__(
        self,
        sessions: Sessions,
        settings: SnapshotSettings,
        run_builder: BuilderRun = run_builder_process,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.run_builder = run_builder
        # Scopes dropped to hold the disk cap, and when: not built again for `max_age`, so a
        # scope that does not fit is not built and dropped round after round.
        self.dropped: dict[str, dt.datetime] = {}
        # Set when the server stops: the build under way ends and no other starts.
        self.stopping = threading.Event()

    def run_round(self, now: dt.datetime, *, force: bool = False) -> RoundReport:
        """Build every scope whose snapshot is due (`force`: every scope), within the cap."""
        return self._round(now, None, force=force)

    def build_scope(self, territories: Iterable[str], now: dt.datetime) -> RoundReport:
        """Build the snapshot of one scope now, whether due or not."""
        return self._round(now, tuple(sorted(set(territories))), force=True)

    def _round(self, now: dt.datetime, only: tuple[str, ...] | None, *, force: bool) -> RoundReport:
        builder = installed_builder()
        directory = self.settings.directory
        directory.mkdir(parents=True, exist_ok=True)
        with self.sessions.read.begin() as session:
            wanted = wanted_scopes(session)
            feed, horizon = feed_identity(session)
        scopes = wanted
        if only is not None:
            scopes = [s for s in wanted if s.territories == only] or [Scope(only, 0)]
        keep = list(dict.fromkeys([s.key for s in wanted] + [s.key for s in scopes]))
        report = RoundReport()
        report.removed += self.tidy(now, builder, feed, keep)
        for scope in scopes:
            if self.stopping.is_set():
                break
            current = self._current(scope, builder, feed, horizon)
            if not force and not self._due(scope, current, now):
                continue
            if current is None and self._kept_out(scope.key, now):
                continue  # the cap is full with scopes used more
            built = self._build(scope, now)
            if self.stopping.is_set():
                break  # ended with the server: neither built nor failed
            (report.built if built else report.failed).append(scope.key)
        later = max(now, dt.datetime.now(dt.UTC))  # the builds took time
        report.removed += self.tidy(later, builder, feed, keep)
        return report

    def _current(self, scope: Scope, builder: Builder, feed: str, horizon: int) -> Stored | None:
        return snapshot_store.fitting(
            snapshot_store.published(self.settings.directory),
            frozenset(scope.territories),
            builder.schema_revision,
            builder.search_keys,
            feed,
            horizon,
        )

    def _kept_out(self, key: str, now: dt.datetime) -> bool:
        if snapshot_store.disk_use(self.settings.directory) >= self.settings.max_bytes:
            return True
        dropped = self.dropped.get(key)
        return dropped is not None and now - dropped < self.settings.max_age

    def _due(self, scope: Scope, current: Stored | None, now: dt.datetime) -> bool:
        if current is None:
            return True
        offer = current.manifest.offer
        if now - offer.built_at >= self.settings.max_age:
            return True
        limit = self.settings.rebuild_after_changes + 1
        with self.sessions.read.begin() as session:
            moved = changes_since(session, scope.territories, offer.cursor, limit)
        return moved > self.settings.rebuild_after_changes

    def _build(self, scope: Scope, now: dt.datetime) -> bool:
        """Run the builder for `scope`; whether it published a snapshot."""
        timeout = self.settings.build_timeout
        with self.sessions.write.begin() as session:
            reader = snapshot_readers.ensure_reader(session, scope.territories)
            token = snapshot_readers.issue_token(session, reader, now, timeout + TOKEN_MARGIN)
        args = ["--server", self.settings.base_url, "--directory", str(self.settings.directory)]
        args += ["--scope", scope.key]
        for territory_id in scope.territories:
            args += ["--territory", territory_id]
        try:
            answer = self.run_builder(
                args, {SNAPSHOT_TOKEN_ENV: token}, timeout.total_seconds(), self.stopping
            )
        except subprocess.TimeoutExpired:
            logger.error("the snapshot build of scope %s took longer than %s", scope.key, timeout)
            return False
        finally:
            with self.sessions.write.begin() as session:
                snapshot_readers.revoke(session, token)
        if answer.returncode == 0:
            return True
        if self.stopping.is_set():
            logger.info("the snapshot build of scope %s ended with the server", scope.key)
            return False
        log = logger.info if answer.returncode == BUILDER_NOTHING else logger.error
        log("the snapshot build of scope %s: %s", scope.key, answer.stderr.strip()[-2000:])
        return False

    def tidy(self, now: dt.datetime, builder: Builder, feed: str, keep: list[str]) -> int:
        """Remove what no client can use any more, then the least used scopes' files while the
        directory is over its cap. `keep`: the wanted scopes' keys, most used first. Returns
        how many snapshots were removed."""
        directory = self.settings.directory
        wanted = set(keep)
        removed = 0
        newest: dict[str, Stored] = {}
        for stored in snapshot_store.published(directory):  # newest first
            offer = stored.manifest.offer
            usable = (
                stored.manifest.scope in wanted
                and offer.schema_revision == builder.schema_revision
                and offer.search_keys == builder.search_keys
                and offer.feed == feed
            )
            successor = newest.get(stored.manifest.scope)
            superseded = successor is not None and (
                now - successor.manifest.offer.built_at >= self.settings.superseded_grace
            )
            if not usable or superseded:
                snapshot_store.remove(stored)
                removed += 1
            elif successor is None:
                newest[stored.manifest.scope] = stored
        made_now = (builder.schema_revision, builder.search_keys)
        for scope, files in snapshot_store.working_replicas(directory).items():
            if scope not in wanted:
                snapshot_store.remove_files(files)
            else:
                snapshot_store.remove_files(
                    path
                    for path in files
                    if snapshot_store.working_replica_revision(path) not in (None, made_now)
                )
        snapshot_store.remove_files(
            snapshot_store.leftovers(directory, self.settings.build_timeout.total_seconds())
        )
        return removed + self._hold_cap(now, keep)

    def _hold_cap(self, now: dt.datetime, keep: list[str]) -> int:
        """Drop whole scopes (snapshots and working replica), the least used first, until the
        directory fits its cap. Use: the users working in exactly that scope (`keep`'s order),
        then when it was last offered."""
        directory = self.settings.directory
        removed = 0
        rank = {key: position for position, key in enumerate(keep)}
        dropped_now: set[str] = set()
        while snapshot_store.disk_use(directory) > self.settings.max_bytes:
            snapshots = snapshot_store.published(directory)
            replicas = snapshot_store.working_replicas(directory)
            scopes = {stored.manifest.scope for stored in snapshots} | set(replicas)
            scopes -= dropped_now  # a scope whose files would not go: given up on
            if not scopes:
                return removed
            last_used = {
                scope: max((s.last_used for s in snapshots if s.manifest.scope == scope), default=0)
                for scope in scopes
            }
            victim = max(scopes, key=lambda s: (rank.get(s, len(rank)), -last_used[s]))
            for stored in snapshots:
                if stored.manifest.scope == victim:
                    snapshot_store.remove(stored)
                    removed += 1
            snapshot_store.remove_files(replicas.get(victim, []))
            self.dropped[victim] = now
            dropped_now.add(victim)
            logger.info("removed scope %s's snapshot files to keep within the disk cap", victim)
        return removed


# How long the scheduler waits, at most, for its server to answer before the first round (the
# thread starts with the app, before uvicorn listens).
SERVING_WAIT_S = 60


class SnapshotScheduler:
    """`Snapshots.run_round` every `check_every` on a thread of its own while the server runs."""

    def __init__(self, sessions: Sessions, settings: SnapshotSettings) -> None:
        self.snapshots = Snapshots(sessions, settings)
        self.interval = settings.check_every.total_seconds()
        self._stop = self.snapshots.stopping
        self._thread = threading.Thread(target=self._run, name="fieldbook-snapshots", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        self._wait_until_serving()
        while not self._stop.is_set():
            try:
                report = self.snapshots.run_round(dt.datetime.now(dt.UTC))
                if report.built or report.failed:
                    logger.info("snapshots built: %s; failed: %s", report.built, report.failed)
            except Exception:  # a bug or the disk: the server goes on serving, pulls still work
                logger.exception("the snapshot round failed; trying again later")
            self._stop.wait(self.interval)

    def _wait_until_serving(self) -> None:
        """Until the server answers at the builder's address (or `SERVING_WAIT_S` passed)."""
        url = self.snapshots.settings.base_url + HEALTH_PATH
        deadline = time.monotonic() + SERVING_WAIT_S
        while not self._stop.is_set() and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return
            except OSError:
                self._stop.wait(0.5)
