"""run_gui: the real start-up path, down to a saved picture of the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from app.workspace import Workspace
from ui.launch import WINDOW_SIZE, run_gui


def test_screenshot_without_sync(qapp, workspace: Workspace, tmp_path: Path) -> None:
    shot = tmp_path / "fieldbook.png"
    assert run_gui(workspace, screenshot=shot, sync_on_start=False) == 0
    assert shot.stat().st_size > 0
    image = QImage(str(shot))
    assert (image.width(), image.height()) == WINDOW_SIZE


def test_screenshot_after_the_first_sync(qapp, workspace: Workspace, tmp_path: Path) -> None:
    shot = tmp_path / "after-sync.png"
    # The sync fails (offline): the picture is saved for diagnosis and the exit code says so.
    assert run_gui(workspace, screenshot=shot) == 1
    assert shot.stat().st_size > 0


def test_unwritable_screenshot_exits_1(qapp, workspace: Workspace, tmp_path: Path) -> None:
    assert run_gui(workspace, screenshot=tmp_path / "missing" / "x.png", sync_on_start=False) == 1
