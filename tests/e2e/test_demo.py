"""`fieldbook --demo --screenshot FILE`: how anyone checks that the app starts and syncs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.e2e

FIELDBOOK = str(Path(sys.executable).with_name("fieldbook"))


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_demo_starts_syncs_and_renders_the_main_window(tmp_path, language):
    shot = tmp_path / "main.png"
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [
            FIELDBOOK,
            "--demo",
            "--accounts",
            "40",
            "--language",
            language,
            "--screenshot",
            str(shot),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr  # 0 only after a successful first sync
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)


def test_the_demo_manager_s_pictures_are_the_designer_s(tmp_path):
    """`make screenshots` signs in as the demo's manager for the designer's picture."""
    shots = tmp_path / "shots"
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [
            FIELDBOOK,
            "--demo",
            "--accounts",
            "40",
            "--user",
            "manager",
            "--language",
            "en",
            "--screenshots",
            str(shots),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert [path.name for path in shots.iterdir()] == ["designer-en.png"]
    image = QImage(str(shots / "designer-en.png"))
    assert (image.width(), image.height()) == (1280, 800)
