"""The retry schedule of failed webhook deliveries."""

from __future__ import annotations

import datetime as dt

from server.webhook_schedule import RetrySchedule

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def test_the_delay_doubles_from_30_seconds_up_to_an_hour() -> None:
    schedule = RetrySchedule()
    delays = [schedule.delay(failures).total_seconds() for failures in range(1, 11)]
    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
    assert schedule.delay(10_000) == dt.timedelta(hours=1)


def test_a_delivery_failing_for_ever_is_retried_for_three_days_then_waits_for_a_replay() -> None:
    schedule = RetrySchedule()
    attempts = [T0]
    failures = 0
    while True:
        failures += 1
        due = schedule.next_attempt(failures, T0, attempts[-1])
        if due is None:
            break
        attempts.append(due)
    assert attempts[-1] - T0 > dt.timedelta(days=1)  # the "at least a day"
    assert dt.timedelta(days=3) - dt.timedelta(hours=1) <= attempts[-1] - T0
    assert attempts[-1] - T0 <= dt.timedelta(days=3)
    assert 75 <= len(attempts) <= 80


def test_a_shorter_schedule_is_configurable() -> None:
    schedule = RetrySchedule(
        first_delay=dt.timedelta(seconds=1),
        max_delay=dt.timedelta(seconds=4),
        give_up_after=dt.timedelta(seconds=10),
    )
    assert [schedule.delay(n).total_seconds() for n in (1, 2, 3, 4)] == [1, 2, 4, 4]
    assert schedule.next_attempt(3, T0, T0 + dt.timedelta(seconds=5)) == T0 + dt.timedelta(
        seconds=9
    )
    assert schedule.next_attempt(3, T0, T0 + dt.timedelta(seconds=7)) is None
