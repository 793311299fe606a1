"""When a failed webhook delivery is tried again, and how the delivering worker is tuned.

The default schedule: 30 s after the first failure, then twice as long after each further
one (1, 2, 4, 8, 16, 32 minutes), then every hour, until three days have passed since the
first failure; then the delivery waits for an admin's `webhook replay`. That is about 78
attempts over three days: a receiver down over a weekend still gets everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetrySchedule:
    first_delay: dt.timedelta = dt.timedelta(seconds=30)
    max_delay: dt.timedelta = dt.timedelta(hours=1)
    give_up_after: dt.timedelta = dt.timedelta(days=3)

    def delay(self, failures: int) -> dt.timedelta:
        """How long to wait after the `failures`-th failure in a row (1 for the first)."""
        doublings = min(max(failures - 1, 0), 40)
        return min(self.first_delay * 2**doublings, self.max_delay)

    def next_attempt(
        self, failures: int, first_failed_at: dt.datetime, now: dt.datetime
    ) -> dt.datetime | None:
        """When to try again after the `failures`-th failure; None: give up (replay only)."""
        due = now + self.delay(failures)
        if due - first_failed_at > self.give_up_after:
            return None
        return due


@dataclass(frozen=True)
class DeliverySettings:
    """`interval`: how often the worker looks for work when nothing wakes it;
    `timeout`: how long one delivery may take; `batch`: deliveries per round;
    `lease`: how long a process holds the delivering role without renewing it."""

    schedule: RetrySchedule = field(default_factory=RetrySchedule)
    interval: float = 1.0
    timeout: float = 10.0
    batch: int = 100
    lease: dt.timedelta = dt.timedelta(seconds=30)
    keep_delivered: dt.timedelta = dt.timedelta(days=7)
