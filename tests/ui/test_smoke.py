"""`fieldbook --smoke-test` in process: it renders the main window and leaves no user data."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.logs import log_dir
from app.paths import data_dir
from ui import smoke
from ui.main import main

pytestmark = pytest.mark.usefixtures("restore_root_logging")


def test_the_smoke_test_passes_logs_what_it_found_and_keeps_no_data(qapp, capsys):
    assert main(["--smoke-test"]) == 0
    assert "Smoke test passed." in capsys.readouterr().out
    text = (log_dir() / "fieldbook.log").read_text()
    for expected in ("keyring backend", "data_dir = ", "at schema ['", "rendered True"):
        assert expected in text
    assert not data_dir().exists()


def test_a_missing_shipped_file_fails_the_smoke_test(qapp, monkeypatch, capsys):
    monkeypatch.setattr(smoke, "shipped_files", lambda: [Path("/nowhere/fieldbook_zh_CN.qm")])
    assert main(["--smoke-test"]) == 1
    assert "missing files" in capsys.readouterr().err
