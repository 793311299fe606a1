"""schemathesis against the server's own /openapi.json: no request, valid or not, signed in or
not, gets a 5xx. The examples per endpoint are bounded so the run stays short;
FIELDBOOK_FUZZ_EXAMPLES raises them for a longer hunt.

The operations are walked here rather than through schemathesis' pytest plugin, whose lazy
schemas do not work with pytest 9.
"""

from __future__ import annotations

import os
from functools import cache

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.strategies import SearchStrategy
from schemathesis import APIOperation, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from sqlalchemy import Engine

from protocol.paths import WAIT_PATH
from server import api_keys, feed
from server.api import create_app
from server.database import make_engine, make_sessions
from server.external_api import EXTERNAL_PREFIX
from server.key_auth import API_KEY_HEADER
from server.system_api import CHANGES_PATH
from tests.support.snapshots import without_background
from tests.unit.server.helpers import World, both_databases, sign_in

EXAMPLES = int(os.environ.get("FIELDBOOK_FUZZ_EXAMPLES", "20"))


# Both databases: PostgreSQL refuses text SQLite takes (NUL characters, for one).
db_url = both_databases


@cache
def operations() -> tuple[APIOperation, ...]:
    """The operations of the server's /openapi.json, read once per test process from an app
    that serves nothing else (no database, no background work); each test sends the cases to
    its own app (`app=`)."""
    reader = without_background(create_app(make_engine("sqlite://")))
    schema = schemathesis.openapi.from_asgi("/openapi.json", reader)
    found = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()  # the schema itself must be readable
        found.append(result.ok())
    return tuple(found)


@cache
def cases(operation: APIOperation, mode: GenerationMode) -> SearchStrategy[schemathesis.Case]:
    """The strategy drawing `operation`'s cases, made once per test process: building and
    validating the strategies again in every test took a sixth of these tests' time. Each
    test still draws its own examples from it."""
    return operation.as_strategy(generation_mode=mode)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_no_request_gets_a_server_error(
    engine: Engine, world: World, mode: GenerationMode, signed_in: bool
) -> None:
    app = create_app(engine)
    headers = {}
    if signed_in:
        with TestClient(app) as client:
            headers = sign_in(client, "rep_a")
    # The long-poll holds each request open up to its timeout by design, so fuzzing it costs
    # minutes; tests/unit/server/test_live.py covers it.
    fuzzed = [operation for operation in operations() if operation.path != WAIT_PATH]
    assert len(fuzzed) >= 7

    for operation in fuzzed:
        inputs = len(operation.body) + len(operation.query) + len(operation.headers)
        if mode is GenerationMode.NEGATIVE and not inputs:
            continue  # nothing to get wrong (GET /healthz)

        @given(case=cases(operation, mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case: schemathesis.Case) -> None:
            case.call_and_validate(app=app, headers=headers or None, checks=[not_a_server_error])

        no_server_error()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_write_through_an_api_key_gets_a_server_error(
    engine: Engine, world: World, mode: GenerationMode
) -> None:
    """The routes other systems call, with a key that may read and write everywhere (without
    one they stop at the key check, which the test above covers)."""
    app = create_app(engine)
    with feed.write_transaction(make_sessions(engine).write) as session:
        key = api_keys.create(session, "fuzz", api_keys.SCOPES)
    fuzzed = [
        operation
        for operation in operations()
        if operation.path.startswith(EXTERNAL_PREFIX) or operation.path == CHANGES_PATH
    ]
    assert len(fuzzed) == 3

    for operation in fuzzed:

        @given(case=cases(operation, mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case: schemathesis.Case) -> None:
            case.call_and_validate(
                app=app, headers={API_KEY_HEADER: key}, checks=[not_a_server_error]
            )

        no_server_error()
