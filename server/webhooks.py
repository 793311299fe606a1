"""Webhook subscriptions, as an admin keeps them: add, list, remove, see what fails, replay.

A subscription hears of changes of the entities it names, in the territories it names (or
all), from the moment it is added (or, added `from_start`, of every live record first). The
deliveries themselves are `server.webhook_delivery`'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, case, delete, func, select, update
from sqlalchemy.orm import Session

from server import system_feed, webhook_signing
from server.tables import Territory, Webhook, WebhookDelivery

MAX_NAME = 100
MAX_URL = 2000


class WebhookError(ValueError):
    """A subscription cannot be made or changed as asked; the message says why."""


@dataclass(frozen=True)
class WebhookInfo:
    name: str
    url: str
    entities: list[str]
    territories: list[str] | None  # keys; None: every territory
    cursor: int
    undelivered: int


@dataclass(frozen=True)
class Failing:
    """A subscription with deliveries that failed and are not delivered yet."""

    name: str
    url: str
    undelivered: int
    given_up: int
    attempts: int  # the most any of them had
    last_error: str | None
    oldest_undelivered: dt.datetime


def add(
    session: Session,
    name: str,
    url: str,
    entities: Collection[str],
    territory_keys: Collection[str] = (),
    *,
    secret: str | None = None,
    from_start: bool = False,
) -> str:
    """Subscribe `url` as `name` to changes of `entities` in the territories with
    `territory_keys` (none: every territory); returns the secret deliveries are signed with."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise WebhookError(f"A webhook needs a name of 1 to {MAX_NAME} characters.")
    if session.scalar(select(Webhook.id).where(Webhook.name == name)) is not None:
        raise WebhookError(f"A webhook named {name!r} exists already; choose another name.")
    check_url(url)
    unknown = sorted(set(entities) - set(system_feed.SYSTEM_ENTITIES))
    if not entities or unknown:
        raise WebhookError(
            "Name the entities to hear of, among " + ", ".join(system_feed.SYSTEM_ENTITIES) + "."
        )
    if secret is None:
        secret = webhook_signing.new_secret()
    else:
        webhook_signing.key_of(secret)  # raises SecretError with a sentence
    session.add(
        Webhook(
            name=name,
            url=url,
            secret=secret,
            entities=sorted(set(entities)),
            territory_ids=_territory_ids(session, territory_keys),
            cursor=0 if from_start else system_feed.head(session),
        )
    )
    return secret


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if len(url) > MAX_URL or parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookError(f"A webhook URL is http:// or https://, a host and a path: {url!r}.")


def listed(session: Session) -> list[WebhookInfo]:
    pending = _undelivered_counts(session)
    keys = dict(session.execute(select(Territory.id, Territory.key)).all())
    return [
        WebhookInfo(
            row.name,
            row.url,
            row.entities,
            sorted(keys.get(t, t) for t in row.territory_ids)
            if row.territory_ids is not None
            else None,
            row.cursor,
            pending.get(row.id, 0),
        )
        for row in session.scalars(select(Webhook).order_by(Webhook.name))
    ]


def remove(session: Session, name: str) -> None:
    webhook_id = _id_of(session, name)
    session.execute(delete(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id))
    session.execute(delete(Webhook).where(Webhook.id == webhook_id))


def failing(session: Session) -> list[Failing]:
    """Subscriptions whose undelivered deliveries include failed ones, oldest first."""
    undelivered = WebhookDelivery.delivered_at.is_(None)
    rows = session.execute(
        select(
            Webhook.id,
            Webhook.name,
            Webhook.url,
            func.count(),
            func.sum(case((WebhookDelivery.next_attempt_at.is_(None), 1), else_=0)),
            func.max(WebhookDelivery.attempts),
            func.min(WebhookDelivery.created_at),
        )
        .join(WebhookDelivery, WebhookDelivery.webhook_id == Webhook.id)
        .where(undelivered)
        .group_by(Webhook.id, Webhook.name, Webhook.url)
        .having(func.max(WebhookDelivery.attempts) > 0)
        .order_by(func.min(WebhookDelivery.created_at))
    ).all()
    result = []
    for webhook_id, name, url, count, given_up, attempts, oldest in rows:
        last_error = session.scalar(
            select(WebhookDelivery.last_error)
            .where(WebhookDelivery.webhook_id == webhook_id, undelivered)
            .where(WebhookDelivery.attempts > 0)
            .order_by(WebhookDelivery.first_failed_at.desc(), WebhookDelivery.position.desc())
            .limit(1)
        )
        result.append(Failing(name, url, count, int(given_up or 0), attempts, last_error, oldest))
    return result


def replay(session: Session, name: str, now: dt.datetime, from_position: int | None = None) -> int:
    """Try every undelivered delivery of `name` again now, with a fresh retry schedule; with
    `from_position`, also deliver again those delivered from that feed position on (while the
    server keeps them). Returns how many are due."""
    webhook_id = _id_of(session, name)
    chosen: ColumnElement[bool] = WebhookDelivery.delivered_at.is_(None)
    if from_position is not None:
        chosen = chosen | (WebhookDelivery.position >= from_position)
    result = session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == webhook_id, chosen)
        .values(
            delivered_at=None,
            attempts=0,
            first_failed_at=None,
            next_attempt_at=now,
            last_error=None,
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0))


def _territory_ids(session: Session, keys: Collection[str]) -> list[str] | None:
    wanted = sorted(set(keys))
    if not wanted:
        return None
    found = dict(
        session.execute(
            select(Territory.key, Territory.id).where(
                Territory.key.in_(wanted), Territory.deleted.is_(False)
            )
        ).all()
    )
    missing = [key for key in wanted if key not in found]
    if missing:
        raise WebhookError(f"No territory has the key {missing[0]!r}.")
    return sorted(found.values())


def _undelivered_counts(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(WebhookDelivery.webhook_id, func.count())
        .where(WebhookDelivery.delivered_at.is_(None))
        .group_by(WebhookDelivery.webhook_id)
    )
    return {webhook_id: count for webhook_id, count in rows}


def _id_of(session: Session, name: str) -> int:
    webhook_id = session.scalar(select(Webhook.id).where(Webhook.name == name))
    if webhook_id is None:
        raise WebhookError(f"There is no webhook named {name!r}.")
    return webhook_id
