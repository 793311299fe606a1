"""The worker that delivers webhooks, in the background of every server process.

Each round (every `DeliverySettings.interval`, and at once after a write of this process):

1. **Lease.** One process of a deployment delivers at a time: it holds the `webhooks` row of
   `worker_lease`, renewed every round with one conditional `UPDATE` (taken only when free,
   expired, or its own). Another process takes over when the holder stops renewing (it
   stopped or crashed) after `DeliverySettings.lease`.
2. **Queue.** For each subscription, the system change feed after its cursor
   (`server.system_feed`, in commit order) becomes deliveries, in the same transaction as the
   cursor moves on: every change is queued once. A cursor the feed no longer keeps (a worker
   stopped for longer than the feed's retention, or a restored database) starts again from 0:
   the current state of every record is sent again.
3. **Deliver.** The due deliveries go out oldest first, outside any transaction, signed
   (`server.webhook_signing`). A delivery is due only when no earlier one of the same record
   to the same subscription is undelivered, so a record's changes arrive in order; other
   records go ahead. A failure (no connection, a timeout, an answer other than 2xx) sets the
   next attempt by the schedule (`server.webhook_schedule`) and leaves the subscription alone
   for the rest of the round.

Delivery is at least once: a process that dies after a receiver answered but before the
outcome was written sends that delivery again, as does a replay; receivers drop repeats by
`webhook-id`, which stays the same on every attempt.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import http.client
import json
import logging
import os
import socket
import time
import urllib.error
import urllib.request
import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.orm import Session, aliased

from server import system_feed, webhook_signing
from server.database import Sessions
from server.live import FeedSignal
from server.settings import Clock
from server.tables import Webhook, WebhookDelivery, WorkerLease
from server.webhook_schedule import DeliverySettings

logger = logging.getLogger(__name__)

LEASE_NAME = "webhooks"
MAX_PAGES_PER_ROUND = 4
MAX_ERROR = 500
MAX_RESPONSE_READ = 64 * 1024
CLEANUP_INTERVAL = dt.timedelta(hours=1)
USER_AGENT = "Fieldbook-Webhooks/1"


class DeliveryWorker:
    """One server process's share of the delivering (see the module docstring)."""

    def __init__(self, sessions: Sessions, settings: DeliverySettings, clock: Clock) -> None:
        self.sessions = sessions
        self.settings = settings
        self.clock = clock
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._cleaned_at: dt.datetime | None = None

    def run_round(self) -> int:
        """Queue and deliver what is due; returns how many deliveries were attempted."""
        with self.sessions.read() as session:
            if session.scalar(select(Webhook.id).limit(1)) is None:
                return 0
        if not self.take_lease():
            return 0
        self._queue()
        attempted = self._deliver_due()
        self._clean_up()
        return attempted

    def take_lease(self) -> bool:
        """Take or renew the delivering role; False while another process holds it."""
        now = self.clock()
        lease = WorkerLease
        with self.sessions.write.begin() as session:
            result = session.execute(
                update(lease)
                .where(
                    lease.name == LEASE_NAME,
                    or_(
                        lease.holder == self.holder,
                        lease.expires_at.is_(None),
                        lease.expires_at < now,
                    ),
                )
                .values(holder=self.holder, expires_at=now + self.settings.lease)
                .execution_options(synchronize_session=False)
            )
            return int(getattr(result, "rowcount", 0)) == 1

    def _queue(self) -> None:
        with self.sessions.write.begin() as session:
            for webhook in session.scalars(select(Webhook).order_by(Webhook.id)):
                _queue_for(session, webhook, self.settings.batch, self.clock())

    def _deliver_due(self) -> int:
        now = self.clock()
        with self.sessions.read() as session:
            due = session.execute(_due(now, self.settings.batch)).all()
        failed: set[int] = set()
        outcomes: list[dict[str, Any]] = []
        renewed = now
        for delivery in due:
            if delivery.webhook_id in failed:
                continue
            at = self.clock()
            if at - renewed > self.settings.lease / 2:
                if not self.take_lease():
                    break  # another process delivers now; what is done below is written
                renewed = at
            data = delivery.body.encode()
            # The receiver compares the timestamp with its own clock: the wall clock's, even
            # where a test moves the worker's (`clock`, which only schedules).
            signed = webhook_signing.headers(
                delivery.secret, delivery.message_id, int(time.time()), data
            )
            error = post(delivery.url, signed, data, self.settings.timeout)
            if error is None:
                outcomes.append({"id": delivery.id, "delivered_at": at})
                continue
            failed.add(delivery.webhook_id)
            failures = delivery.attempts + 1
            first = delivery.first_failed_at or at
            next_at = self.settings.schedule.next_attempt(failures, first, at)
            logger.warning(
                "webhook %r: delivery %s (position %d) failed (%s); attempt %d, %s",
                delivery.name,
                delivery.message_id,
                delivery.position,
                error,
                failures,
                f"next at {next_at:%Y-%m-%d %H:%M:%S}" if next_at else "given up until a replay",
            )
            outcomes.append(
                {
                    "id": delivery.id,
                    "attempts": failures,
                    "first_failed_at": first,
                    "next_attempt_at": next_at,
                    "last_error": error[:MAX_ERROR],
                }
            )
        if outcomes:
            by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
            for outcome in outcomes:
                by_columns[tuple(outcome)].append(outcome)
            with self.sessions.write.begin() as session:
                for rows in by_columns.values():  # bulk UPDATEs by primary key
                    session.execute(update(WebhookDelivery), rows)
        return len(outcomes)

    def _clean_up(self) -> None:
        """Forget deliveries delivered longer ago than `keep_delivered`, once an hour."""
        now = self.clock()
        if self._cleaned_at is not None and now - self._cleaned_at < CLEANUP_INTERVAL:
            return
        self._cleaned_at = now
        with self.sessions.write.begin() as session:
            session.execute(
                delete(WebhookDelivery).where(
                    WebhookDelivery.delivered_at < now - self.settings.keep_delivered
                )
            )


