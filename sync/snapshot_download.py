"""Fetching a territory snapshot: the offer, the download (resumed after a break), the checks.

A replica with no synced records asks the server for the snapshot that fits it
(`Transport.snapshot_offer`, with its schema revision and search-key version). The file is
downloaded beside the replica into a partial file, with a note of the offer it belongs to; a
broken download is resumed at the next sync with `Range: bytes=N-` (the same offer: same id,
size and SHA-256), a different offer starts over. The whole file must have the offer's size and
SHA-256, and unpacked it must pass `local_store.snapshot_install.check`, or it is never
installed: a file that fails is removed (a clear line in the log) and the caller pulls page by
page instead. A download cut off by the network keeps what arrived and fails the sync as
offline, like any other request.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from local_store.migrate import head_revision
from local_store.search_keys import SEARCH_KEYS_VERSION
from local_store.snapshot_install import SnapshotRejectedError, check, unpack, unpacking_path
from protocol.snapshots import SnapshotOffer
from sync.transport import Transport

log = logging.getLogger(__name__)

PART_SUFFIX = ".snapshot"  # the compressed file as far as it arrived, beside the replica
NOTE_SUFFIX = ".snapshot.json"  # which offer the partial file belongs to
# Reports of the download's progress: at most this often (a signal to the UI each).
REPORT_EVERY_S = 0.25
# Time left is told once the download has run this long (a rate from less is noise).
RATE_AFTER_S = 0.5

# (bytes so far, bytes in all, seconds left or None while unknown)
OnBytes = Callable[[int, int, float | None], None]


def fetch(
    transport: Transport, replica_path: Path, on_bytes: OnBytes
) -> tuple[SnapshotOffer, Path] | None:
    """The offer that fits this replica and its file, downloaded, unpacked beside the replica
    and checked; None when the server offers none or the file fails a check (the caller pulls
    page by page). A broken connection raises the transport's OFFLINE SyncError, keeping the
    part that arrived for the next attempt."""
    offer = transport.snapshot_offer(head_revision(), SEARCH_KEYS_VERSION)
    if offer is None:
        return None
    log.info(
        "snapshot %s offered: %d bytes at cursor %d (built %s)",
        offer.id,
        offer.size,
        offer.cursor,
        offer.built_at.isoformat(),
    )
    if not lines_up(transport, offer):
        return None
    part = replica_path.with_name(replica_path.name + PART_SUFFIX)
    unpacked = unpacking_path(replica_path)
    try:
        download(transport, offer, part, on_bytes)
        unpack(part, unpacked, offer.raw_size)
        check(unpacked, offer)
    except SnapshotRejectedError as refused:
        log.warning("snapshot %s not installed: %s; pulling page by page", offer.id, refused)
        discard(replica_path)
        return None
    return offer, unpacked


def lines_up(transport: Transport, offer: SnapshotOffer) -> bool:
    """Whether the feed goes on from the offer's cursor in the offer's feed, asked with a pull
    of one record before anything is downloaded. A snapshot whose cursor the feed's compaction
    has passed would only be followed by a resync, and one of another feed identity (a server
    restored from a backup since) would have its records taken for this replica's own and
    offered again (`sync.replica_side.hold_back`): either is never installed."""
    page = transport.pull(offer.cursor, 1)
    if page.resync_required or (page.feed and page.feed != offer.feed):
        log.warning(
            "snapshot %s does not line up with the feed (cursor %d of %s; the feed: %s%s); "
            "pulling page by page",
            offer.id,
            offer.cursor,
            offer.feed,
            page.feed,
            ", compacted past it" if page.resync_required else "",
        )
        return False
    return True


def download(transport: Transport, offer: SnapshotOffer, part: Path, on_bytes: OnBytes) -> None:
    """Bring `part` to the offer's whole file, resuming what an earlier attempt left of the
    same offer; SnapshotRejectedError (and `part` removed) when the file is not the offer's."""
    start = _resumable(part, offer)
    if start < offer.size:
        body = transport.snapshot_file(offer.id, start)
        if body.start != start:
            log.info(
                "the server sent snapshot %s from byte %d, not %d", offer.id, body.start, start
            )
        if body.start > start:
            body.close()
            raise SnapshotRejectedError(f"a range from byte {body.start} was sent, not {start}")
        _receive(body.chunks(), part, body.start, offer.size, on_bytes)
    size = part.stat().st_size
    if size != offer.size:
        _forget(part)
        raise SnapshotRejectedError(f"{size} bytes arrived, the offer says {offer.size}")
    digest = _sha256(part)
    if digest != offer.sha256:
        _forget(part)
        raise SnapshotRejectedError(f"SHA-256 {digest}, the offer says {offer.sha256}")


def _resumable(part: Path, offer: SnapshotOffer) -> int:
    """How many bytes of the offer's file `part` already holds (0: start over, with a new note
    naming the offer)."""
    note = _note_path(part)
    mine = {"id": offer.id, "size": offer.size, "sha256": offer.sha256}
    try:
        noted = json.loads(note.read_text(encoding="utf-8"))
        held = part.stat().st_size
    except (OSError, ValueError):
        noted, held = None, 0
    if noted == mine and held <= offer.size:
        if held:
            log.info("resuming snapshot %s at byte %d of %d", offer.id, held, offer.size)
        return held
    part.write_bytes(b"")
    note.write_text(json.dumps(mine), encoding="utf-8")
    return 0


def _receive(
    chunks: Iterable[bytes], part: Path, start: int, total: int, on_bytes: OnBytes
) -> None:
    """Write the arriving bytes into `part` from `start` on, telling the progress."""
    began = time.monotonic()
    reported = 0.0
    done = start
    with part.open("r+b") as file:
        file.truncate(start)
        file.seek(start)
        try:
            for chunk in chunks:
                file.write(chunk)
                done += len(chunk)
                if done > total:
                    break
                now = time.monotonic()
                if now - reported >= REPORT_EVERY_S:
                    reported = now
                    on_bytes(done, total, _seconds_left(done - start, total - done, now - began))
        finally:
            file.flush()
            os.fsync(file.fileno())
    on_bytes(min(done, total), total, 0.0)


def _seconds_left(received: int, remaining: int, elapsed: float) -> float | None:
    if elapsed < RATE_AFTER_S or received <= 0:
        return None
    return remaining / (received / elapsed)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _note_path(part: Path) -> Path:
    return part.with_name(part.name.removesuffix(PART_SUFFIX) + NOTE_SUFFIX)


def _forget(part: Path) -> None:
    for path in (part, _note_path(part)):
        path.unlink(missing_ok=True)


def discard(replica_path: Path) -> None:
    """Remove what a snapshot download and unpacking left beside the replica."""
    _forget(replica_path.with_name(replica_path.name + PART_SUFFIX))
    unpacking_path(replica_path).unlink(missing_ok=True)
