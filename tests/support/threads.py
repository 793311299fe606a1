"""Run a function in several threads at once and collect what went wrong in them."""

from __future__ import annotations

import threading
from collections.abc import Callable


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