def _queue_for(session: Session, webhook: Webhook, limit: int, now: dt.datetime) -> None:
    """Turn the feed after the subscription's cursor into deliveries, and move the cursor."""
    for _ in range(MAX_PAGES_PER_ROUND):
        try:
            page = system_feed.page(
                session, webhook.territory_ids, webhook.cursor, limit, webhook.entities
            )
        except system_feed.ResyncRequiredError:
            logger.warning(
                "webhook %r: the feed no longer holds position %d; sending the current state "
                "of every record again",
                webhook.name,
                webhook.cursor,
            )
            webhook.cursor = 0
            continue
        rows = [
            {
                "webhook_id": webhook.id,
                "message_id": "msg_" + uuid.uuid4().hex,
                "position": change["position"],
                "entity": change["entity"],
                "record_id": change["id"],
                "body": body(change, now),
                "created_at": now,
                "attempts": 0,
                "next_attempt_at": now,
            }
            for change in page.changes
        ]
        if rows:
            session.execute(insert(WebhookDelivery), rows)
        webhook.cursor = page.cursor
        if not page.has_more:
            return


def body(change: dict[str, Any], now: dt.datetime) -> str:
    """The JSON a delivery sends: the event's type, when it was queued, and the change as the
    system change feed gives it."""
    kind = "deleted" if change["deleted"] else "changed"
    event = {"type": f"{change['entity']}.{kind}", "timestamp": now.isoformat(), "data": change}
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"))


def _due(now: dt.datetime, limit: int) -> Any:
    """Undelivered deliveries due by `now` with no undelivered earlier one of their record,
    oldest first, with their subscription's name, URL and secret."""
    d = WebhookDelivery
    earlier = aliased(WebhookDelivery)
    blocked = (
        select(earlier.id)
        .where(
            earlier.webhook_id == d.webhook_id,
            earlier.entity == d.entity,
            earlier.record_id == d.record_id,
            earlier.position < d.position,
            earlier.delivered_at.is_(None),
        )
        .exists()
    )
    return (
        select(
            d.id,
            d.webhook_id,
            d.message_id,
            d.position,
            d.body,
            d.attempts,
            d.first_failed_at,
            Webhook.name,
            Webhook.url,
            Webhook.secret,
        )
        .join(Webhook, Webhook.id == d.webhook_id)
        .where(d.delivered_at.is_(None), d.next_attempt_at <= now, ~blocked)
        .order_by(d.position, d.webhook_id)
        .limit(limit)
    )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is a failure: the body and signature are for the URL subscribed."""

    def redirect_request(self, *_args: Any, **_kwargs: Any) -> None:
        return None


# No proxies from the environment either: a webhook goes where the admin pointed it.
_opener = urllib.request.build_opener(_NoRedirects, urllib.request.ProxyHandler({}))


def post(url: str, headers: dict[str, str], data: bytes, timeout: float) -> str | None:
    """POST one delivery; None when the receiver answered 2xx, else what went wrong."""
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
    )
    try:
        with _opener.open(request, timeout=timeout) as response:
            response.read(MAX_RESPONSE_READ)
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except urllib.error.URLError as exc:
        return _describe(exc.reason)
    except (OSError, http.client.HTTPException) as exc:
        return _describe(exc)
    return None


def _describe(reason: object) -> str:
    if isinstance(reason, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


async def deliver_periodically(worker: DeliveryWorker, signal: FeedSignal) -> None:
    """Run delivery rounds for as long as the server runs: after each write of this process
    (the feed signal) or every `interval` seconds; at once again while a round was full."""
    while True:
        wake = signal.armed()
        attempted = 0
        try:
            attempted = await asyncio.to_thread(worker.run_round)
        except Exception:  # the database away, or a bug: logged, and the worker goes on
            logger.exception("webhook delivery failed; trying again later")
        if attempted >= worker.settings.batch:
            continue
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), worker.settings.interval)
