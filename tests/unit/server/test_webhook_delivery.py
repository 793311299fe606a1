"""Webhook deliveries (`server.webhook_delivery`): signed, in order per record, retried by the
schedule, listed when failing, replayed, and delivered by one process at a time.

The worker's rounds are run by hand with a clock the test moves; the receiver is a real HTTP
server on loopback that really goes away when it is down.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from server import defaults, feed, webhooks, writes
from server.database import make_sessions
from server.webhook_delivery import DeliveryWorker
from server.webhook_schedule import DeliverySettings, RetrySchedule
from server.webhook_signing import verify
from tests.support.clock import FakeClock
from tests.support.webhook_receiver import WebhookReceiver
from tests.unit.server.helpers import World, account_fields, both_databases, new_id

db_url = both_databases

SCHEDULE = RetrySchedule(
    first_delay=dt.timedelta(seconds=30),
    max_delay=dt.timedelta(minutes=10),
    give_up_after=dt.timedelta(hours=1),
)


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver().up()
    yield receiver
    receiver.down()


@pytest.fixture
def worker(engine: Engine, clock: FakeClock) -> DeliveryWorker:
    return DeliveryWorker(make_sessions(engine), DeliverySettings(schedule=SCHEDULE), clock)


def subscribe(engine: Engine, url: str, *entities: str, **kw: Any) -> str:
    with make_sessions(engine).write.begin() as session:
        return webhooks.add(session, "erp", url, entities or ("account",), **kw)


def write(engine: Engine, entity: str, record_id: str, fields: dict[str, Any], **kw: Any) -> int:
    with feed.write_transaction(make_sessions(engine).write) as session:
        outcome = writes.apply(session, writes.Write(entity, record_id, fields, **kw), None)
    assert outcome.status == "applied", outcome
    return outcome.version


def names(receiver: WebhookReceiver) -> list[str]:
    return [event["data"]["fields"]["name"] for event in receiver.events()]


def test_a_change_is_delivered_signed_with_its_codes(
    engine: Engine, world: World, receiver: WebhookReceiver, worker: DeliveryWorker
) -> None:
    with feed.write_transaction(make_sessions(engine).write) as session:
        defaults.add_missing_defaults(session)
    secret = subscribe(engine, receiver.url, "account", "activity")
    account, activity = new_id(), new_id()
    write(engine, "account", account, account_fields(world.territory_a))
    answers = [{"step": "purpose", "codes": ["sales"]}, {"step": "reasons", "codes": ["price"]}]
    write(engine, "activity", activity, {"account_id": account, "process_key": "field_visit",
          "process_version": 1, "kind": "visit", "occurred_at": "2026-11-02T09:00:00+08:00",
          "answers": answers})  # fmt: skip

    assert worker.run_round() == 2
    first, second = receiver.got()
    for delivery in (first, second):
        assert verify(secret, delivery.headers, delivery.body, now=time.time())
        assert delivery.headers["content-type"] == "application/json"
    assert first.event["type"] == "account.changed"
    assert first.event["data"]["id"] == account
    assert second.event["type"] == "activity.changed"
    reasons = second.event["data"]["answers"][1]
    assert reasons["codes"] == [{"key": "price", "label": {"en": "Price", "zh_CN": "价格"}}]
    assert worker.run_round() == 0  # nothing delivered twice


def test_a_subscription_hears_of_changes_from_when_it_was_added_unless_from_the_start(
    engine: Engine, world: World, receiver: WebhookReceiver, worker: DeliveryWorker
) -> None:
    write(engine, "account", new_id(), account_fields(world.territory_a, name="before"))
    subscribe(engine, receiver.url)
    write(engine, "account", new_id(), account_fields(world.territory_a, name="after"))
    worker.run_round()
    assert names(receiver) == ["after"]
    with make_sessions(engine).write.begin() as session:
        webhooks.add(session, "bi", receiver.url, ["account"], from_start=True)
    worker.run_round()
    assert names(receiver) == ["after", "before", "after"]


def test_a_subscription_hears_only_of_its_territories_and_of_a_record_leaving_them(
    engine: Engine, world: World, receiver: WebhookReceiver, worker: DeliveryWorker
) -> None:
    with make_sessions(engine).write.begin() as session:
        webhooks.add(session, "north", receiver.url, ["account"], ["a"])
    in_a = new_id()
    version = write(engine, "account", in_a, account_fields(world.territory_a, name="a"))
    write(engine, "account", new_id(), account_fields(world.territory_b, name="b"))
    worker.run_round()
    write(engine, "account", in_a, {"territory_id": world.territory_b}, base_version=version)
    worker.run_round()
    assert [(e["type"], e["data"]["id"]) for e in receiver.events()] == [
        ("account.changed", in_a),
        ("account.deleted", in_a),
    ]
    assert receiver.events()[1]["data"]["reason"] == "left_scope"


def test_a_failing_record_holds_back_only_its_own_later_changes(
    engine: Engine,
    world: World,
    receiver: WebhookReceiver,
    worker: DeliveryWorker,
    clock: FakeClock,
) -> None:
    subscribe(engine, receiver.url)
    stuck, other = new_id(), new_id()
    version = write(engine, "account", stuck, account_fields(world.territory_a, name="s1"))
    write(engine, "account", stuck, {"name": "s2"}, base_version=version)  # one delivery: s2
    write(engine, "account", other, account_fields(world.territory_a, name="o1"))
    receiver.status = 500
    assert worker.run_round() == 1  # s2 fails; the round leaves the subscription alone
    receiver.status = 200
    version = write(engine, "account", stuck, {"name": "s3"}, base_version=version + 1)
    worker.run_round()
    assert names(receiver) == ["s2", "o1"]  # s3 waits behind s2, o1 went ahead
    clock.advance(dt.timedelta(seconds=29))
    worker.run_round()
    assert names(receiver) == ["s2", "o1"]  # not yet due
    clock.advance(dt.timedelta(seconds=1))
    worker.run_round()
    worker.run_round()
    assert names(receiver) == ["s2", "o1", "s2", "s3"]


def test_a_receiver_that_was_down_gets_every_delivery_it_missed_in_order(
    engine: Engine,
    world: World,
    receiver: WebhookReceiver,
    worker: DeliveryWorker,
    clock: FakeClock,
) -> None:
    subscribe(engine, receiver.url)
    account = new_id()
    version = write(engine, "account", account, account_fields(world.territory_a, name="v1"))
    receiver.down()
    expected = ["v1"]
    for number in range(2, 6):
        worker.run_round()
        clock.advance(dt.timedelta(seconds=20))
        version = write(engine, "account", account, {"name": f"v{number}"}, base_version=version)
        expected.append(f"v{number}")
    with make_sessions(engine).read() as session:
        (failing,) = webhooks.failing(session)
    assert failing.name == "erp" and failing.undelivered == 4 and failing.given_up == 0
    assert failing.attempts >= 2 and failing.last_error == "Connection refused"
    receiver.up()
    clock.advance(dt.timedelta(minutes=10))
    for _ in range(6):
        worker.run_round()
    assert names(receiver) == expected
    with make_sessions(engine).read() as session:
        assert webhooks.failing(session) == []


def test_retries_give_up_after_the_window_and_a_replay_delivers_them(
    engine: Engine,
    world: World,
    receiver: WebhookReceiver,
    worker: DeliveryWorker,
    clock: FakeClock,
) -> None:
    subscribe(engine, receiver.url)
    write(engine, "account", new_id(), account_fields(world.territory_a, name="late"))
    receiver.status = 503
    for _ in range(20):
        worker.run_round()
        clock.advance(dt.timedelta(minutes=10))
    attempts = len(receiver.got())
    assert 6 <= attempts <= 9  # 30 s, 1, 2, 4, 8, 10, 10 … minutes within the hour
    with make_sessions(engine).read() as session:
        (failing,) = webhooks.failing(session)
    assert (failing.given_up, failing.attempts, failing.last_error) == (1, attempts, "HTTP 503")

    receiver.status = 200
    with make_sessions(engine).write.begin() as session:
        assert webhooks.replay(session, "erp", clock()) == 1
    worker.run_round()
    assert names(receiver) == ["late"] * (attempts + 1)
    assert len({r.headers["webhook-id"] for r in receiver.got()}) == 1  # one message, resent
    with make_sessions(engine).read() as session:
        assert webhooks.failing(session) == []


def test_a_replay_from_a_position_sends_delivered_changes_again(
    engine: Engine,
    world: World,
    receiver: WebhookReceiver,
    worker: DeliveryWorker,
    clock: FakeClock,
) -> None:
    subscribe(engine, receiver.url)
    for name in ("a", "b", "c"):
        write(engine, "account", new_id(), account_fields(world.territory_a, name=name))
    worker.run_round()
    second = receiver.events()[1]["data"]["position"]
    with make_sessions(engine).write.begin() as session:
        assert webhooks.replay(session, "erp", clock(), second) == 2
    worker.run_round()
    assert names(receiver) == ["a", "b", "c", "b", "c"]


def test_one_process_delivers_at_a_time_and_another_takes_over_when_it_stops_renewing(
    engine: Engine,
    world: World,
    receiver: WebhookReceiver,
    worker: DeliveryWorker,
    clock: FakeClock,
) -> None:
    other = DeliveryWorker(make_sessions(engine), worker.settings, clock)
    subscribe(engine, receiver.url)
    write(engine, "account", new_id(), account_fields(world.territory_a, name="one"))
    assert worker.run_round() == 1
    write(engine, "account", new_id(), account_fields(world.territory_a, name="two"))
    assert other.run_round() == 0  # the first holds the lease
    clock.advance(worker.settings.lease + dt.timedelta(seconds=1))
    assert other.run_round() == 1  # the first stopped renewing: the other took over
    assert not worker.take_lease()
    assert names(receiver) == ["one", "two"]


def test_failures_are_logged_without_the_secret(
    engine: Engine,
    world: World,
    receiver: WebhookReceiver,
    worker: DeliveryWorker,
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = subscribe(engine, receiver.url)
    write(engine, "account", new_id(), account_fields(world.territory_a))
    receiver.status = 500
    with caplog.at_level(logging.DEBUG):
        worker.run_round()
    assert "webhook 'erp'" in caplog.text and "HTTP 500" in caplog.text
    assert secret not in caplog.text and secret.removeprefix("whsec_") not in caplog.text


def test_a_subscription_refuses_bad_names_urls_entities_and_secrets(engine: Engine) -> None:
    with make_sessions(engine).write.begin() as session:
        webhooks.add(session, "erp", "https://erp.example.com/hook", ["account"])
        for name, url, entities, secret, message in [
            ("erp", "https://x.example.com/", ["account"], None, "exists already"),
            ("x", "ftp://x.example.com/", ["account"], None, "http:// or https://"),
            ("x", "https:///nohost", ["account"], None, "http:// or https://"),
            ("x", "https://x.example.com/", ["user"], None, "entities"),
            ("x", "https://x.example.com/", [], None, "entities"),
            ("x", "https://x.example.com/", ["account"], "whsec_c2hvcnQ=", "secret"),
        ]:
            with pytest.raises(ValueError, match=message):
                webhooks.add(session, name, url, entities, secret=secret)
