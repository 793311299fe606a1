"""The real `fieldbook` app in a child process, with a small harness around it.

`python -m tests.bench.client_harness startup|rss URL USER TOKEN` runs `ui.main.main` for a
user who signed in before (the replica under `FIELDBOOK_DATA_DIR`, the refresh token put into an
in-memory keyring here, as the OS keyring would hold it). An event filter waits for the main
window's first paint; once that frame is done the harness prints one line and quits:

- `startup`: `painted_at: <time.time()>`, so the parent can tell process start to first paint;
- `rss`: the account list is fetched end to end first, then `rss_mb: <resident memory>`.

Qt runs on the platform QT_QPA_PLATFORM names (the benchmarks use offscreen).
"""

from __future__ import annotations

import sys
import time

# The app's modules before Qt's, in the order the `fieldbook` command loads them (ui.main's
# docstring says why that order matters for the start).
from ui import main as app_main  # isort: skip

import keyring
from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from sync.credentials import TokenStore
from tests.support.memory_keyring import MemoryKeyring
from ui.main_window import MainWindow


def resident_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def scroll_accounts_to_end(window: MainWindow) -> int:
    """Fetch every page of the account list, as scrolling the table to the end does."""
    model = window.accounts.model
    table = window.accounts.table
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        table.scrollToBottom()
        QCoreApplication.processEvents()
    return model.rowCount()


class FirstPaint(QObject):
    """Acts once, after the first frame in which a widget of the main window was painted."""

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode
        self.window: MainWindow | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.window is None and event.type() == QEvent.Type.Paint:
            top = watched.window() if isinstance(watched, QWidget) else None
            if isinstance(top, MainWindow):
                self.window = top
                QTimer.singleShot(0, self.frame_done)
        return False

    def frame_done(self) -> None:
        assert self.window is not None
        if self.mode == "startup":
            print(f"painted_at: {time.time()}", flush=True)
        else:
            rows = scroll_accounts_to_end(self.window)
            print(f"rows: {rows}", flush=True)
            print(f"rss_mb: {resident_mb():.1f}", flush=True)
        QCoreApplication.exit(0)


def main(argv: list[str]) -> int:
    mode, url, user, token = argv
    keyring.set_keyring(MemoryKeyring())
    TokenStore().save(url, user, token)
    app = QApplication([sys.argv[0]])
    watcher = FirstPaint(mode)
    app.installEventFilter(watcher)
    return app_main.main(["--server", url, "--user", user])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
