"""The server shares only `protocol` with the client, and never loads Qt."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHECK = """
import pkgutil, sys
import server
for module in pkgutil.iter_modules(server.__path__):
    if module.name != "__main__":
        __import__("server." + module.name)
client = {"PySide6", "app", "ui", "sync", "local_store"}
bad = sorted(name for name in sys.modules if name.split(".")[0] in client)
print(bad)
"""


def test_server_imports_nothing_of_the_client() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True, timeout=60
    )

    assert result.stdout.strip() == "[]"


ADMIN = """
import sys

import pytest
from server import cli
code = cli.main(sys.argv[1:])
web = {"fastapi", "starlette", "uvicorn"}
print(code, sorted({name.split(".")[0] for name in sys.modules} & web))
"""


@pytest.mark.parametrize(
    "command",
    [
        ["migrate"],
        ["load-defaults"],
        ["user", "add", "ann", "--role", "rep", "--territory", "A", "--password-stdin"],
        ["user", "territories", "ann", "--territory", "B"],
        ["compact"],
    ],
)
def test_an_admin_command_runs_without_loading_the_web_server(tmp_path, command) -> None:
    """IT scripts add hundreds of people one command each: a command that serves nothing
    starts without FastAPI, Starlette and uvicorn (a third of its start)."""
    db = f"sqlite:///{tmp_path / 'server.db'}"
    if command[:2] == ["user", "territories"]:
        add = [sys.executable, "-m", "server", "--db", db, "user", "add", "ann", "--role", "rep"]
        subprocess.run(
            [*add, "--territory", "A", "--password-stdin"], input="pw-ann\n", text=True, check=True
        )
    result = subprocess.run(
        [sys.executable, "-c", ADMIN, "--db", db, *command],
        input="pw-ann\n",
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )

    assert result.stdout.strip().splitlines()[-1] == "0 []", result.stderr
