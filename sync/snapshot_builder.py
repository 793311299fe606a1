"""The territory snapshot builder: a client of one scope that publishes copies of its replica.

`python -m sync.snapshot_builder --server URL --directory DIR --scope KEY --territory ID …`,
with the access token of the scope's service user in `$FIELDBOOK_SNAPSHOT_TOKEN`. The server
starts it (`server/snapshot_scheduler.py`); it is a client like any other: it keeps a working
replica of the scope in `DIR/replicas/`, brings it up to date through the normal protocol (the
sync engine and HTTP transport: a first build pulls the whole scope, later ones only what
changed), checks it against the server's counts, and publishes a copy stripped of everything
that is its own (`local_store.snapshot_copy`), compressed with zstd, beside a manifest
(`protocol.snapshots.SnapshotManifest`) written last. So the file is exactly what a client of
this version would have made, search keys and index included, and the server needs no client
code (docs/sync-protocol.md, "Snapshots").

Exit status: 0 published (the manifest's path on stdout), 3 nothing published (the scope holds
records this client cannot read, or another build of the scope is running), 2 failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import logging
import os
import secrets
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, cast

import zstandard

from local_store import bulk_load, snapshot_copy, state
from local_store.db import Replica
from local_store.migrate import head_revision
from local_store.search_keys import SEARCH_KEYS_VERSION
from protocol.snapshots import (
    BUILDING_DIR,
    MANIFEST_SUFFIX,
    PART_SUFFIX,
    REPLICAS_DIR,
    SNAPSHOT_SUFFIX,
    SNAPSHOT_TOKEN_ENV,
    SnapshotManifest,
    SnapshotOffer,
)
from sync.collection import collect_for_loads
from sync.engine import CountsAsker, SyncEngine
from sync.errors import SyncError
from sync.transport import Transport

log = logging.getLogger(__name__)

ZSTD_LEVEL = 3
CHUNK = 1 << 20
EXIT_PUBLISHED, EXIT_ERROR, EXIT_NOTHING = 0, 2, 3
BUILDER_NICENESS = 10  # on POSIX: a build yields the CPU to requests on a busy server


class BuildError(Exception):
    """The build cannot publish a snapshot it can vouch for; the message says why."""


class NothingToPublishError(Exception):
    """No snapshot this time, and no fault: the scope's clients pull page by page."""


def build(
    server_url: str, token: str, directory: Path, scope: str, territories: Sequence[str]
) -> SnapshotManifest:
    """Bring the scope's working replica up to date and publish a snapshot of it."""
    replicas = directory / REPLICAS_DIR
    replicas.mkdir(parents=True, exist_ok=True)
    with _held(replicas / f"{scope}.lock") as mine:
        if not mine:
            raise NothingToPublishError(f"another build of scope {scope} is running")
        _remove_leftovers(directory, scope)
        working = replicas / f"{scope}-{head_revision()}-k{SEARCH_KEYS_VERSION}.db"
        replica = Replica(working)
        try:
            _catch_up(replica, server_url, token, sorted(territories))
        finally:
            replica.close()
        return publish(working, directory, scope, sorted(territories))


def _catch_up(replica: Replica, server_url: str, token: str, territories: list[str]) -> None:
    """Pull until the feed is drained, and check the replica against the server's counts
    (once again from 0 if they disagree)."""
    transport = Transport(server_url)
    transport.token = token  # short-lived, no refresh: a build takes minutes at most
    engine = SyncEngine(replica, transport, snapshots=False)  # it makes them, never takes one
    if not _pull_and_check(engine, transport):
        log.warning(
            "the working replica of %s differs from the server; pulling from 0", territories
        )
        engine.resync()
        engine.pull()
        if not engine.counts_agree():
            raise BuildError("the replica still differs from the server's counts after a resync")
    with replica.session() as session:
        scope = state.get(session, state.SCOPE)
        if bulk_load.is_loading(session.connection()):
            raise BuildError("the replica's indexes are not built")
    if scope is None or sorted(scope) != territories:
        raise BuildError(f"the service user sees territories {scope}, not {territories}")


def _pull_and_check(engine: SyncEngine, transport: Transport) -> bool:
    """Pull until the feed is drained; whether the replica agrees with the server's counts
    (asked for as the last page arrives: the server counts while the builder writes that page
    and builds its indexes, a third of a first build)."""
    with CountsAsker(transport) as counts:
        engine.pull(on_drained=counts.ask)
        return engine.counts_agree(counts.answer)


