"""The snapshot directory as the server reads it: the published snapshots, their use and size.

The builder (`sync/snapshot_builder.py`) writes `{id}.zst` and then its manifest `{id}.json`,
each under a temporary name (`.{name}.part`) renamed when whole. A snapshot exists for the
server only when its manifest reads as a `SnapshotManifest` and names a file of exactly its
size beside it: a build killed half-way leaves a `.part` file or a file without a manifest,
neither of which is ever offered. The manifest's modification time is when the snapshot was
last offered (its use, for the disk cap).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from protocol.snapshots import (
    BUILDING_DIR,
    MANIFEST_SUFFIX,
    PART_SUFFIX,
    REPLICAS_DIR,
    SNAPSHOT_SUFFIX,
    SnapshotManifest,
)

logger = logging.getLogger(__name__)

_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")


@dataclass(frozen=True)
class Stored:
    """One published snapshot: its manifest, its file and when it was last offered."""

    manifest: SnapshotManifest
    file: Path
    manifest_file: Path
    last_used: float

    @property
    def territories(self) -> frozenset[str]:
        return frozenset(self.manifest.territories)


def published(directory: Path) -> list[Stored]:
    """Every whole snapshot in `directory`, newest cursor first."""
    if not directory.is_dir():
        return []
    found = (_read(path) for path in directory.glob(f"*{MANIFEST_SUFFIX}"))
    return sorted(
        (stored for stored in found if stored is not None),
        key=lambda stored: (stored.manifest.offer.cursor, stored.manifest.offer.built_at),
        reverse=True,
    )


def by_id(directory: Path, snapshot_id: str) -> Stored | None:
    if not _ID.match(snapshot_id):
        return None
    return _read(directory / f"{snapshot_id}{MANIFEST_SUFFIX}")


def _read(manifest_file: Path) -> Stored | None:
    if manifest_file.name.startswith("."):
        return None
    try:
        manifest = SnapshotManifest.model_validate_json(manifest_file.read_bytes())
        used = manifest_file.stat().st_mtime
        file = manifest_file.with_name(f"{manifest.offer.id}{SNAPSHOT_SUFFIX}")
        size = file.stat().st_size
    except FileNotFoundError:
        return None  # removed meanwhile, or never whole
    except (OSError, ValidationError, ValueError) as exc:
        logger.warning("the snapshot manifest %s cannot be read: %s", manifest_file, exc)
        return None
    if manifest_file.stem != manifest.offer.id or size != manifest.offer.size:
        logger.warning("the snapshot manifest %s does not match its file", manifest_file)
        return None
    return Stored(manifest, file, manifest_file, used)


def fitting(
    snapshots: Iterable[Stored],
    territories: frozenset[str],
    schema_revision: str,
    search_keys: int,
    feed: str,
    horizon: int,
) -> Stored | None:
    """The newest snapshot of exactly `territories`, made with this schema revision and these
    search-key rules, of this feed's history, from which a pull can go on (not below the
    retention horizon)."""
    for stored in snapshots:
        offer = stored.manifest.offer
        if (
            stored.territories == territories
            and offer.schema_revision == schema_revision
            and offer.search_keys == search_keys
            and offer.feed == feed
            and offer.cursor >= horizon
        ):
            return stored
    return None


def mark_used(stored: Stored) -> None:
    """Remember that `stored` was offered now (best effort: a read-only directory just forgets)."""
    try:
        os.utime(stored.manifest_file)
    except OSError as exc:
        logger.debug("could not mark %s used: %s", stored.manifest_file, exc)


def remove(stored: Stored) -> None:
    """The manifest first, so the snapshot is never offered without its file."""
    stored.manifest_file.unlink(missing_ok=True)
    stored.file.unlink(missing_ok=True)
    logger.info("removed snapshot %s", stored.manifest.offer.id)


def working_replicas(directory: Path) -> dict[str, list[Path]]:
    """The builder's working replica files (with their -wal, -shm and lock files) by scope."""
    by_scope: dict[str, list[Path]] = {}
    replicas = directory / REPLICAS_DIR
    if replicas.is_dir():
        for path in replicas.iterdir():
            scope = path.name.split("-", 1)[0].split(".", 1)[0]
            by_scope.setdefault(scope, []).append(path)
    return by_scope


def working_replica_revision(path: Path) -> tuple[str, int] | None:
    """The schema revision and search-key version a working replica file was made for, from
    its name `{scope}-{revision}-k{keys}.db` (and -wal, -shm); None: the scope's lock file."""
    match = re.match(r"^[0-9a-f]+-(.+)-k(\d+)\.db(-wal|-shm|-journal)?$", path.name)
    return (match.group(1), int(match.group(2))) if match else None


def remove_files(paths: Iterable[Path]) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def leftovers(directory: Path, older_than_s: float) -> list[Path]:
    """Temporary files of builds that died (older than any build may run), and files whose
    manifest never came."""
    now = time.time()
    candidates = [*directory.glob(f".*{PART_SUFFIX}"), *(directory / BUILDING_DIR).glob("*")]
    manifests = {path.stem for path in directory.glob(f"*{MANIFEST_SUFFIX}")}
    candidates += [
        path for path in directory.glob(f"*{SNAPSHOT_SUFFIX}") if path.stem not in manifests
    ]
    old = []
    for path in candidates:
        try:
            if now - path.stat().st_mtime > older_than_s:
                old.append(path)
        except FileNotFoundError:
            continue
    return old


def disk_use(directory: Path) -> int:
    """Bytes of every file under `directory`."""
    total = 0
    for root, _dirs, files in os.walk(directory):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except FileNotFoundError:
                continue
    return total
