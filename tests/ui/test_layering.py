"""ui/ talks to the app layer only: no SQL, no HTTP, no replica internals."""

from __future__ import annotations

import ast
from pathlib import Path

import ui

FORBIDDEN = ("sqlalchemy", "requests", "local_store", "sync.transport", "sync.replica_side")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_ui_imports_neither_sql_nor_http() -> None:
    offenders = {
        f"{path.name}: {name}"
        for path in Path(ui.__file__).parent.glob("*.py")
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    }
    assert not offenders
