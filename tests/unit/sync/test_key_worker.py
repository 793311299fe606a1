"""The process that makes search keys while a territory loads (sync.key_worker)."""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from local_store.records import derived_columns_of
from sync.collection import YOUNG_OBJECTS
from sync.key_worker import KeyWorker

RECORDS: list[tuple[str, dict[str, Any]]] = [
    ("account", {"name": "北京兴科商贸有限公司", "city": "北京", "phone": "010-2724 6803"}),
    ("contact", {"name": "王杰", "email": "wangjie@example.com", "phone": "+86 153 4998 2352"}),
    ("account", {"name": "Summit Mobility GmbH", "city": None, "phone": None}),
]


@pytest.fixture
def worker() -> Iterator[KeyWorker]:
    keys = KeyWorker()
    yield keys
    keys.close()


def test_the_worker_is_another_process_making_the_same_keys(worker: KeyWorker) -> None:
    assert worker.make_keys(RECORDS) == derived_columns_of(RECORDS)
    assert [child.pid for child in multiprocessing.active_children()] != []


def test_when_the_worker_dies_the_keys_are_made_here(
    worker: KeyWorker, caplog: pytest.LogCaptureFixture
) -> None:
    worker.make_keys(RECORDS[:1])
    for child in multiprocessing.active_children():
        os.kill(child.pid or 0, signal.SIGKILL)
        child.join()

    with caplog.at_level(logging.WARNING):
        keys = worker.make_keys(RECORDS)

    assert keys == derived_columns_of(RECORDS)
    assert "search-key process failed" in caplog.text
    assert worker.make_keys(RECORDS) == keys  # and go on being made here


def test_threads_asking_at_once_share_one_process_and_one_fallback(
    worker: KeyWorker, caplog: pytest.LogCaptureFixture
) -> None:
    """The pages of a first sync are prepared on two threads, both asking for keys."""
    asks = [RECORDS[n % len(RECORDS) :] for n in range(12)]
    with ThreadPoolExecutor(max_workers=4) as threads:
        assert list(threads.map(worker.make_keys, asks)) == [derived_columns_of(a) for a in asks]
    assert len(multiprocessing.active_children()) == 1
    for child in multiprocessing.active_children():
        os.kill(child.pid or 0, signal.SIGKILL)
        child.join()

    with caplog.at_level(logging.WARNING), ThreadPoolExecutor(max_workers=4) as threads:
        made = list(threads.map(worker.make_keys, asks))

    assert made == [derived_columns_of(a) for a in asks]
    assert caplog.text.count("search-key process failed") == 1


def test_the_worker_collects_garbage_for_loads(worker: KeyWorker) -> None:
    """Pages of thousands of records pass through it: its collector's young generation holds
    a page's worth, and its modules are frozen (sync.collection)."""
    worker.make_keys(RECORDS)  # started
    assert worker._pool is not None
    threshold, frozen = worker._pool.submit(_collector_settings).result()
    assert threshold[0] == YOUNG_OBJECTS
    assert frozen > 1000


def _collector_settings() -> tuple[tuple[int, int, int], int]:
    return gc.get_threshold(), gc.get_freeze_count()
