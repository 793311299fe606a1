"""A throwaway PostgreSQL cluster for tests, started from the installed server binaries.

`FIELDBOOK_TEST_PG_URL` names an existing server instead. Where PostgreSQL is not installed the
tests that need it are skipped, except in CI (`CI=true`), where that is a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def find_bin_dir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    return Path(candidates[0]) if candidates else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root; run them as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Yield the URL of a fresh cluster on a free loopback port; removed afterwards."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL server binaries are not installed")
    root = Path(tempfile.mkdtemp(prefix="fieldbook-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = free_port()
    subprocess.run(
        _as_postgres(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "fieldbook",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    server = subprocess.Popen(
        _as_postgres(
            [
                str(bin_dir / "postgres"),
                "-D",
                str(data),
                "-p",
                str(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                f"unix_socket_directories={root}",
                "-c",
                "fsync=off",
                "-c",
                "max_connections=200",
            ]
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            ready = subprocess.run(
                [str(bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                capture_output=True,
            )
            if ready.returncode == 0:
                break
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the throwaway PostgreSQL cluster did not start")
            time.sleep(0.05)
        yield f"postgresql://fieldbook@127.0.0.1:{port}/postgres"
    finally:
        # A fast shutdown: a plain SIGTERM (smart shutdown) would wait for every client still
        # connected, such as the pools of engines a test never disposed.
        stop = [str(bin_dir / "pg_ctl"), "stop", "-D", str(data), "-m", "fast", "-w"]
        if subprocess.run(_as_postgres(stop), capture_output=True).returncode != 0:
            server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


def create_database(admin_url: str, name: str, template: str | None = None) -> str:
    """A new database on the cluster, empty or a copy of `template` (nobody may be connected
    to that); returns its URL."""
    import psycopg

    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"{copy}')
    return admin_url.rsplit("/", 1)[0] + "/" + name


def copy_database(url: str, name: str) -> str:
    """A new database made from the one at `url`; returns its URL."""
    base, template = url.rsplit("/", 1)
    return create_database(base + "/postgres", name, template)


@contextmanager
def new_database(admin_url: str | None, prefix: str) -> Iterator[str]:
    """The URL of a new database named `prefix` + a random suffix, on `admin_url`'s server or,
    when that is None, on a throwaway cluster that lives as long as the block."""
    name = prefix + uuid.uuid4().hex[:12]
    if admin_url is not None:
        yield create_database(admin_url, name)
        return
    with throwaway_cluster() as cluster_url:
        yield create_database(cluster_url, name)


def copy_live_database(url: str, name: str) -> str:
    """A copy of the database at `url` while a server uses it, as pg_dump takes one; returns
    its URL. `CREATE DATABASE … TEMPLATE` needs the database alone, so the server's
    connections are cut first, as a network blip would (its pool checks a connection before
    using it; a background round that loses its connection tries again later)."""
    import psycopg

    base, template = url.rsplit("/", 1)
    cut = (
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = %s AND pid <> pg_backend_pid()"
    )
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        for attempt in range(5):
            connection.execute(cut, (template,))
            try:
                connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                break
            except psycopg.errors.ObjectInUse:
                if attempt == 4:
                    raise
    return base + "/" + name
