"""The demo seed: default content, demo territories and users, generated records."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from server import defaults, seed
from tests.unit.server.helpers import Device, by_id, contact_fields, new_id


@pytest.fixture
def generate_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Stand in for `demo_data.generate`: one account with a contact per territory."""
    calls: list[dict[str, Any]] = []

    def generate(**kwargs: Any) -> Iterator[tuple[str, str, dict[str, Any]]]:
        calls.append(kwargs)
        for territory_id, owners in kwargs["owners"].items():
            account_id = new_id()
            fields = {"name": "acc", "territory_id": territory_id, "owner_id": owners[0]}
            yield "account", account_id, fields
            yield "contact", new_id(), contact_fields(account_id)

    monkeypatch.setattr(seed.demo_data, "generate", generate)
    return calls


def test_seed_demo_passes_territories_owners_and_arguments_to_the_generator(
    engine: Engine, generate_calls: list[dict[str, Any]]
) -> None:
    counts = seed.seed_demo(engine, accounts=7, seed=42, today=dt.date(2026, 11, 23))

    (call,) = generate_calls
    assert (call["accounts"], call["seed"], call["today"]) == (7, 42, dt.date(2026, 11, 23))
    assert sorted(call["territories"].values()) == ["east", "north"]
    owners = {call["territories"][t]: len(ids) for t, ids in call["owners"].items()}
    assert owners == {"north": 2, "east": 1}  # the reps own accounts
    assert counts["territory"] == 2 and counts["user"] == 5
    assert counts["account"] == counts["contact"] == 2
    assert counts["code_set"] == len(defaults.load_code_sets())
    assert counts["process"] == len(defaults.load_processes())


def test_demo_users_sign_in_and_see_their_territory(
    engine: Engine, client: TestClient, generate_calls: list[dict[str, Any]]
) -> None:
    seed.seed_demo(engine, accounts=1)

    north = by_id(Device(client, "demo", "demo").pull())
    everything = by_id(Device(client, "manager", "demo").pull())

    accounts = [c for c in everything.values() if c["entity"] == "account"]
    assert len(accounts) == 2
    assert sum(1 for c in north.values() if c["entity"] == "account") == 1
    names = {c["fields"]["name"] for c in everything.values() if c["entity"] == "territory"}
    assert names == set(seed.DEMO_TERRITORIES.values())


def test_default_content_has_ids_derived_from_keys() -> None:
    records = defaults.default_records()

    code_set = next(r for r in records if r[0] == "code_set")
    process = next(r for r in records if r[0] == "process")
    key = code_set[2]["key"]
    assert code_set[1] == str(uuid.uuid5(uuid.NAMESPACE_URL, f"fieldbook:code_set:{key}"))
    name = f"fieldbook:process:{process[2]['key']}:{process[2]['version']}"
    assert process[1] == str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def test_seeding_a_database_that_holds_data_is_refused(
    engine: Engine, generate_calls: list[dict[str, Any]]
) -> None:
    seed.seed_demo(engine, accounts=0)

    with pytest.raises(seed.SeedError, match="already holds data"):
        seed.seed_demo(engine, accounts=0)


def test_loading_the_defaults_twice_adds_them_once(tmp_path) -> None:
    from server.database import make_engine, make_sessions
    from server.feed import write_transaction
    from server.schema import upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'd.db'}")
    upgrade(engine)
    with write_transaction(make_sessions(engine).write) as session:
        first = defaults.add_missing_defaults(session)
    with write_transaction(make_sessions(engine).write) as session:
        second = defaults.add_missing_defaults(session)
    assert first == len(defaults.default_records()) and second == 0
