"""Run a function in several threads at once and collect what went wrong in them, or one in
the background."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def run_in_threads(work: Callable[[int], object], count: int, timeout_s: float = 120) -> list:
    """Run `work(0)` … `work(count - 1)` in parallel; return the exceptions they raised (a
    failed assert in a thread would otherwise be lost)."""
    failures: list[BaseException] = []

    def run(index: int) -> None:
        try:
            work(index)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout_s)
    return failures


def in_background(work: Callable[[], T]) -> Future[T]:
    """Start `work()` on a thread of its own; the future has its result or exception."""
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(work)
    pool.shutdown(wait=False)
    return future
