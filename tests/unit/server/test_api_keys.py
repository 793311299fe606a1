"""API keys with scopes and territories: made and listed by the CLI, checked on every call,
and every call logged with the key's name."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import Engine, column, insert, select, table

from server import api_keys, enquiries, feed
from server.api_keys import KeyGrant
from server.connect_api import ENQUIRY_PATH
from server.database import WRITE_OPTION, make_engine, make_sessions
from server.key_auth import API_KEY_HEADER
from server.schema import alembic_config, upgrade
from server.tables import ApiKey
from tests.unit.server.conftest import CliRun
from tests.unit.server.helpers import World
from tests.unit.server.test_cli import assert_plain_error

ENQUIRY = {"name": "张三", "phone": "13900001111"}


def make_key(
    engine: Engine, name: str, scopes: list[str], territories: list[str] | None = None
) -> str:
    with feed.write_transaction(make_sessions(engine).write) as session:
        return api_keys.create(session, name, scopes, territories or [])


def test_a_key_is_made_with_scopes_and_territories_and_listed_with_them(
    cli_run: CliRun, db_url: str
) -> None:
    added = cli_run("--db", db_url, "user", "add", "wang", "--role", "rep", "--territory",
                    "north", "--password-stdin", stdin="pw\n")  # fmt: skip
    assert added.returncode == 0, added.stderr

    created = cli_run("--db", db_url, "apikey", "create", "erp", "--scope", "read",
                      "--scope", "write", "--territory", "north")  # fmt: skip
    plain = cli_run("--db", db_url, "apikey", "create", "web form")
    listed = cli_run("--db", db_url, "apikey", "list")

    assert created.returncode == plain.returncode == 0, created.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("erp\t") and lines[0].endswith("\tscopes read write\tnorth")
    assert lines[1].endswith("\tscopes enquiry\tevery territory")
    assert_plain_error(
        cli_run("--db", db_url, "apikey", "create", "x", "--territory", "south"),
        "No territory has the key 'south'",
    )


def test_a_key_grants_what_it_was_made_with(engine: Engine, world: World) -> None:
    key = make_key(engine, "erp", ["write", "read", "write"], ["b"])
    with make_sessions(engine).read() as session:
        grant = api_keys.grant_of_valid_key(session, key)
        with pytest.raises(api_keys.ApiKeyError, match="one or more of the scopes"):
            api_keys.create(session, "none", [])

    assert grant == KeyGrant("erp", frozenset({"read", "write"}), frozenset({world.territory_b}))
    assert grant.reaches(world.territory_b) and not grant.reaches(world.territory_a)
    assert KeyGrant("all", frozenset(), None).reaches(world.territory_a)


def test_a_key_without_the_scope_is_refused_naming_it(
    client: TestClient, engine: Engine, world: World
) -> None:
    key = make_key(engine, "reader", ["read"])

    answer = client.post(ENQUIRY_PATH, json=ENQUIRY, headers={API_KEY_HEADER: key})

    assert answer.status_code == 403
    assert (answer.json()["message"], answer.json()["field"]) == (
        "This key lacks the scope enquiry.",
        "scope",
    )


def test_every_call_is_logged_once_with_the_keys_name(
    client: TestClient, engine: Engine, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    with feed.write_transaction(make_sessions(engine).write) as session:
        enquiries.set_routes(session, json.dumps({"default": "a", "cities": {}}))
    good = make_key(engine, "web form", ["enquiry"])
    reader = make_key(engine, "reader", ["read"])

    with caplog.at_level(logging.INFO, logger="server.key_auth"):
        client.post(ENQUIRY_PATH, json=ENQUIRY, headers={API_KEY_HEADER: good})
        client.post(ENQUIRY_PATH, json=ENQUIRY, headers={API_KEY_HEADER: reader})
        client.post(ENQUIRY_PATH, json={}, headers={API_KEY_HEADER: good})
        client.post(ENQUIRY_PATH, json=ENQUIRY, headers={API_KEY_HEADER: "fbk_wrong"})

    assert [r.getMessage() for r in caplog.records if r.name == "server.key_auth"] == [
        f"API key 'web form': POST {ENQUIRY_PATH} 201",
        f"API key 'reader': POST {ENQUIRY_PATH} 403",
        f"API key 'web form': POST {ENQUIRY_PATH} 422",
        f"API key (none valid): POST {ENQUIRY_PATH} 401",
    ]


# The key table as revision 0006 left it (the model has the columns 0007 added).
API_KEY_AT_0006 = table(
    "api_key", column("id"), column("name"), column("key_hash"), column("created_at")
)


def test_keys_made_before_scopes_keep_sending_enquiries_everywhere(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'server.db'}")
    created = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
        command.upgrade(alembic_config(connection), "0006_account_country")
        connection.execute(
            insert(API_KEY_AT_0006).values(
                id=1, name="web", key_hash="0" * 64, created_at=created.isoformat()
            )
        )

    upgrade(engine)

    with engine.connect() as connection:
        row = connection.execute(select(ApiKey.scopes, ApiKey.territory_ids)).one()
    assert tuple(row) == (["enquiry"], None)
