"""`make bench` code run once on dataset S, so it cannot rot. No figure is judged here."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.bench.cache import CACHE_ENV, REPO

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

FIGURES = (
    "initial_sync_S_s",
    "initial_sync_floor_ratio",
    "snapshot_install_floor_ratio",
    "initial_sync_pull_S_s",
    "incremental_sync_ms",
    "live_update_ms",
    "startup_ms",
    "screen_pop_ms",
    "search_p95_ms",
    "client_rss_mb",
    "server_p99_ms",
    "server_rps",
    "server_max_rps",
    "team_report_ms",
    "snapshot_build_S_s_sqlite",
    "snapshot_build_S_s_postgresql",
    "snapshot_bytes_S_mb",
)


def test_the_benchmarks_run_on_dataset_s_and_write_their_report(tmp_path, monkeypatch, pg_cluster):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    report = tmp_path / "benchmarks.md"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.bench",
            "--dataset",
            "S",
            "--quick",
            "--load-seconds",
            "1",
            "--pg-url",
            pg_cluster,
            "--out",
            str(report),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    printed = dict(line.split(": ", 1) for line in done.stdout.splitlines())
    assert tuple(printed) == FIGURES, done.stdout
    for name, value in printed.items():
        assert re.fullmatch(r"\d+\.\d+", value), f"{name}: {value!r} is not a figure"
    written = report.read_text(encoding="utf-8")
    for name in FIGURES:
        assert f"{name}: {printed[name]}" in written
    assert "| Python |" in written and "| SQLite |" in written
