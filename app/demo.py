"""Demo mode: a seeded fieldbook-server on a free loopback port with a SQLite file of its own.

The server runs as a child process (the client never imports server code), seeded with the demo
territories, users, default code sets and processes, and a few hundred accounts. In the
PyInstaller bundle there is no Python to run `-m server` with: the bundle's own executable is
the child, started with `EMBEDDED_SERVER` as its first argument (packaging/fieldbook_entry.py).
"""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

log = logging.getLogger(__name__)

DEMO_USER = "demo"
DEMO_PASSWORD = "demo"
EMBEDDED_SERVER = "--embedded-server"


def server_program() -> list[str]:
    """The command that runs `fieldbook-server`, from source or from the bundle."""
    if getattr(sys, "frozen", False):
        return [sys.executable, EMBEDDED_SERVER]
    return [sys.executable, "-m", "server"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class DemoServer:
    def __init__(self, workdir: Path, *, accounts: int = 300, seed: int = 7) -> None:
        self.workdir = workdir
        self.accounts = accounts
        self.seed = seed
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""

    def _server_command(self, *args: str) -> list[str]:
        db = f"sqlite:///{self.workdir / 'server.db'}"
        return [*server_program(), "--db", db, *args]

    def start(self, timeout_s: float = 30.0) -> str:
        """Seed a fresh database, start serving it, and return the server's URL when healthy."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        log_file = (self.workdir / "server.log").open("ab")
        subprocess.run(
            self._server_command(
                "seed-demo", "--accounts", str(self.accounts), "--seed", str(self.seed)
            ),
            check=True,
            stdout=log_file,
            stderr=log_file,
        )
        port = free_port()
        self.process = subprocess.Popen(
            self._server_command("serve", "--host", "127.0.0.1", "--port", str(port)),
            stdout=log_file,
            stderr=log_file,
        )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the demo server stopped; see {self.workdir / 'server.log'}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).ok:
                    log.info("demo server up at %s", self.url)
                    return self.url
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("the demo server did not answer in time")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
