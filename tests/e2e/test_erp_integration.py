"""An ERP joins Fieldbook end to end, on PostgreSQL: it writes 1,000 accounts by its own ids in
one bulk request (the same request again changes nothing), a rep edits one offline and syncs
with the real client, and the ERP's webhook receiver on loopback gets the change within
seconds, signed, with the codes of the visit the rep logged. The receiver then goes down (it
really refuses connections) for a minute of the worker's clock, and afterwards gets every
delivery it missed, in order. Keys without the scope write, or outside their territories,
are refused with a 403 naming what they lack.

The server is the real app on a loopback port (in this process, so the test can move the
webhook worker's clock instead of sleeping through the back-off).
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import Engine, select

from app import catalog, sync_service
from app.accounts import account_form, save_account
from app.activities import log_activity
from app.processes import ProcessRun
from app.workspace import Workspace
from server import api_keys, auth, defaults, feed, users, webhooks
from server.database import make_engine, make_sessions
from server.key_auth import API_KEY_HEADER
from server.settings import ServerSettings
from server.system_api import CHANGES_PATH
from server.tables import Account, ExternalId, FeedCounter
from server.webhook_schedule import DeliverySettings
from server.webhook_signing import verify
from sync.credentials import TokenStore
from tests.support.clock import FakeClock
from tests.support.live_server import live_server
from tests.support.webhook_receiver import Received, WebhookReceiver

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

ACCOUNTS = 1000
IDEMPOTENCY_HEADER = "Idempotency-Key"
# The worker looks for work every 0.1 s of wall time; its back-off runs on the test's clock.
FAST = DeliverySettings(interval=0.1)


@dataclass
class Erp:
    url: str
    engine: Engine
    clock: FakeClock
    key: dict[str, str]  # read and write, territory north
    secret: str
    receiver: WebhookReceiver


@pytest.fixture
def erp(pg_schema_url: str) -> Iterator[Erp]:
    engine = make_engine(pg_schema_url)
    with feed.write_transaction(make_sessions(engine).write) as session:
        defaults.add_missing_defaults(session)
        north = users.ensure_territory(session, "north", "华北")
        users.ensure_territory(session, "south", "华南")
        users.add_user(session, name="wang", role="rep", territory_ids=[north],
                       password_hash=auth.hash_password("pw-wang"))  # fmt: skip
        key = api_keys.create(session, "erp", ["read", "write"], ["north"])
    receiver = WebhookReceiver().up()
    with make_sessions(engine).write.begin() as session:
        secret = webhooks.add(session, "erp", receiver.url, ["account", "activity"])
    clock = FakeClock()
    settings = ServerSettings(webhooks=FAST)
    try:
        with live_server(engine, settings, clock) as url:
            yield Erp(url, engine, clock, {API_KEY_HEADER: key}, secret, receiver)
    finally:
        receiver.down()
        engine.dispose()


def bulk_items() -> list[dict[str, Any]]:
    return [
        {
            "entity": "account",
            "external_id": f"C-{number:04d}",
            "fields": {"name": f"华北客户 {number:04d}", "city": "北京", "tier": "B"},
            "territory": "north",
        }
        for number in range(ACCOUNTS)
    ]


def feed_head(engine: Engine) -> int:
    with make_sessions(engine).read() as session:
        head: int = session.execute(
            select(FeedCounter.value).where(FeedCounter.id == 1)
        ).scalar_one()
        return head


def account_of(engine: Engine, external_id: str) -> str:
    with make_sessions(engine).read() as session:
        record_id = session.scalar(
            select(ExternalId.record_id).where(
                ExternalId.system == "erp", ExternalId.value == external_id
            )
        )
    assert record_id is not None
    return record_id


def verified(erp: Erp, received: Received) -> dict[str, Any]:
    """The event of a delivery whose signature checks out with the webhook's secret."""
    assert verify(erp.secret, received.headers, received.body, now=time.time()), received
    return received.event


def wait_for_event(erp: Erp, wanted: Any, timeout: float = 10) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for received in erp.receiver.got():
            event = received.event
            if wanted(event):
                return verified(erp, received)
        time.sleep(0.02)
    raise AssertionError("the receiver did not get the event")


def visit(workspace: Workspace) -> ProcessRun:
    definition = catalog.process(workspace, "visit")
    assert definition is not None and definition.key == "field_visit"
    run = ProcessRun(definition)
    run.choose("negotiation")
    run.go_on()
    run.choose("price")
    run.choose("brand")
    run.go_on()
    run.choose("order_placed")
    return run


