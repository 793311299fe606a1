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
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from local_store.records import derived_columns_of

log = logging.getLogger(__name__)

# Records a pull from 0 brings before its keys move to the worker process.
WORKER_AFTER = 5000


class KeyWorker:
    """A process that makes search keys (`make_keys`), started on first use."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._failed = False

    def make_keys(self, records: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
        """`derived_columns_of(records)`, made by the worker process."""
        if self._failed:
            return derived_columns_of(records)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
        try:
            return self._pool.submit(derived_columns_of, records).result()
        except (BrokenProcessPool, OSError) as error:
            log.warning("the search-key process failed (%s); making the keys here", error)
            self._failed = True
            self.close()
            return derived_columns_of(records)

    def close(self) -> None:
        """Stop the process (the next use starts another unless it failed)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
