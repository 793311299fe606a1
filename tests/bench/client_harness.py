"""The real `fieldbook` app in a child process, with a small harness around it.

`python -m tests.bench.client_harness startup|rss|screen_pop URL USER TOKEN` runs
`ui.main.main` for a user who signed in before (the replica under `FIELDBOOK_DATA_DIR`, the
refresh token put into an in-memory keyring here, as the OS keyring would hold it). An event
filter waits for the main window's first paint; once that frame is done the harness prints:

- `startup`: `painted_at: <time.time()>`, so the parent can tell process start to first paint,
  and quits;
- `rss`: the account list is fetched end to end first, then `rss_mb: <resident memory>`, and
  quits;
- `screen_pop`: `painted_at`, then `ready_at: <time>` once the start-up sync is over, then,
  until it is ended by SIGTERM, `caller_shown_at: <time> <account id>` at the end of each frame
  in which the call desk was painted with another caller's account than before (screen-pops
  sent by the parent through the `fieldbook` command).

Qt runs on the platform QT_QPA_PLATFORM names (the benchmarks use offscreen).
"""

# ruff: noqa: E402 (the imports after the collector's hold are the app's start, in its order)

from __future__ import annotations

import sys
import time

# As the `fieldbook` command starts (ui.entry): the garbage collector held off (app.collector),
# then the app's modules before Qt's (ui.main's docstring says why that order matters).
from app import collector  # isort: skip

collector.hold()
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

    def __init__(self, mode: str, app: QApplication) -> None:
        super().__init__()
        self.mode = mode
        self.app = app
        self.window: MainWindow | None = None
        self.callers: CallersShown | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.window is None and event.type() == QEvent.Type.Paint:
            top = watched.window() if isinstance(watched, QWidget) else None
            if isinstance(top, MainWindow):
                self.window = top
                QTimer.singleShot(0, self.frame_done)
        return False

    def frame_done(self) -> None:
        assert self.window is not None
        self.app.removeEventFilter(self)  # done: no more Python call for every event
        if self.mode in ("startup", "screen_pop"):
            print(f"painted_at: {time.time()}", flush=True)
        if self.mode == "screen_pop":
            self.callers = CallersShown(self.window)
            self.app.installEventFilter(self.callers)
            return
        if self.mode == "rss":
            rows = scroll_accounts_to_end(self.window)
            print(f"rows: {rows}", flush=True)
            print(f"rss_mb: {resident_mb():.1f}", flush=True)
        QCoreApplication.exit(0)


class CallersShown(QObject):
    """Says when the sync that starts with the app is over, then the end of every frame that
    painted the call desk with a caller's account other than the last one said. Looks only:
    the call desk is built when a screen-pop first shows it, as in any running app."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window
        self.said: str | None = None
        self.pending = False
        if window.sync.running:
            window.sync.finished.connect(self.ready)
        else:
            self.ready()

    def ready(self) -> None:
        print(f"ready_at: {time.time()}", flush=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self.pending
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self.window
            and self.window.pages.currentIndex() == self.window.CALL_DESK
            and self.window.call_desk.detail.account_id not in (None, self.said)
        ):
            self.pending = True
            QTimer.singleShot(0, self.frame_done)
        return False

    def frame_done(self) -> None:
        self.said = self.window.call_desk.detail.account_id
        self.pending = False
        print(f"caller_shown_at: {time.time()} {self.said}", flush=True)


def main(argv: list[str]) -> int:
    mode, url, user, token = argv
    keyring.set_keyring(MemoryKeyring())
    TokenStore().save(url, user, token)
    app = QApplication([sys.argv[0]])
    watcher = FirstPaint(mode, app)
    app.installEventFilter(watcher)
    return app_main.main(["--server", url, "--user", user])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
