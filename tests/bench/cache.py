"""Built databases kept between benchmark runs, so a repeated `make bench` starts fast.

A file's name holds what it was built from: the dataset, the seed and a hash of the code that
shapes it (server, sync, replica, default content, the dataset generator). Changing any of
that code builds afresh. `FIELDBOOK_BENCH_CACHE` moves the cache (default `.bench-cache/` in
the repository).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path

CACHE_ENV = "FIELDBOOK_BENCH_CACHE"
REPO = Path(__file__).resolve().parents[2]
_SHAPING_CODE = ("server", "sync", "local_store", "resources/defaults", "tests/bench/datasets.py")


def cache_dir() -> Path:
    path = Path(os.environ.get(CACHE_ENV) or REPO / ".bench-cache")
    path.mkdir(parents=True, exist_ok=True)
    return path


@cache
def code_version() -> str:
    digest = hashlib.sha256()
    for root in _SHAPING_CODE:
        base = REPO / root
        files = [base] if base.is_file() else sorted(base.rglob("*"))
        for path in files:
            if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(REPO)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cached(name: str, build: Callable[[Path], None]) -> Path:
    """The cached file `name` (made version-specific here), built by `build(path)` if missing.

    `build` writes to a temporary path that is renamed into place only when it succeeded, so an
    interrupted build never leaves a half-built file behind.
    """
    path = cache_dir() / f"{name}-{code_version()}.db"
    if not path.exists():
        partial = path.with_name(path.name + ".partial")
        partial.unlink(missing_ok=True)
        build(partial)
        partial.rename(path)
    return path


def copy_database(source: Path, target: Path) -> Path:
    """A working copy of a cached SQLite file (closed and checkpointed, so one file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
