"""A signed-in transport's plain reads and writes for tests of whole servers: every record of a
kind through the feed, accounts pushed by name."""

from __future__ import annotations

import uuid
from typing import Any

from protocol.sync import Mutation, PushRequest
from sync.transport import Transport


def signed_in(url: str, name: str) -> Transport:
    """A transport signed in as `name` with the password `pw-NAME` (support.server_process)."""
    transport = Transport(url, retries=0)
    transport.sign_in(name, f"pw-{name}")
    return transport


def all_records(transport: Transport, entity: str) -> dict[str, dict[str, Any]]:
    """Every record of `entity` the user sees, by id, paging through the whole feed."""
    found: dict[str, dict[str, Any]] = {}
    cursor, more = 0, True
    while more:
        page = transport.pull(cursor, 500)
        found.update((c.record_id, c.fields) for c in page.changes if c.entity == entity)
        cursor, more = page.cursor, page.has_more
    return found


def account_names(transport: Transport) -> set[str]:
    return {fields["name"] for fields in all_records(transport, "account").values()}


def push_accounts(transport: Transport, territory_key: str, *names: str) -> None:
    """New accounts in the territory, from a new client; each must be applied."""
    territories = all_records(transport, "territory")
    territory_id = next(i for i, fields in territories.items() if fields["key"] == territory_key)
    mutations = [
        Mutation(
            seq=seq,
            entity="account",
            record_id=str(uuid.uuid4()),
            op="upsert",
            base_version=0,
            fields={"name": name, "territory_id": territory_id},
        )
        for seq, name in enumerate(names, start=1)
    ]
    answer = transport.push(PushRequest(client_id=str(uuid.uuid4()), mutations=mutations))
    assert [r.status for r in answer.results] == ["applied"] * len(names), answer
