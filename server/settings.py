"""What a running server may be tuned for: token lifetimes, sign-in throttling, request limits,
and the clock it reads (tests hand in one they can move)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from protocol.paths import MAX_REQUEST_BYTES
from server.directory import DirectorySettings
from server.webhook_schedule import DeliverySettings

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Throttle:
    """Sign-in throttling: after `free_failures` failed sign-ins in a row for one key (a user
    name on one address, a user name anywhere, or a client address), sign-in is locked for
    `first_lockout`, doubled with every further failure up to `max_lockout`. Failures older
    than `forget_after` no longer count."""

    free_failures: int
    first_lockout: dt.timedelta = dt.timedelta(seconds=30)
    max_lockout: dt.timedelta = dt.timedelta(minutes=15)
    forget_after: dt.timedelta = dt.timedelta(hours=1)

    def lockout(self, failures: int) -> dt.timedelta:
        """How long sign-in stays locked after `failures` failures in a row (0: not locked)."""
        if failures < self.free_failures:
            return dt.timedelta(0)
        doublings = min(failures - self.free_failures, 32)
        return min(self.first_lockout * 2**doublings, self.max_lockout)


@dataclass(frozen=True)
class SnapshotSettings:
    """Territory snapshots (docs/sync-protocol.md, "Snapshots"): where they are kept, the
    server's own address the builder syncs through, and when they are built again.

    A scope's snapshot is built again when its feed has `rebuild_after_changes` rows after the
    snapshot's cursor, or once it is older than `max_age` (well inside the feed's retention, so
    a client that installs it never starts below the horizon). `max_bytes` bounds the whole
    directory (snapshots and the builder's working replicas): the scopes used least go first.
    """

    directory: Path
    base_url: str
    rebuild_after_changes: int = 10_000
    max_age: dt.timedelta = dt.timedelta(hours=24)
    max_bytes: int = 20 * 1024**3
    check_every: dt.timedelta = dt.timedelta(minutes=5)
    build_timeout: dt.timedelta = dt.timedelta(minutes=30)
    # A snapshot replaced by a newer one stays this long, so downloads under way can resume.
    superseded_grace: dt.timedelta = dt.timedelta(hours=1)


@dataclass(frozen=True)
class ServerSettings:
    access_token_lifetime: dt.timedelta = dt.timedelta(hours=1)
    refresh_token_lifetime: dt.timedelta = dt.timedelta(days=30)
    # A user name on one address is what a guesser tries; a lock there leaves the user's own
    # computer free. The same name from anywhere gets a slower limit with shorter locks, so
    # guesses spread over many addresses still stop. An address may be an office behind one
    # NAT, where many people mistype their passwords, so it gets more attempts.
    user_throttle: Throttle = Throttle(free_failures=5)
    user_overall_throttle: Throttle = Throttle(
        free_failures=25, max_lockout=dt.timedelta(minutes=5)
    )
    address_throttle: Throttle = Throttle(free_failures=20)
    # Password checks running at once in one server process (argon2 takes 64 MiB each); the
    # others wait for a slot, or get 429 when none frees in time.
    concurrent_password_checks: int = 4
    # Sign-in against the company directory (`server.directory`); None: Fieldbook passwords only.
    directory: DirectorySettings | None = None
    max_body_bytes: int = MAX_REQUEST_BYTES
    # Webhook deliveries: the retry schedule and the worker's pace (`server.webhook_delivery`).
    webhooks: DeliverySettings = field(default_factory=DeliverySettings)
    # Territory snapshots; None: switched off (every client pulls page by page).
    snapshots: SnapshotSettings | None = None
