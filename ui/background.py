"""Background work: one worker thread per kind of work, results back on the main thread.

Sync talks to the server and may take seconds or time out; it must never freeze the window. Jobs
run one at a time on a single-thread pool per worker (two syncs never overlap), and their outcome
is handed to the callbacks on the main thread through a queued signal, so callbacks may touch
widgets. The "network" worker runs sync and server calls; the "replica" worker long reads of
the replica (counting insights), which must not wait behind a sync.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any, Literal

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.errors import UserError
from sync.errors import SyncError

log = logging.getLogger(__name__)

Worker = Literal["network", "replica"]
_pools: dict[str, QThreadPool] = {}
# What each job in flight will call, and its operation, held here on the main thread until the
# outcome is delivered (see _Dispatcher).
_Pending = tuple[Callable[[], Any], Callable[[Any], None], Callable[[Exception], None]]
_in_flight: dict[int, _Pending] = {}
_job_ids = itertools.count()
_dispatcher: _Dispatcher | None = None


def _pool(worker: Worker) -> QThreadPool:
    if worker not in _pools:
        pool = QThreadPool()
        pool.setMaxThreadCount(1)
        _pools[worker] = pool
    return _pools[worker]


class _Dispatcher(QObject):
    """Lives on the main thread and hands each job's outcome to its callbacks there.

    The worker keeps no reference to the operation or the callbacks once it has run: they
    often hold a view, and whichever thread drops the last reference destroys it. A widget
    destroyed on a worker thread crashes the app, so the last references are dropped here, on
    the main thread, after the worker has let go of its own.
    """

    finished = Signal(int, bool, object)

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._deliver)

    @Slot(int, bool, object)
    def _deliver(self, job_id: int, ok: bool, outcome: Any) -> None:
        _op, on_success, on_failure = _in_flight.pop(job_id)
        del _op
        if ok:
            on_success(outcome)
        else:
            on_failure(outcome)


class _Job(QRunnable):
    def __init__(self, job_id: int, op: Callable[[], Any], dispatcher: _Dispatcher) -> None:
        super().__init__()
        self._job_id = job_id
        self._op: Callable[[], Any] | None = op
        self._dispatcher = dispatcher

    def run(self) -> None:
        op, self._op = self._op, None
        assert op is not None
        try:
            outcome, ok = op(), True
        except (SyncError, UserError) as exc:
            outcome, ok = exc.with_traceback(None), False
        except Exception as exc:
            log.exception("background job failed")
            outcome, ok = exc.with_traceback(None), False
        del op  # the main thread holds the last reference (see _Dispatcher)
        self._dispatcher.finished.emit(self._job_id, ok, outcome)


def run_in_background(
    op: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[Exception], None],
    *,
    worker: Worker = "network",
) -> None:
    """Run `op` on the `worker` thread; then call `on_success(result)` or `on_failure(error)` on
    the main thread. A SyncError or a UserError is an expected failure; any other exception is a
    bug, logged with its traceback and delivered as a failure too."""
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
    job_id = next(_job_ids)
    _in_flight[job_id] = (op, on_success, on_failure)
    _pool(worker).start(_Job(job_id, op, _dispatcher))


def wait_for_background(msecs: int = -1) -> bool:
    """Block until queued jobs are done (at shutdown); False if `msecs` ran out first (for
    each worker in turn)."""
    return all([pool.waitForDone(msecs) for pool in _pools.values()])
