"""A burst of parallel sign-ins for one user, against a real server process at production
password-hashing cost: the throttle holds, nothing fails with 5xx, memory stays bounded."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from protocol.paths import TOKEN_PATH
from server.settings import ServerSettings
from tests.support.server_process import ServerProcess, add_user

pytestmark = pytest.mark.e2e

BURST = 40
# The server idles at about 120 MB; each argon2 check takes 64 MiB while it runs, and at most
# `concurrent_password_checks` (4) run at once. Unbounded, a burst of 20 took it to 1.47 GB.
PEAK_RSS_LIMIT_MB = 500


def peak_rss_mb(pid: int) -> float:
    """The process's high-water mark of resident memory (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    db_url = f"sqlite:///{tmp_path / 'server.db'}"
    add_user(db_url, "rep", "north")
    process = ServerProcess(db_url, tmp_path / "server.log")
    process.start()
    yield process
    process.stop()


def sign_in(server: ServerProcess, password: str) -> int:
    body = {"username": "rep", "password": password}
    return requests.post(server.url + TOKEN_PATH, json=body, timeout=60).status_code


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_forty_parallel_guesses_with_the_right_password_last(server: ServerProcess) -> None:
    passwords = ["wrong"] * (BURST - 1) + ["pw-rep"]
    assert server.process is not None

    with ThreadPoolExecutor(BURST) as pool:
        statuses = list(pool.map(lambda password: sign_in(server, password), passwords))

    limit = ServerSettings().user_throttle.free_failures
    checked = [status for status in statuses if status in (200, 401)]
    assert all(status in (200, 401, 429) for status in statuses), statuses
    assert len(checked) <= limit, statuses
    assert statuses.count(429) >= BURST - limit
    assert peak_rss_mb(server.process.pid) < PEAK_RSS_LIMIT_MB
