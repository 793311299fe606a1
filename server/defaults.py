"""The default code sets and processes shipped in `resources/defaults/`, as records to write.

Their ids derive from their keys (and a process's version), so every server loaded with them
names them alike and loading them twice adds nothing.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol.entities import catalogue_record_id
from server.tables import MODELS
from server.writes import NewRecord, bulk_create

DEFAULTS_PACKAGE = "resources.defaults"


class DefaultsError(RuntimeError):
    """A defaults file is not what it must be; the message says which."""


def load(file_name: str) -> list[dict[str, Any]]:
    """One JSON file of `resources/defaults/`: a list of records' protocol fields (fresh copy)."""
    text = resources.files(DEFAULTS_PACKAGE).joinpath(file_name).read_text(encoding="utf-8")
    data = json.loads(text)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise DefaultsError(f"{file_name} must hold a JSON list of objects.")
    return data


def load_code_sets() -> list[dict[str, Any]]:
    return load("code_sets.json")


def load_processes() -> list[dict[str, Any]]:
    return load("processes.json")


def published_processes() -> list[dict[str, Any]]:
    """The default processes as the designer publishes a process: each step carries a copy of
    its code set's codes, so activities of this version keep their labels when a manager
    later relabels a code."""
    codes = {code_set["key"]: code_set["codes"] for code_set in load_code_sets()}
    processes = load_processes()
    for process in processes:
        for step in process["steps"]:
            step.setdefault("codes", codes.get(step["code_set"], []))
    return processes


def default_records() -> list[NewRecord]:
    code_sets: list[NewRecord] = [
        ("code_set", catalogue_record_id("code_set", fields["key"]), fields)
        for fields in load_code_sets()
    ]
    processes: list[NewRecord] = [
        ("process", catalogue_record_id("process", fields["key"], fields["version"]), fields)
        for fields in published_processes()
    ]
    return code_sets + processes


def add_missing_defaults(session: Session) -> int:
    """Write the default records this database does not hold yet; returns how many."""
    missing = [
        record
        for record in default_records()
        if session.scalar(select(MODELS[record[0]].id).where(MODELS[record[0]].id == record[1]))
        is None
    ]
    bulk_create(session, missing)
    return len(missing)
