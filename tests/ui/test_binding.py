"""The Qt binding survives a long working day of widget updates.

PySide6 6.12.0 on Python 3.11 leaks a reference to None on every setter call; after some
20,000 calls CPython frees None and aborts the whole app. pyproject.toml keeps that release
out; this test fails if a release with the same fault is let in again.
"""

from __future__ import annotations

import os
import subprocess
import sys

SETTER_CALLS = 100_000

SCRIPT = f"""
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for _ in range({SETTER_CALLS}):
    label.setText("x")
print("done")
"""


def test_a_hundred_thousand_setter_calls_do_not_abort_the_process():
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    finished = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip() == "done"