def test_an_erp_writes_by_its_ids_and_hears_of_a_reps_edit_through_its_webhook(
    erp: Erp, tmp_path: Path
) -> None:
    # The ERP creates 1,000 accounts in one request; the receiver hears of each.
    items = bulk_items()
    headers = erp.key | {IDEMPOTENCY_HEADER: str(uuid.uuid4())}
    started = time.monotonic()
    created = requests.post(f"{erp.url}/v1/external/erp/bulk", json={"items": items},
                            headers=headers, timeout=120)  # fmt: skip
    assert created.status_code == 200, created.text
    assert created.json()["counts"] == {"created": ACCOUNTS}
    erp.receiver.wait_for(ACCOUNTS, timeout=120)
    print(f"1,000 accounts written and delivered in {time.monotonic() - started:.1f} s")
    assert all(verified(erp, r)["type"] == "account.changed" for r in erp.receiver.got())

    # The same request again changes nothing: the same answer, no feed position taken.
    head = feed_head(erp.engine)
    again = requests.post(f"{erp.url}/v1/external/erp/bulk", json={"items": items},
                          headers=headers, timeout=120)  # fmt: skip
    assert again.status_code == 200 and again.json() == created.json()
    assert feed_head(erp.engine) == head

    # A rep edits one account offline (saved in the replica only), logs a visit, then syncs.
    account = account_of(erp.engine, "C-0042")
    wang = Workspace.sign_in(tmp_path / "wang", erp.url, "wang", "pw-wang", TokenStore())
    sync_service.sync_now(wang)
    form = account_form(wang, account)
    assert form is not None
    save_account(wang, replace(form, phone="+86 10 6666 0042"), account)
    activity = log_activity(wang, account, visit(wang))
    synced_at = time.monotonic()
    sync_service.sync_now(wang)

    changed = wait_for_event(erp, lambda e: e["data"]["id"] == account and e["data"].get(
        "fields", {}).get("phone") == "+86 10 6666 0042")  # fmt: skip
    logged = wait_for_event(erp, lambda e: e["data"]["id"] == activity)
    latency = time.monotonic() - synced_at
    print(f"the rep's edit reached the receiver {latency:.2f} s after the sync")
    assert latency < 5
    assert changed["type"] == "account.changed"
    assert changed["data"]["external_ids"] == {"erp": "C-0042"}
    assert logged["type"] == "activity.changed"
    reasons = next(a for a in logged["data"]["answers"] if a["step"] == "reasons")
    assert reasons["codes"] == [
        {"key": "price", "label": {"en": "Price", "zh_CN": "价格"}},
        {"key": "brand", "label": {"en": "Brand", "zh_CN": "品牌"}},
    ]

    # The receiver is down for a minute while the rep goes on editing; then it gets every
    # delivery it missed, in order.
    erp.receiver.down()
    before = len(erp.receiver.got())
    notes = [f"call back {number}" for number in range(1, 4)]
    for note in notes:
        form = account_form(wang, account)
        assert form is not None
        save_account(wang, replace(form, note=note), account)
        sync_service.sync_now(wang)
        time.sleep(0.3)  # the worker tries, and is refused
        erp.clock.advance(dt.timedelta(seconds=20))
    with make_sessions(erp.engine).read() as session:
        (failing,) = webhooks.failing(session)
    assert failing.name == "erp" and failing.last_error == "Connection refused"
    assert failing.undelivered == len(notes)
    erp.receiver.up()
    erp.clock.advance(dt.timedelta(minutes=5))  # past every back-off
    missed = erp.receiver.wait_for(before + len(notes), timeout=10)[before:]
    assert [verified(erp, r)["data"]["fields"]["note"] for r in missed] == notes
    with make_sessions(erp.engine).read() as session:
        assert webhooks.failing(session) == []
        stored = session.get(Account, account)
        assert stored is not None and stored.note == notes[-1]

    # The ERP reads the same changes from the change feed.
    page = requests.get(erp.url + CHANGES_PATH, params={"after": str(head), "entities": "account"},
                        headers=erp.key, timeout=30).json()  # fmt: skip
    assert [c["id"] for c in page["changes"]] == [account]
    assert page["changes"][0]["fields"]["note"] == notes[-1]
    wang.close()


def test_keys_without_the_write_scope_or_beyond_their_territories_are_refused(
    erp: Erp,
) -> None:
    with feed.write_transaction(make_sessions(erp.engine).write) as session:
        reader = {API_KEY_HEADER: api_keys.create(session, "bi", ["read"])}
    body = {"fields": {"name": "华南客户"}, "territory": "south"}
    url = f"{erp.url}/v1/external/erp/accounts/S-1"

    no_write = requests.put(url, json=body, headers=reader, timeout=30)
    assert no_write.status_code == 403
    assert no_write.json()["field"] == "scope" and "write" in no_write.json()["message"]

    outside = requests.put(url, json=body, headers=erp.key, timeout=30)
    assert outside.status_code == 403, outside.text
    assert "territory" in outside.json()["message"]

    no_read = requests.get(erp.url + CHANGES_PATH, headers={API_KEY_HEADER: "fbk_nothing"},
                           timeout=30)  # fmt: skip
    assert no_read.status_code == 401
    with feed.write_transaction(make_sessions(erp.engine).write) as session:
        writer = {API_KEY_HEADER: api_keys.create(session, "writer", ["write"])}
    refused = requests.get(erp.url + CHANGES_PATH, headers=writer, timeout=30)
    assert refused.status_code == 403 and refused.json()["message"] == (
        "This key lacks the scope read."
    )
