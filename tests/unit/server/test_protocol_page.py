"""docs/sync-protocol.md against the code: the models its tables name, the shapes of its JSON
examples next to the server's real answers, and the error codes it lists. An independent
client is written from that page alone, so the page must not drift from the server."""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from protocol import auth, errors, reports, snapshots, sync
from protocol.paths import CONFLICTS_PATH, COUNTS_PATH, PULL_PATH, TOKEN_PATH
from tests.unit.server.helpers import PASSWORD, Device, World, account_fields, new_id

ROOT = Path(__file__).resolve().parents[3]
PAGE = (ROOT / "docs" / "sync-protocol.md").read_text(encoding="utf-8")
MODELS: dict[str, type[BaseModel]] = {
    name: value
    for module in (auth, sync, reports, errors, snapshots)
    for name, value in vars(module).items()
    if isinstance(value, type) and issubclass(value, BaseModel)
}
EXAMPLE = re.compile(r"<!-- example: (\w+) (\S+) (\w+) -->\n```json\n(.*?)\n```", re.S)
FREE_FORM = {"fields"}  # a record's fields: any protocol fields of its entity


def shape(value: Any, key: str = "") -> Any:
    """The keys and JSON types of `value`, down through objects and the first list item."""
    if key in FREE_FORM:
        return "object"
    if isinstance(value, dict):
        return {k: shape(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__


def test_every_model_named_in_the_endpoint_table_has_exactly_the_fields_listed() -> None:
    named = re.findall(r"`(\w+) \{([^}`]*)\}`", PAGE)

    assert named
    for model_name, listed in named:
        fields = {part.split(":")[0].strip() for part in listed.split(",")}
        assert fields == set(MODELS[model_name].model_fields), model_name


def test_every_error_code_the_page_lists_is_one_the_server_answers() -> None:
    """Each code is written in the server's code, or is the name of its HTTP status (what the
    server answers for errors the framework raises: 404, 405, 400)."""
    rows = re.findall(r"^\| (\d{3})(?:, (\d{3}))? \| `(\w+)`(?:, `(\w+)`)?", PAGE, re.M)
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "server").rglob("*.py"))
    listed = [
        (int(status), code)
        for row in rows
        for status, code in ((row[0], row[2]), (row[1], row[3]))
        if code
    ]

    assert {"unauthorized", "token_expired", "seq_reused", "throttled"} <= {c for _, c in listed}
    missing = sorted(
        code
        for status, code in listed
        if f'"{code}"' not in source and code != HTTPStatus(status).phrase.lower().replace(" ", "_")
    )
    assert not missing


@pytest.fixture
def real_answers(client: TestClient, world: World) -> dict[tuple[str, str], Any]:
    token = client.post(TOKEN_PATH, json={"username": "rep_a", "password": PASSWORD}).json()
    rep = Device(client, "rep_a")
    record_id = new_id()
    push = {
        "client_id": rep.client_id,
        "mutations": [rep.mutation("account", record_id, account_fields(world.territory_a))],
    }
    answer = client.post("/v1/sync/push", json=push, headers=rep.headers)
    assert answer.status_code == 200
    version = answer.json()["results"][0]["version"]
    for device, phone in ((rep, "010-1234 5678"), (Device(client, "rep_a2"), "010-8888 0000")):
        device.push_one("account", record_id, {"phone": phone}, base_version=version)
    return {
        ("POST", TOKEN_PATH): token,
        ("POST", "/v1/sync/push"): push,
        ("GET", PULL_PATH): client.get(PULL_PATH, headers=rep.headers).json(),
        ("GET", COUNTS_PATH): client.get(COUNTS_PATH, headers=rep.headers).json(),
        ("GET", CONFLICTS_PATH): client.get(CONFLICTS_PATH, headers=rep.headers).json(),
    }


def test_every_json_example_has_the_shape_of_the_real_answer(
    real_answers: dict[tuple[str, str], Any],
) -> None:
    examples = EXAMPLE.findall(PAGE)

    assert len(examples) == len(real_answers)
    for method, path, model_name, text in examples:
        example = json.loads(text)
        real = real_answers[(method, path)]
        assert set(example) == set(MODELS[model_name].model_fields), model_name
        assert shape(example) == shape(real), f"{method} {path}"
