"""The design's layers are import-linter contracts (pyproject.toml), checked by `make lint`.

These tests plant each kind of wrong arrow in a copy of the tree and see the contracts refuse
it, so a contract that was loosened or mistyped cannot pass silently.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ui", "app", "sync", "local_store", "protocol", "server", "resources")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("tree")
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def test_the_contracts_hold_on_the_code_as_it_is(tree: Path) -> None:
    result = lint_imports(tree)

    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "contract"),
    [
        ("app/planted.py", "import ui.main", "Client layers"),
        ("local_store/planted.py", "import sync.engine", "Client layers"),
        ("protocol/planted.py", "import local_store.db", "Client layers"),
        ("server/planted.py", "import sync.transport", "The server shares only the protocol"),
        ("sync/planted.py", "import server.api", "The client never imports the server"),
        ("app/planted.py", "import PySide6.QtCore", "Qt only in ui"),
        ("ui/planted.py", "import sqlalchemy", "No SQL, HTTP or replica internals in ui"),
        ("protocol/planted.py", "import requests", "The protocol does no I/O"),
    ],
)
def test_a_wrong_arrow_breaks_its_contract(
    tree: Path, module: str, planted: str, contract: str
) -> None:
    path = tree / module
    path.write_text(planted + "\n", encoding="utf-8")
    try:
        result = lint_imports(tree)
    finally:
        path.unlink()

    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(line.startswith(contract) for line in broken), result.stdout
