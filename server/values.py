"""Conversion between wire values (JSON: dates as ISO strings) and column values, in one place.

Datetimes are kept in UTC (see `tables.UTCDateTime`): an instant written with +08:00 comes back
as the same instant with +00:00.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from protocol.entities import ENTITY_FIELDS


def to_column(kind: str, value: Any) -> Any:
    """The column value for a wire value that passed `check_fields`."""
    if value is None:
        return None
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "datetime":
        return dt.datetime.fromisoformat(value).astimezone(dt.UTC)
    return value


def to_wire(kind: str, value: Any) -> Any:
    """The JSON value for a column value."""
    if value is None:
        return None
    if kind in ("date", "datetime"):
        return value.isoformat()
    return value


def columns_from_wire(entity: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Column values for checked wire `fields` of `entity`."""
    specs = ENTITY_FIELDS[entity]
    return {name: to_column(specs[name].kind, value) for name, value in fields.items()}


def column_values(entity: str, record: object) -> dict[str, Any]:
    """Every protocol field of `record` as a column value."""
    return {name: getattr(record, name) for name in ENTITY_FIELDS[entity]}


def wire_fields(entity: str, record: object) -> dict[str, Any]:
    """Every protocol field of `record` as a wire value (and nothing else)."""
    return {
        name: to_wire(spec.kind, getattr(record, name))
        for name, spec in ENTITY_FIELDS[entity].items()
    }
