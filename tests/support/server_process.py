"""A real `fieldbook-server` process on a free loopback port, for end-to-end tests, and its
admin commands: forks of the test process's launcher (`tests.support.launcher`), or
the installed command itself where that is the point (the benchmarks measure it)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import requests

from tests.support.launcher import LaunchedProcess, launcher
from tests.support.postgres import free_port

# What uvicorn says once it listens, and when its port is taken.
_LISTENING = "Uvicorn running on"
_PORT_TAKEN = "address already in use"
SERVER_COMMAND = str(Path(sys.executable).with_name("fieldbook-server"))


def admin(db_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run an admin command of the server CLI; fails the test with its output if it fails."""
    done = launcher().run(["--db", db_url, *args], stdin=stdin)
    assert done.returncode == 0, f"{args} failed: {done.stdout}{done.stderr}"
    return done


def add_user(db_url: str, name: str, territory: str, role: str = "rep") -> None:
    """A user who signs in with the password `pw-NAME`."""
    admin(
        db_url,
        *("user", "add", name, "--role", role, "--territory", territory, "--password-stdin"),
        stdin=f"pw-{name}\n",
    )


class ServerProcess:
    """`environment`: variables set for the server beside this process's own; `forked`: a fork
    of the launcher rather than the installed command (the same server, started at once)."""

    def __init__(
        self,
        db_url: str,
        log_path: Path,
        *serve_args: str,
        environment: Mapping[str, str] | None = None,
        forked: bool = True,
    ) -> None:
        self.db_url = db_url
        self.environment = dict(environment or {})
        self.forked = forked
        self.log_path = log_path
        self.serve_args = serve_args
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | LaunchedProcess | None = None
        self.has_started = False

    def start(self) -> None:
        """Start the server and wait until it answers. A first start whose port another process
        took meanwhile (`free_port` only found it free) moves to another port; a restart keeps
        its address, as clients hold it."""
        for _attempt in range(3):
            if self._started():
                self.has_started = True
                return
            assert not self.has_started, self.log_path.read_text()
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
        raise AssertionError("no free port for fieldbook-server:\n" + self.log_path.read_text())

    def _started(self) -> bool:
        """Whether this server listens and answers; False if its port was taken."""
        written = self.log_path.stat().st_size if self.log_path.exists() else 0
        self.process = self._launch(
            "--db", self.db_url, "serve", "--host", "127.0.0.1", "--port", str(self.port),
            *self.serve_args,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            said = self._said_since(written)
            if self.process.poll() is not None:
                if _PORT_TAKEN in said:
                    self.process = None
                    return False
                raise AssertionError(self.log_path.read_text())
            # Answers count only once this process listens: another server on a port taken
            # meanwhile would answer too.
            try:
                if _LISTENING in said and requests.get(self.url + "/healthz", timeout=1).ok:
                    return True
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise AssertionError(
            "fieldbook-server did not become healthy:\n" + self.log_path.read_text()
        )

    def _launch(self, *args: str) -> subprocess.Popen[bytes] | LaunchedProcess:
        if self.forked:
            return launcher().start(
                args, stdout=self.log_path, stderr=self.log_path, environment=self.environment
            )
        with self.log_path.open("ab") as log:
            return subprocess.Popen(
                [SERVER_COMMAND, *args], stdout=log, stderr=log, env=os.environ | self.environment
            )

    def _said_since(self, offset: int) -> str:
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read().decode(errors="replace")

    def kill(self) -> None:
        """SIGKILL: the server gets no chance to finish anything."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=15)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=15)
            self.process = None
