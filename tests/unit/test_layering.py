"""The layers of the design, checked on the import statements of every module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
                if node.module == "sync":
                    names.update(f"sync.{alias.name}" for alias in node.names)
                elif node.module.startswith("sync."):
                    names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


# The single-instance socket must live in the GUI's event loop: that one app module may use
# QtCore and QtNetwork (never widgets); every other module below the UI stays free of Qt.
QT_ALLOWED = {"app/single_instance.py"}


@pytest.mark.parametrize("package", ["local_store", "sync", "server", "app"])
def test_no_qt_below_the_ui(package):
    offenders = {
        f
        for f, names in imported_modules(package).items()
        if "PySide6" in names and f not in QT_ALLOWED
    }
    assert not offenders


def test_the_single_instance_module_uses_no_widgets():
    source = (ROOT / "app/single_instance.py").read_text(encoding="utf-8")
    assert "QtWidgets" not in source and "QtGui" not in source


def test_no_sql_or_http_in_the_ui():
    banned = {"sqlalchemy", "sqlite3", "requests", "httpx", "urllib3", "local_store"}
    offenders = {f: names & banned for f, names in imported_modules("ui").items() if names & banned}
    assert not offenders


def test_the_server_shares_only_the_protocol_with_the_client():
    client = {"app", "ui", "local_store"}
    for path, names in imported_modules("server").items():
        assert not names & client, path
        assert {n for n in names if n.startswith("sync.")} <= {"sync.protocol"}, path


def test_the_client_never_imports_the_server():
    for package in ("app", "ui", "sync", "local_store"):
        for path, names in imported_modules(package).items():
            assert "server" not in names, path
