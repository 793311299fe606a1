"""The launcher the tests start `fieldbook-server` and the snapshot builder with
(`tests.support.launcher`): each command is a process of its own that behaves as the installed
program does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.launcher import launcher
from tests.support.server_process import SERVER_COMMAND, ServerProcess

pytestmark = pytest.mark.e2e


def test_a_launched_command_answers_as_the_installed_one(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'server.db'}"
    added = launcher().run(
        ["--db", db_url, "user", "add", "ann", "--role", "rep", "--territory", "north",
         "--password-stdin"],
        stdin="pw-ann\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "ann" in added.stdout
    listed = ["--db", db_url, "user", "list"]
    again = ["--db", db_url, "user", "add", "ann", "--role", "rep", "--territory", "north"]
    again += ["--password-stdin"]  # she is there already: refused in a sentence
    for args, stdin in ((listed, ""), (again, "pw\n"), (["bogus"], "")):
        launched = launcher().run(args, stdin=stdin)
        installed = subprocess.run(
            [SERVER_COMMAND, *args], input=stdin, capture_output=True, text=True
        )
        said = (launched.returncode, launched.stdout, launched.stderr)
        assert said == (installed.returncode, installed.stdout, installed.stderr)


def test_a_launched_snapshot_builder_answers_as_the_installed_one() -> None:
    for args in (["--describe"], ["--scope", "x"]):  # what it builds; a sentence on bad input
        launched = launcher("snapshot builder").run(args)
        installed = subprocess.run(
            [sys.executable, "-m", "sync.snapshot_builder", *args], capture_output=True, text=True
        )
        said = (launched.returncode, launched.stdout, launched.stderr)
        assert said == (installed.returncode, installed.stdout, installed.stderr)


def test_a_launched_server_is_a_process_of_its_own(tmp_path: Path) -> None:
    server = ServerProcess(f"sqlite:///{tmp_path / 'server.db'}", tmp_path / "server.log")
    server.start()
    assert server.process is not None
    pid = server.process.pid
    assert pid not in (os.getpid(), launcher().process.pid)
    assert Path(f"/proc/{pid}/cmdline").exists()
    process = server.process
    server.kill()
    assert process.returncode == -signal.SIGKILL
