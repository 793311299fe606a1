"""Search keys made in a process of their own while a whole territory loads.

Making a record's search keys (pinyin, phone forms) is pure Python, 20 to 50 µs a record, and
the interpreter runs one thread at a time: in a first sync the keys of a territory's accounts
and contacts held that lock longer than the threads fetching and writing the pages did. A
process of its own makes them on another core. It starts only once a pull from 0 has brought
`WORKER_AFTER` records (a small load would wait longer for the process to start than for its
keys), and if it cannot start, or dies, the keys are made in this process as before.

The process is started with "spawn" (forking a process with Qt's threads is unsafe); a frozen
bundle's entry point calls `multiprocessing.freeze_support()` for it.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from local_store.records import derived_columns_of
from sync.collection import collect_for_loads

log = logging.getLogger(__name__)

# Records a pull from 0 brings before its keys move to the worker process.
WORKER_AFTER = 5000


class KeyWorker:
    """A process that makes search keys (`make_keys`), started on first use. Several threads
    may ask at once: the process takes their requests in turn."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._failed = False
        self._lock = threading.Lock()  # guards starting, failing and closing the process

    def make_keys(self, records: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
        """`derived_columns_of(records)`, made by the worker process."""
        with self._lock:
            if self._failed:
                pool = None
            elif self._pool is None:
                pool = self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=collect_for_loads,
                )
            else:
                pool = self._pool
        if pool is None:
            return derived_columns_of(records)
        try:
            return pool.submit(derived_columns_of, records).result()
        except (BrokenProcessPool, OSError, RuntimeError) as error:
            # RuntimeError: another thread's failure shut the process down meanwhile.
            with self._lock:
                if not self._failed:
                    log.warning("the search-key process failed (%s); making the keys here", error)
                    self._failed = True
                    self._close()
            return derived_columns_of(records)

    def close(self) -> None:
        """Stop the process (the next use starts another unless it failed)."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