def publish(working: Path, directory: Path, scope: str, territories: list[str]) -> SnapshotManifest:
    """Publish a stripped, compressed copy of the replica at `working`: `{id}.zst`, then its
    manifest `{id}.json`, each written to a temporary name, flushed to disk and renamed, so a
    manifest names only a whole file."""
    if unreadable := snapshot_copy.quarantined(working):
        raise NothingToPublishError(
            f"the scope holds {unreadable} records this version cannot read"
        )
    building = directory / BUILDING_DIR
    building.mkdir(parents=True, exist_ok=True)
    raw = building / f"{scope}-{secrets.token_hex(4)}.db"
    try:
        snapshot_copy.publish_copy(working, raw)
        held = snapshot_copy.facts(raw)
        if held.feed is None:
            raise BuildError("the server named no feed identity")
        snapshot_id = f"{scope[:16]}-{held.cursor}-{secrets.token_hex(4)}"
        target = directory / f"{snapshot_id}{SNAPSHOT_SUFFIX}"
        size, sha256 = _compress(raw, target)
        offer = SnapshotOffer(
            id=snapshot_id,
            schema_revision=held.schema_revision,
            search_keys=SEARCH_KEYS_VERSION,
            cursor=held.cursor,
            feed=held.feed,
            size=size,
            raw_size=raw.stat().st_size,
            sha256=sha256,
            counts=held.counts,
            checksums=held.checksums,
            built_at=dt.datetime.now(dt.UTC),
        )
        manifest = SnapshotManifest(offer=offer, scope=scope, territories=territories)
        _write_whole(
            directory / f"{snapshot_id}{MANIFEST_SUFFIX}", manifest.model_dump_json().encode()
        )
    finally:
        raw.unlink(missing_ok=True)
    log.info("published snapshot %s of %s at cursor %d", snapshot_id, scope, held.cursor)
    return manifest


class _Hashing:
    """A file the compressor writes to, counting and hashing what passes."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.size = 0
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.size += len(data)
        self.digest.update(data)
        return self.file.write(data)


def _compress(raw: Path, target: Path) -> tuple[int, str]:
    """Compress `raw` into `target` (zstd level 3, streaming, on every core); its size and
    SHA-256."""
    part = target.with_name(f".{target.name}{PART_SUFFIX}")
    compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL, threads=-1)
    try:
        with raw.open("rb") as source, part.open("wb") as file:
            hashing = _Hashing(file)
            # It only ever calls `write` (typed as wanting a whole file object).
            sink = cast(IO[bytes], hashing)
            with compressor.stream_writer(sink, size=raw.stat().st_size, closefd=False) as writer:
                while chunk := source.read(CHUNK):
                    writer.write(chunk)
            file.flush()
            os.fsync(file.fileno())
        os.replace(part, target)
        _sync_directory(target.parent)
    finally:
        part.unlink(missing_ok=True)
    return hashing.size, hashing.digest.hexdigest()


def _write_whole(target: Path, data: bytes) -> None:
    part = target.with_name(f".{target.name}{PART_SUFFIX}")
    try:
        with part.open("wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(part, target)
        _sync_directory(target.parent)
    finally:
        part.unlink(missing_ok=True)


def _sync_directory(path: Path) -> None:
    """Make a rename in `path` durable (POSIX; Windows has no directory handles to flush)."""
    if os.name == "nt":
        return
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _remove_leftovers(directory: Path, scope: str) -> None:
    """What an earlier build of this scope left half-written (killed): its uncompressed copy
    and its partial files. Called with the scope's lock held."""
    for path in (directory / BUILDING_DIR).glob(f"{scope}-*"):
        path.unlink(missing_ok=True)
    for path in directory.glob(f".{scope[:16]}-*{PART_SUFFIX}"):
        path.unlink(missing_ok=True)


@contextmanager
def _held(path: Path) -> Iterator[bool]:
    """Whether this process got the lock file at `path` (held until the block ends; the
    system frees it when a killed process dies)."""
    with path.open("a+b") as handle:
        try:
            _lock(handle)
        except OSError:
            yield False
            return
        yield True


def _lock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sync.snapshot_builder", description=__doc__)
    parser.add_argument(
        "--describe", action="store_true", help="print the schema revision and search-key rules"
    )
    parser.add_argument("--server", help="the server's base URL")
    parser.add_argument("--directory", type=Path, help="the snapshot directory")
    parser.add_argument("--scope", help="the scope's key (protocol.snapshots.scope_key)")
    parser.add_argument("--territory", dest="territories", action="append", default=[])
    args = parser.parse_args(argv)
    if args.describe:
        print(json.dumps({"schema_revision": head_revision(), "search_keys": SEARCH_KEYS_VERSION}))
        return EXIT_PUBLISHED
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    token = os.environ.get(SNAPSHOT_TOKEN_ENV, "")
    if not (token and args.server and args.directory and args.scope and args.territories):
        print(
            f"snapshot builder: needs ${SNAPSHOT_TOKEN_ENV}, --server, --directory, --scope "
            "and a --territory",
            file=sys.stderr,
        )
        return EXIT_ERROR
    if hasattr(os, "nice"):  # background work: the server answering users goes first
        os.nice(BUILDER_NICENESS)
    collect_for_loads()
    try:
        manifest = build(args.server, token, args.directory, args.scope, args.territories)
    except NothingToPublishError as nothing:
        print(f"snapshot builder: nothing published: {nothing}", file=sys.stderr)
        return EXIT_NOTHING
    except (BuildError, SyncError, OSError) as failed:
        print(f"snapshot builder: {failed}", file=sys.stderr)
        return EXIT_ERROR
    print(args.directory / f"{manifest.offer.id}{MANIFEST_SUFFIX}")
    return EXIT_PUBLISHED


if __name__ == "__main__":
    sys.exit(main())
