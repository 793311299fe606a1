"""An ERP writes 1,000 accounts by external id in one bulk request, on SQLite and on
PostgreSQL; the same request again changes nothing."""

from __future__ import annotations

import logging
import time

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from server.database import make_sessions
from server.tables import Account, ExternalId
from tests.unit.server.external_helpers import bulk, make_key, put
from tests.unit.server.helpers import Device, World, both_databases

db_url = both_databases
logger = logging.getLogger(__name__)


def _items(count: int) -> list[dict]:
    return [
        {
            "entity": "account",
            "external_id": f"C-{n:04}",
            "fields": {"name": f"ERP 客户 {n:04}", "phone": f"+86 10 5555 {n:04}", "city": "北京"},
            "territory": "a" if n % 2 else "b",
        }
        for n in range(count)
    ]


def test_a_thousand_accounts_in_bulk_then_the_same_request_changes_nothing(
    client: TestClient, engine: Engine, world: World
) -> None:
    erp = make_key(engine, "erp", ["write"])
    items = _items(1000)

    started = time.perf_counter()
    first = bulk(client, erp, items, idempotency_key="batch-1")
    took = time.perf_counter() - started
    logger.warning("bulk of 1,000 new accounts on %s: %.2f s", engine.dialect.name, took)

    assert first.status_code == 200, first.text
    assert first.json()["counts"] == {"created": 1000}
    rep = Device(client, "rep_a")
    pulled = [change for change in rep.pull() if change["entity"] == "account"]
    assert len(pulled) == 500  # territory a's half, through the feed
    retried = bulk(client, erp, items, idempotency_key="batch-1")
    assert retried.json() == first.json()
    repeated = bulk(client, erp, items)
    assert repeated.json()["counts"] == {"unchanged": 1000}
    assert [r["record_id"] for r in repeated.json()["results"]] == [
        r["record_id"] for r in first.json()["results"]
    ]
    assert rep.pull() == []
    with make_sessions(engine).read() as session:
        assert session.scalar(select(func.count()).select_from(Account)) == 1000
        assert session.scalar(select(func.count()).select_from(ExternalId)) == 1000


def test_an_account_is_upserted_by_external_id(
    client: TestClient, engine: Engine, world: World
) -> None:
    erp = make_key(engine, "erp", ["write"])
    body = {"fields": {"name": "北京科技有限公司"}, "territory": "a"}

    created = put(client, erp, "accounts", "C-1", body)
    updated = put(client, erp, "accounts", "C-1", body | {"fields": {"tier": "A"}})

    assert (created.status_code, updated.status_code) == (201, 200)
    assert updated.json()["status"] == "updated"
    assert updated.json()["record_id"] == created.json()["record_id"]
