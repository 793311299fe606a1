"""Background work: one worker thread per kind of work, results back on the main thread.

Sync talks to the server and may take seconds or time out; it must never freeze the window. Jobs
run one at a time on a single-thread pool per worker (two syncs never overlap), and their outcome
is handed to the callbacks on the main thread through a queued signal, so callbacks may touch
widgets. The "network" worker runs sync and server calls; the "replica" worker long reads of
the replica (counting insights), which must not wait behind a sync.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Literal

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from sync.errors import SyncError

log = logging.getLogger(__name__)

Worker = Literal["network", "replica"]
_pools: dict[str, QThreadPool] = {}
_in_flight: set[_Relay] = set()


def _pool(worker: Worker) -> QThreadPool:
    if worker not in _pools:
        pool = QThreadPool()
        pool.setMaxThreadCount(1)
        _pools[worker] = pool
    return _pools[worker]


class _Relay(QObject):
    """Lives on the main thread; its signals cross from the worker to the callbacks."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self, on_success: Callable[[Any], None], on_failure: Callable[[Exception], None]
    ) -> None:
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        self.succeeded.connect(self._deliver_success)
        self.failed.connect(self._deliver_failure)

    @Slot(object)
    def _deliver_success(self, result: Any) -> None:
        _in_flight.discard(self)
        self._on_success(result)

    @Slot(object)
    def _deliver_failure(self, error: Exception) -> None:
        _in_flight.discard(self)
        self._on_failure(error)


class _Job(QRunnable):
    def __init__(self, op: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._op = op
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._op()
        except SyncError as exc:
            self._relay.failed.emit(exc)
        except Exception as exc:
            log.exception("background job failed")
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


def run_in_background(
    op: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[Exception], None],
    *,
    worker: Worker = "network",
) -> None:
    """Run `op` on the `worker` thread; then call `on_success(result)` or `on_failure(error)` on
    the main thread. A SyncError is an expected failure; any other exception is a bug, logged
    with its traceback and delivered as a failure too."""
    relay = _Relay(on_success, on_failure)
    _in_flight.add(relay)
    _pool(worker).start(_Job(op, relay))


def wait_for_background(msecs: int = -1) -> bool:
    """Block until queued jobs are done (at shutdown); False if `msecs` ran out first (for
    each worker in turn)."""
    return all([pool.waitForDone(msecs) for pool in _pools.values()])
