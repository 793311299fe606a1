"""A real `fieldbook-server serve` builds territory snapshots in the background and serves them:
a rep's offer appears without anyone asking for a build, and the file downloaded in two parts
is the replica the offer describes."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
import requests
import zstandard

from local_store import snapshot_copy
from local_store.migrate import head_revision
from local_store.search_keys import SEARCH_KEYS_VERSION
from protocol.paths import TOKEN_PATH
from protocol.snapshots import SNAPSHOT_FILE_PATH, SNAPSHOT_PATH, SnapshotOffer
from server import seed
from tests.support.server_process import ServerProcess, admin

pytestmark = pytest.mark.e2e

BUILT_WITHIN_S = 240
# A stopped server's shutdown (uvicorn's own, and a builder ended) takes well under this; one
# that waited for its builds took five seconds and more.
STOPPED_WITHIN_S = 4


def _builders_of(server: ServerProcess) -> list[int]:
    """The pids of builder processes syncing through `server` (`/proc`, Linux)."""
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:  # ended meanwhile
            continue
        if b"sync.snapshot_builder" in words and server.url.encode() in words:
            pids.append(int(cmdline.parent.name))
    return pids


def _serving_demo_with_snapshots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ServerProcess:
    """A started server of a small demo database, building snapshots in the background."""
    db_url = f"sqlite:///{tmp_path / 'server.db'}"
    admin(db_url, "seed-demo", "--accounts", "30")
    monkeypatch.setenv("FIELDBOOK_SNAPSHOTS", "on")
    monkeypatch.setenv("FIELDBOOK_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    server = ServerProcess(db_url, tmp_path / "server.log")
    server.start()
    return server


def _headers(server: ServerProcess, name: str) -> dict[str, str]:
    answer = requests.post(
        server.url + TOKEN_PATH,
        json={"username": name, "password": seed.DEMO_PASSWORD},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_a_serving_server_builds_snapshots_in_the_background_and_serves_them_resumably(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = _serving_demo_with_snapshots(tmp_path, monkeypatch)
    try:
        rep = _headers(server, "demo")
        query: dict[str, str | int] = {"schema": head_revision(), "keys": SEARCH_KEYS_VERSION}
        deadline = time.monotonic() + BUILT_WITHIN_S
        while True:
            offered = requests.get(
                server.url + SNAPSHOT_PATH, params=query, headers=rep, timeout=30
            )
            if offered.status_code == 200 or time.monotonic() > deadline:
                break
            assert offered.json()["error"] == "no_snapshot"
            time.sleep(1)
        assert offered.status_code == 200, (tmp_path / "server.log").read_text()
        offer = SnapshotOffer.model_validate_json(offered.content)
        path = server.url + SNAPSHOT_FILE_PATH.format(snapshot_id=offer.id)
        half = offer.size // 2
        first = requests.get(path, headers=rep | {"Range": f"bytes=0-{half - 1}"}, timeout=30)
        rest = requests.get(path, headers=rep | {"Range": f"bytes={half}-"}, timeout=30)
        assert (first.status_code, rest.status_code) == (206, 206)
        packed = first.content + rest.content
        assert hashlib.sha256(packed).hexdigest() == offer.sha256
        raw = tmp_path / "installed.db"
        raw.write_bytes(zstandard.ZstdDecompressor().decompress(packed))
        held = snapshot_copy.facts(raw)
        assert (held.cursor, held.feed, held.counts, held.checksums) == (
            offer.cursor,
            offer.feed,
            offer.counts,
            offer.checksums,
        )
        assert offer.counts["account"] > 0
        other = _headers(server, "east")
        refused = requests.get(path, headers=other, timeout=30)
        assert (refused.status_code, refused.json()["error"]) == (404, "no_snapshot")
    finally:
        server.stop()


def test_a_server_stopped_while_it_builds_ends_the_build_and_starts_no_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopping the server (the demo's window closed, or `systemctl stop`) does not wait for the
    round's builds, and leaves no builder running after it."""
    server = _serving_demo_with_snapshots(tmp_path, monkeypatch)
    try:
        deadline = time.monotonic() + BUILT_WITHIN_S
        while not _builders_of(server):
            assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.05)
    finally:
        asked = time.monotonic()
        server.stop()
        stopped_in = time.monotonic() - asked
    assert stopped_in < STOPPED_WITHIN_S, (tmp_path / "server.log").read_text()
    assert _builders_of(server) == []
