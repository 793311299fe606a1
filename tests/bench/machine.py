"""What the benchmarks ran on: CPU, cores, memory and the versions that matter."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from pathlib import Path

from tests.support.postgres import find_bin_dir


def _proc_field(path: str, name: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def _postgres_version() -> str:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        return "not installed"
    done = subprocess.run([str(bin_dir / "postgres"), "--version"], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def describe() -> dict[str, str]:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    memory_kb = _proc_field("/proc/meminfo", "MemTotal").split()[0]
    memory = f"{int(memory_kb) / 1024 / 1024:.1f} GiB" if memory_kb.isdigit() else "unknown"
    return {
        "CPU": _proc_field("/proc/cpuinfo", "model name"),
        "cores": str(os.cpu_count()),
        "RAM": memory,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "Qt": f"{qVersion()} (PySide6 {pyside_version})",
        "PostgreSQL": _postgres_version(),
        "load average at start": " ".join(f"{n:.2f}" for n in os.getloadavg()),
    }
