"""Migration 0002 fills the normalised answers from the activities already stored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from sqlalchemy import column, insert, select, table

from server import answers
from server.database import WRITE_OPTION, make_engine
from server.schema import alembic_config, upgrade
from server.tables import Activity, ActivityAnswer


def _activity(record_id: str, answers_value: object, *, deleted: bool = False) -> dict:
    return {
        "id": record_id,
        "account_id": "acc",
        "process_key": "visit",
        "process_version": 1,
        "kind": "visit",
        "occurred_at": dt.datetime(2026, 11, 8, 23, 30, tzinfo=dt.UTC),
        "user_id": "u1",
        "answers": answers_value,
        "sync_version": 1,
        "deleted": deleted,
        "scope_territory_id": "t1",
        "field_versions": {},
        "field_writers": {},
        "updated_at": dt.datetime(2026, 11, 8, tzinfo=dt.UTC),
    }


# The feed counter as revision 0001 made it (the model has columns later revisions added).
COUNTER_AT_0001 = table("feed_counter", column("id"), column("value"), column("horizon"))


def test_upgrading_fills_the_answers_of_stored_activities(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'server.db'}")
    valid = [{"step": "reasons", "codes": ["price", "safety", "price"]}, {"step": "x"}]
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.execute(insert(COUNTER_AT_0001).values(id=1, value=1, horizon=0))
        connection.execute(
            insert(Activity),
            [
                _activity("a1", valid),
                _activity("a2", {"not": "a list"}),
                _activity("a3", valid, deleted=True),
            ],
        )

    upgrade(engine)

    with engine.connect() as connection:
        rows = connection.execute(
            select(ActivityAnswer).order_by(ActivityAnswer.position)
        ).mappings()
        found = [dict(row) for row in rows]
    day = dt.date(2026, 11, 8)  # the UTC date: the stored instant has lost its offset
    common = {
        "activity_id": "a1",
        "step_key": "reasons",
        "process_key": "visit",
        "process_version": 1,
        "territory_id": "t1",
        "user_id": "u1",
        "day": day,
        "week": dt.date(2026, 11, 2),
        "month": dt.date(2026, 11, 1),
    }
    assert found == [
        common | {"code": "price", "position": 0},
        common | {"code": "safety", "position": 1},
    ]
    made_now = answers.rows_for("a1", _activity("a1", valid), "t1", day)
    assert sorted(made_now, key=lambda row: row["position"]) == found
