"""Helpers for tests of writes by external id: keys and requests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine

from server import api_keys, feed
from server.database import make_sessions
from server.idempotency import HEADER
from server.key_auth import API_KEY_HEADER


def make_key(
    engine: Engine, name: str, scopes: list[str], territories: list[str] | None = None
) -> dict[str, str]:
    """The headers of a new key."""
    with feed.write_transaction(make_sessions(engine).write) as session:
        return {API_KEY_HEADER: api_keys.create(session, name, scopes, territories or [])}


def put(
    client: TestClient,
    key: dict[str, str],
    kind: str,
    external_id: str,
    body: dict[str, Any],
    *,
    system: str = "erp",
    idempotency_key: str | None = None,
) -> Response:
    headers = key | ({HEADER: idempotency_key} if idempotency_key else {})
    return client.put(f"/v1/external/{system}/{kind}/{external_id}", json=body, headers=headers)


def bulk(
    client: TestClient,
    key: dict[str, str],
    items: list[dict[str, Any]],
    *,
    system: str = "erp",
    idempotency_key: str | None = None,
) -> Response:
    headers = key | ({HEADER: idempotency_key} if idempotency_key else {})
    return client.post(f"/v1/external/{system}/bulk", json={"items": items}, headers=headers)
