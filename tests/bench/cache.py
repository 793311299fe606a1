"""Built databases kept between benchmark runs, so a repeated `make bench` starts fast.

A file's name holds what it was built from: the dataset, the seed and a hash of the code that
shapes it: the dataset generator and every project module it imports (server models, records,
feed, users, the protocol), the server's migrations and the default content. Changing any of
that code builds afresh; changing code that only serves requests (pull, push, the API) does not,
so a server speed-up is measured on the cached datasets. `FIELDBOOK_BENCH_CACHE` moves the
cache (default `.bench-cache/` in the repository).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

CACHE_ENV = "FIELDBOOK_BENCH_CACHE"
REPO = Path(__file__).resolve().parents[2]
_GENERATOR = "tests.bench.datasets"
_SHAPING_FOLDERS = ("server/migrations", "resources/defaults")


def cache_dir() -> Path:
    path = Path(os.environ.get(CACHE_ENV) or REPO / ".bench-cache")
    path.mkdir(parents=True, exist_ok=True)
    return path


@cache
def code_version() -> str:
    digest = hashlib.sha256()
    files = _generator_modules() + [
        path for folder in _SHAPING_FOLDERS for path in sorted((REPO / folder).rglob("*"))
    ]
    for path in files:
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(REPO)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _generator_modules() -> list[Path]:
    """The project's source files that importing the dataset generator loads, found in a fresh
    interpreter (this one may have loaded more)."""
    listing = (
        f"import sys, {_GENERATOR}\n"
        "for module in list(sys.modules.values()):\n"
        "    print(getattr(module, '__file__', None) or '')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", listing], cwd=REPO, capture_output=True, text=True, check=True
    )
    files = {Path(line).resolve() for line in done.stdout.splitlines() if line}
    return sorted(path for path in files if path.is_relative_to(REPO) and ".venv" not in path.parts)


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
