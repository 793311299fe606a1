"""`fieldbook-server serve --workers 2` on PostgreSQL: two uvicorn worker processes share the
port and serve sign-ins, pushes and pulls side by side; on SQLite more than one worker is
refused with a plain sentence."""

from __future__ import annotations

import re
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from sync.protocol import Mutation, PushRequest
from sync.transport import Transport
from tests.support.server_process import SERVER_COMMAND, ServerProcess, add_user, admin
from tests.support.threads import run_in_threads

pytestmark = [pytest.mark.e2e]

CLIENTS = 8


def all_records(transport: Transport, entity: str) -> dict[str, dict]:
    """Every record of `entity` the user sees, by id, paging through the whole feed."""
    found: dict[str, dict] = {}
    cursor, more = 0, True
    while more:
        page = transport.pull(cursor, 500)
        found.update((c.record_id, c.fields) for c in page.changes if c.entity == entity)
        cursor, more = page.cursor, page.has_more
    return found


def wait_for_workers(log_path: Path, count: int, timeout_s: float = 90) -> str:
    """The server's log once `count` workers have finished their start-up."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        log = log_path.read_text()
        if log.count("Application startup complete.") >= count:
            return log
        time.sleep(0.2)
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

        first = Transport(server.url, retries=0)
        first.sign_in("alice", "pw-alice")
        territories = all_records(first, "territory")
        territory_id = next(i for i, fields in territories.items() if fields["key"] == "A")

        def write(index: int) -> None:
            transport = Transport(server.url, retries=0)
            transport.sign_in("alice", "pw-alice")
            account = Mutation(
                seq=1,
                entity="account",
                record_id=str(uuid.uuid4()),
                op="upsert",
                base_version=0,
                fields={"name": f"Workers {index}", "territory_id": territory_id},
            )
            request = PushRequest(client_id=str(uuid.uuid4()), mutations=[account])
            assert [r.status for r in transport.push(request).results] == ["applied"]

        assert run_in_threads(write, CLIENTS) == []
        names = {fields.get("name") for fields in all_records(first, "account").values()}
        assert names == {f"Workers {index}" for index in range(CLIENTS)}
    finally:
        server.stop()


def test_several_workers_on_sqlite_are_refused_plainly(tmp_path: Path) -> None:
    done = subprocess.run(
        [SERVER_COMMAND, "--db", f"sqlite:///{tmp_path / 'server.db'}", "serve", "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Several workers need PostgreSQL" in done.stderr
    assert "Traceback" not in done.stderr
