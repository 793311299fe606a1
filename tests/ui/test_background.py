"""run_in_background: work off the main thread, outcome back on it."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread

from app.errors import SaveError
from sync.errors import Outcome, SyncError
from ui.background import run_in_background


class Outcomes:
    def __init__(self) -> None:
        self.results: list[Any] = []
        self.errors: list[Exception] = []
        self.on_main_thread: list[bool] = []

    def success(self, result: Any) -> None:
        self._note_thread()
        self.results.append(result)

    def failure(self, error: Exception) -> None:
        self._note_thread()
        self.errors.append(error)

    def _note_thread(self) -> None:
        app = QCoreApplication.instance()
        assert app is not None
        self.on_main_thread.append(QThread.currentThread() is app.thread())

    def done(self) -> bool:
        return bool(self.results or self.errors)


def test_result_arrives_on_the_main_thread(qtbot) -> None:
    outcomes = Outcomes()
    worker_threads: list[bool] = []

    def op() -> int:
        app = QCoreApplication.instance()
        assert app is not None
        worker_threads.append(QThread.currentThread() is not app.thread())
        return 42

    run_in_background(op, outcomes.success, outcomes.failure)
    qtbot.waitUntil(outcomes.done)
    assert outcomes.results == [42]
    assert worker_threads == [True]
    assert outcomes.on_main_thread == [True]


def test_a_sync_error_goes_to_on_failure(qtbot) -> None:
    outcomes = Outcomes()

    def op() -> None:
        raise SyncError(Outcome.OFFLINE, "connection refused")

    run_in_background(op, outcomes.success, outcomes.failure)
    qtbot.waitUntil(outcomes.done)
    assert [e.outcome for e in outcomes.errors if isinstance(e, SyncError)] == [Outcome.OFFLINE]
    assert outcomes.on_main_thread == [True]


def test_a_bug_is_logged_and_delivered_as_failure(qtbot, caplog: pytest.LogCaptureFixture) -> None:
    outcomes = Outcomes()

    def op() -> None:
        raise ZeroDivisionError("a bug")

    with caplog.at_level(logging.ERROR, logger="ui.background"):
        run_in_background(op, outcomes.success, outcomes.failure)
        qtbot.waitUntil(outcomes.done)
    assert isinstance(outcomes.errors[0], ZeroDivisionError)
    assert any(record.exc_info for record in caplog.records)


def test_a_user_error_goes_to_on_failure_without_being_logged_as_a_bug(
    qtbot, caplog: pytest.LogCaptureFixture
) -> None:
    outcomes = Outcomes()

    def op() -> None:
        raise SaveError()

    with caplog.at_level(logging.ERROR, logger="ui.background"):
        run_in_background(op, outcomes.success, outcomes.failure)
        qtbot.waitUntil(outcomes.done)
    assert isinstance(outcomes.errors[0], SaveError)
    assert not caplog.records


def test_what_the_job_held_is_let_go_on_the_main_thread(qtbot) -> None:
    """A job's operation often holds a view; the view must never be destroyed on the worker
    thread (a widget destroyed there crashes the app), even when nothing else holds it."""
    destroyed_on: list[int] = []
    view = QObject()
    view.destroyed.connect(
        lambda: destroyed_on.append(threading.get_ident()), Qt.ConnectionType.DirectConnection
    )

    let_go = threading.Event()

    def counted(owner: QObject = view) -> int:
        let_go.wait(10)  # the test lets go of the view before the job ends
        return 1

    outcomes = Outcomes()
    run_in_background(counted, outcomes.success, outcomes.failure, worker="replica")
    del view, counted
    let_go.set()
    qtbot.waitUntil(lambda: bool(destroyed_on))
    assert outcomes.results == [1]
    assert destroyed_on == [threading.get_ident()]
