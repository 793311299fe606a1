"""Exporting live records to CSV or JSON, for spreadsheets and other systems.

CSV is UTF-8 with a BOM, so Excel shows Chinese names correctly, and a cell a spreadsheet would
run as a formula gets a leading quote (`spreadsheet_text`). Accounts and contacts come in the
columns the import reads back unchanged, from CSV and JSON alike: `id`, their fields, for
accounts `territory` (key) and `owner` (user name) in place of the ids, and one
`external_id:<system>` column per system. Tasks and activities come with their id and fields,
the assignee of a task and the user of an activity by user name; in CSV, activity answers are
JSON text.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol.entities import ENTITY_FIELDS
from server import external_ids
from server.spreadsheet_text import neutralised
from server.tables import MODELS, Territory, User
from server.values import wire_fields

Format = Literal["csv", "json"]
PLURALS = {"accounts": "account", "contacts": "contact", "tasks": "task", "activities": "activity"}
# Id fields written as the name of what they refer to: a territory key, a user name.
_REFERENCES = {
    "account": {"territory_id": "territory", "owner_id": "owner"},
    "task": {"assignee_id": "assignee"},
    "activity": {"user_id": "user"},
}


class ExportError(ValueError):
    """The export cannot be made as asked; the message says why in a sentence."""


def export(session: Session, entity: str, fmt: Format, territory_key: str | None = None) -> bytes:
    """The live records of `entity` (of one territory when a key is given) as a file."""
    rows = export_rows(session, entity, territory_key)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1).encode()
    columns = _columns(entity, rows)
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue().encode("utf-8-sig")


def export_rows(
    session: Session, entity: str, territory_key: str | None = None
) -> list[dict[str, Any]]:
    """One dict per live record, in the export's columns, ordered by id."""
    model = MODELS[entity]
    statement = select(model).where(model.deleted.is_(False)).order_by(model.id)
    if territory_key is not None:
        territory_id = session.scalar(
            select(Territory.id).where(Territory.key == territory_key, Territory.deleted.is_(False))
        )
        if territory_id is None:
            raise ExportError(f"There is no territory with the key {territory_key!r}.")
        statement = statement.where(model.scope_territory_id == territory_id)
    records = list(session.scalars(statement))
    ids = external_ids.of_records(session, [r.id for r in records])
    systems = sorted({system for known in ids.values() for system in known})
    references = _REFERENCES.get(entity, {})
    names = _reference_names(session) if references else {}
    rows = []
    for record in records:
        fields = wire_fields(entity, record)
        row: dict[str, Any] = {"id": record.id}
        for name, value in fields.items():
            reference = references.get(name)
            if reference is None:
                row[name] = value
            else:
                row[reference] = names.get(value) if value else None
        for system in systems:
            row[external_ids.PREFIX + system] = ids.get(record.id, {}).get(system)
        rows.append(row)
    return rows


def _reference_names(session: Session) -> dict[str, str]:
    """Territory keys and user names by record id."""
    territories = session.execute(select(Territory.id, Territory.key))
    users = session.execute(select(User.id, User.name))
    return {record_id: name for record_id, name in [*territories, *users]}


def _columns(entity: str, rows: list[dict[str, Any]]) -> list[str]:
    if rows:
        return list(rows[0])
    references = _REFERENCES.get(entity, {})
    return ["id", *(references.get(name, name) for name in ENTITY_FIELDS[entity])]


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    return neutralised(value) if isinstance(value, str) else value
