"""`fieldbook-server serve --workers 2` on PostgreSQL: two uvicorn worker processes share the
port and serve sign-ins, pushes and pulls side by side; on SQLite more than one worker is
refused with a plain sentence."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest

from tests.support.feed_client import account_names, push_accounts, signed_in
from tests.support.server_process import SERVER_COMMAND, ServerProcess, add_user, admin
from tests.support.threads import run_in_threads

pytestmark = [pytest.mark.e2e]

CLIENTS = 8


def wait_for_workers(log_path: Path, count: int, timeout_s: float = 90) -> str:
    """The server's log once `count` workers have finished their start-up."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        log = log_path.read_text()
        if log.count("Application startup complete.") >= count:
            return log
        time.sleep(0.05)
    raise AssertionError(f"{count} workers did not start:\n{log_path.read_text()}")


@pytest.mark.postgres
def test_two_workers_on_postgresql_serve_side_by_side(pg_url: str, tmp_path: Path) -> None:
    admin(pg_url, "load-defaults")
    add_user(pg_url, "alice", "A")
    server = ServerProcess(pg_url, tmp_path / "server.log", "--workers", "2")
    server.start()
    try:
        assert server.process is not None
        pid = server.process.pid
        log = wait_for_workers(server.log_path, 2)
        # uvicorn's supervisor and one "Started server process [PID]" line per worker.
        workers = set(re.findall(r"Started server process \[(\d+)\]", log)) - {str(pid)}
        assert len(workers) == 2, log
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        assert workers <= set(children)

        def write(index: int) -> None:
            push_accounts(signed_in(server.url, "alice"), "A", f"Workers {index}")

        assert run_in_threads(write, CLIENTS) == []
        assert account_names(signed_in(server.url, "alice")) == {
            f"Workers {index}" for index in range(CLIENTS)
        }
    finally:
        server.stop()


def test_several_workers_on_sqlite_are_refused_plainly(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            SERVER_COMMAND,
            "--db",
            f"sqlite:///{tmp_path / 'server.db'}",
            "serve",
            "--workers",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Several workers need PostgreSQL" in done.stderr
    assert "Traceback" not in done.stderr
