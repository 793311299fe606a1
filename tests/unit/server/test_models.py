"""The tables hold every protocol field with a fitting type, and values survive the round trip."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import JSON, Boolean, Date, Engine, Integer, String, inspect

from protocol.entities import ENTITIES, ENTITY_FIELDS
from server.database import make_sessions
from server.tables import MODELS, SyncedRecord, UTCDateTime
from server.values import to_column, to_wire, wire_fields

KIND_TYPES = {
    "text": String,
    "int": Integer,
    "bool": Boolean,
    "date": Date,
    "datetime": UTCDateTime,
    "id": String,
    "json": JSON,
}
COMMON = {
    "id",
    "sync_version",
    "deleted",
    "scope_territory_id",
    "field_versions",
    "field_writers",
    "updated_at",
}


@pytest.mark.parametrize("entity", ENTITIES)
def test_each_entity_has_a_typed_column_per_protocol_field(entity: str) -> None:
    columns = MODELS[entity].__table__.columns
    specs = ENTITY_FIELDS[entity]
    server_only = {"password_hash", "email", "disabled", "must_change_password", "last_sign_in_at"}
    extra = server_only if entity == "user" else set()

    assert set(columns.keys()) == set(specs) | COMMON | extra
    assert not set(specs) & COMMON
    for name, spec in specs.items():
        assert isinstance(columns[name].type, KIND_TYPES[spec.kind]), name
        assert columns[name].nullable is not spec.required, name


def test_wire_values_round_trip_through_columns() -> None:
    assert to_wire("date", to_column("date", "2026-11-23")) == "2026-11-23"
    instant = to_column("datetime", "2026-11-23T10:30:00+08:00")
    assert instant == dt.datetime(2026, 11, 23, 2, 30, tzinfo=dt.UTC)
    assert to_wire("datetime", instant) == "2026-11-23T02:30:00+00:00"
    assert to_wire("json", to_column("json", {"a": [1]})) == {"a": [1]}
    assert to_column("text", None) is None and to_wire("date", None) is None


def test_timestamps_come_back_aware_and_in_utc(engine: Engine) -> None:
    model = MODELS["activity"]
    occurred = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with make_sessions(engine).write.begin() as session:
        session.add(
            model(
                id="00000000-0000-0000-0000-000000000001",
                account_id="00000000-0000-0000-0000-000000000002",
                process_key="visit",
                process_version=1,
                kind="visit",
                occurred_at=occurred,
                answers={"q": ["答案"]},
                field_versions={},
            )
        )
    with make_sessions(engine).read() as session:
        record: SyncedRecord = session.get_one(model, "00000000-0000-0000-0000-000000000001")
        fields = wire_fields("activity", record)
    assert fields["occurred_at"] == "2026-11-23T02:30:00+00:00"
    assert fields["answers"] == {"q": ["答案"]}
    assert record.updated_at.tzinfo is dt.UTC


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(dt.datetime(2026, 1, 1), None)  # type: ignore[arg-type]


def test_the_schema_indexes_what_pull_and_scope_query(engine: Engine) -> None:
    inspector = inspect(engine)
    feed_indexes = {tuple(i["column_names"]) for i in inspector.get_indexes("change_feed")}
    contact_indexes = {tuple(i["column_names"]) for i in inspector.get_indexes("contact")}

    assert ("territory_id", "seq") in feed_indexes
    assert ("account_id",) in contact_indexes
