"""Field problems: a kind a client can translate, with what its sentence needs, on the wire."""

from __future__ import annotations

from typing import Any

import pytest

from protocol.entities import FieldProblem, check_fields
from protocol.paths import MAX_JSON_BYTES

ACCOUNT = "00000000-0000-4000-8000-000000000002"


def _kinds(entity: str, fields: dict[str, Any], *, creating: bool = False) -> dict[str, str]:
    return {p.field: p.kind for p in check_fields(entity, fields, creating=creating)}


@pytest.mark.parametrize(
    ("entity", "fields", "field", "kind"),
    [
        ("account", {"name": None}, "name", "required"),
        ("account", {"name": "  "}, "name", "empty"),
        ("account", {"name": "x" * 301}, "name", "too_long"),
        ("account", {"name": 5}, "name", "bad_text"),
        ("account", {"name": "a\x00b"}, "name", "bad_text"),
        ("account", {"name": "\ud800"}, "name", "bad_text"),
        ("task", {"kind": "party"}, "kind", "not_a_choice"),
        ("process", {"version": -1}, "version", "bad_number"),
        ("task", {"done": "yes"}, "done", "bad_bool"),
        ("account", {"territory_id": "ABC"}, "territory_id", "bad_id"),
        ("task", {"due_date": "23.11.2026"}, "due_date", "bad_date"),
        ("activity", {"occurred_at": "soon"}, "occurred_at", "bad_datetime"),
        ("activity", {"occurred_at": "2026-11-23T10:30:00"}, "occurred_at", "bad_datetime"),
        ("activity", {"occurred_at": "0001-01-01T00:00:00+01:00"}, "occurred_at", "bad_datetime"),
        ("activity", {"answers": "all"}, "answers", "bad_json"),
        ("activity", {"answers": [float("nan")]}, "answers", "bad_json"),
        ("activity", {"answers": ["x" * MAX_JSON_BYTES]}, "answers", "bad_json"),
        ("account", {"colour": "red"}, "colour", "unknown_field"),
        ("planet", {}, "entity", "unknown_entity"),
    ],
)
def test_every_problem_of_a_field_value_has_its_own_kind(
    entity: str, fields: dict[str, Any], field: str, kind: str
) -> None:
    assert _kinds(entity, fields)[field] == kind


def test_a_missing_required_field_of_a_new_record_is_required() -> None:
    assert _kinds("contact", {"name": "Li Lei"}, creating=True) == {"account_id": "required"}


def test_a_too_long_text_says_its_limit_and_a_wrong_choice_the_choices() -> None:
    long_name, bad_kind = check_fields(
        "task", {"account_id": ACCOUNT, "title": "x" * 301, "kind": "party"}, creating=False
    )
    assert (long_name.kind, long_name.limit) == ("too_long", 300)
    assert (bad_kind.kind, bad_kind.choices) == ("not_a_choice", ["task", "visit", "call"])
    assert long_name.message == "must be at most 300 characters"  # the English stays as it was


def test_a_problem_from_an_older_peer_without_a_kind_still_parses() -> None:
    problem = FieldProblem.model_validate({"field": "name", "message": "is required"})
    assert problem.kind == "invalid"


def test_a_kind_this_version_does_not_know_is_read_as_invalid() -> None:
    problem = FieldProblem.model_validate(
        {"field": "name", "message": "sounds rude", "kind": "rude", "limit": None}
    )
    assert problem.kind == "invalid"
