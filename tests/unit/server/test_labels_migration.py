"""Migration 0007 turns the stored `_en`/`_zh` texts of code sets and processes into texts per
language, and what the merge and the conflicts keep about them follows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import JSON, column, insert, select, table
from sqlalchemy.orm import Session

from server.database import WRITE_OPTION, make_engine
from server.schema import alembic_config, upgrade
from server.tables import CodeSet, ConflictRecord, Process

NOW = dt.datetime(2026, 11, 8, tzinfo=dt.UTC)
SYNCED = {"sync_version": 5, "deleted": False, "scope_territory_id": None, "updated_at": NOW}

# The tables as revision 0006 had them.
CODE_SET_AT_0006 = table(
    "code_set",
    *(column(name) for name in ("id", "key", "name_en", "name_zh", "sync_version")),
    *(column(name) for name in ("deleted", "scope_territory_id", "updated_at")),
    column("codes", JSON),
    column("field_versions", JSON),
    column("field_writers", JSON),
)
PROCESS_AT_0006 = table(
    "process",
    *(column(name) for name in ("id", "key", "version", "name_en", "name_zh", "kind")),
    *(column(name) for name in ("sync_version", "deleted", "scope_territory_id", "updated_at")),
    column("steps", JSON),
    column("field_versions", JSON),
    column("field_writers", JSON),
)
COUNTER_AT_0006 = table("feed_counter", column("id"), column("value"), column("horizon"))
CONFLICT = table(
    "conflict",
    *(column(name) for name in ("entity", "record_id", "field", "kind", "mine_at")),
    column("mine", JSON),
    column("theirs", JSON),
)


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'server.db'}"


def test_upgrading_turns_stored_texts_into_texts_per_language(database_url: str) -> None:
    engine = make_engine(database_url)
    codes = [{"key": "looks", "label_en": "Looks", "label_zh": "外观", "color": "#123456"}]
    steps = [
        {
            "key": "why",
            "question_en": "Why did they buy?",
            "question_zh": "",
            "hint_en": "Ask why.",
            "hint_zh": "问为什么。",
            "code_set": "reasons",
            "follow_ups": [{"if_code": "looks", "title_en": "Send photos", "title_zh": ""}],
            "codes": codes,
        }
    ]
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
        command.upgrade(alembic_config(connection), "0006_account_country")
        connection.execute(insert(COUNTER_AT_0006).values(id=1, value=9, horizon=0))
        connection.execute(
            insert(CODE_SET_AT_0006).values(
                id="cs1",
                key="reasons",
                name_en="Reasons",
                name_zh="原因",
                codes=codes,
                field_versions={"name_en": 3, "name_zh": 5, "codes": 3},
                field_writers={"name_en": "client-a", "name_zh": "client-b"},
                **SYNCED,
            )
        )
        connection.execute(
            insert(PROCESS_AT_0006).values(
                id="p1",
                key="visit",
                version=1,
                name_en="",
                name_zh="拜访",
                kind="visit",
                steps=steps,
                field_versions={},
                field_writers={},
                **SYNCED,
            )
        )
        connection.execute(
            insert(CONFLICT).values(
                entity="code_set",
                record_id="cs1",
                field="name_zh",
                kind="changed",
                mine="理由",
                theirs="原因",
                mine_at=NOW,
            )
        )

    upgrade(engine)

    with Session(engine) as session:
        code_set = session.scalars(select(CodeSet)).one()
        process = session.scalars(select(Process)).one()
        conflict = session.scalars(select(ConflictRecord)).one()
    assert code_set.name == {"en": "Reasons", "zh_CN": "原因"}
    assert code_set.codes == [
        {"key": "looks", "color": "#123456", "label": {"en": "Looks", "zh_CN": "外观"}}
    ]
    assert code_set.field_versions == {"codes": 3, "name": 5}
    assert code_set.field_writers == {"name": "client-b"}
    assert code_set.sync_version == 5  # the same texts: no new version for anyone to pull
    assert process.name == {"zh_CN": "拜访"}
    [step] = process.steps
    assert step["question"] == {"en": "Why did they buy?"}
    assert step["hint"] == {"en": "Ask why.", "zh_CN": "问为什么。"}
    assert step["follow_ups"] == [{"if_code": "looks", "title": {"en": "Send photos"}}]
    assert step["codes"][0]["label"] == {"en": "Looks", "zh_CN": "外观"}
    assert not any(name.endswith(("_en", "_zh")) for name in step)
    assert (conflict.field, conflict.mine, conflict.theirs) == (
        "name",
        {"zh_CN": "理由"},
        {"zh_CN": "原因"},
    )
