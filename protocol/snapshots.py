"""Territory snapshots: a ready replica file a new laptop downloads instead of pulling page by page.

The server keeps, per scope (a set of territories users work in), a replica file in the client's
exact schema, compressed with zstd, built by a program that syncs as a client would
(docs/sync-protocol.md, "Snapshots"). A client whose replica holds no synced records asks
`SNAPSHOT_PATH` which one fits its scope, downloads `SNAPSHOT_FILE_PATH` (with `Range` to
resume), checks it against the offer and installs it, then pulls the feed from `cursor`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Annotated

from pydantic import Field

from protocol.model import StrictModel
from protocol.paths import API_PREFIX
from protocol.sync import Position

# GET with query parameters `schema` (the client's replica migration revision) and `keys` (its
# SEARCH_KEYS version): a `SnapshotOffer` for the caller's current scope, or 404 "no_snapshot"
# when none fits (no snapshot of exactly that scope, revision and key version; snapshots
# switched off). The same 404 answers every reason, so it never tells that another scope has one.
SNAPSHOT_PATH = f"{API_PREFIX}/sync/snapshot"
# GET the offer's file: `{snapshot_id}` is the offer's `id`. The body is the zstd-compressed
# replica (`application/zstd`); `Range: bytes=N-` resumes an interrupted download (206), and the
# answer is `Cache-Control: private, no-store`. 404 for a caller whose scope is not the
# snapshot's, exactly as for an id that does not exist.
SNAPSHOT_FILE_PATH = f"{API_PREFIX}/sync/snapshot/{{snapshot_id}}"

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class SnapshotOffer(StrictModel):
    """A snapshot the caller may install.

    `id`: names the file (`SNAPSHOT_FILE_PATH`). `schema_revision` and `search_keys`: the
    replica migration revision and search-key rules version the file was built with; a client
    installs only a file whose both equal its own. `cursor`: the caller's feed position the file
    holds everything up to (pull from it after installing), with `feed`, the feed identity it
    was taken from (as `PullResponse.feed`). `size` and `sha256`: of the compressed file;
    `raw_size`: of the decompressed one. `counts` and `checksums`: the live records per entity
    and their `scope_checksum`, as `CountsResponse` would answer at `cursor`, so the client
    checks its install without asking the server to read every record. `built_at`: when.
    """

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,100}$")]
    schema_revision: str
    search_keys: int
    cursor: Position
    feed: str
    size: Annotated[int, Field(ge=1)]
    raw_size: Annotated[int, Field(ge=1)]
    sha256: Sha256
    counts: dict[str, int]
    checksums: dict[str, str]
    built_at: dt.datetime


# The environment variable the server hands the snapshot builder its access token in (never on
# the command line, where every user of the machine can read it).
SNAPSHOT_TOKEN_ENV = "FIELDBOOK_SNAPSHOT_TOKEN"
# The compressed file and its manifest in the server's snapshot directory: `{id}.zst`, `{id}.json`.
SNAPSHOT_SUFFIX = ".zst"
MANIFEST_SUFFIX = ".json"
PART_SUFFIX = ".part"  # `.{name}.part`: a file still being written, never taken for a snapshot
REPLICAS_DIR = "replicas"  # the builder's working replicas, `{scope}-{revision}-k{keys}.db`
BUILDING_DIR = ".building"  # uncompressed copies while they are compressed


def scope_key(territories: Iterable[str]) -> str:
    """The name of a scope (a set of territory ids): the same set, in any order, the same key."""
    joined = "\n".join(sorted(set(territories)))
    return hashlib.sha256(joined.encode()).hexdigest()[:32]


class SnapshotManifest(StrictModel):
    """What the server's snapshot directory holds beside each file, written last by the builder:
    the offer a user of `territories` gets, and the scope it is for (`scope`: `scope_key`)."""

    offer: SnapshotOffer
    scope: str
    territories: list[str]
