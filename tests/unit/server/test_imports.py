"""The server shares only `protocol` with the client, and never loads Qt."""

from __future__ import annotations

import subprocess
import sys

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
