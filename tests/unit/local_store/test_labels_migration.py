"""Replica migration 0007: stored code sets and processes, publications still in the outbox
and kept conflicts all take texts per language."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import JSON, column, create_engine, insert, select, table
from sqlalchemy.orm import Session

from local_store.migrate import alembic_config, upgrade_to_head
from local_store.models import CodeSet, Conflict, OutboxEntry, Process

CODE_SET_AT_0006 = table(
    "code_set",
    *(column(name) for name in ("id", "version", "key", "name_en", "name_zh")),
    column("codes", JSON),
)
PROCESS_AT_0006 = table(
    "process",
    *(column(name) for name in ("id", "version", "key", "process_version", "name_en")),
    *(column(name) for name in ("name_zh", "kind")),
    column("steps", JSON),
)
OUTBOX = table(
    "outbox",
    *(column(name) for name in ("seq", "entity", "record_id", "op", "base_version")),
    column("created_at"),
    column("fields", JSON),
)
CONFLICT = table(
    "conflict",
    *(column(name) for name in ("entity", "record_id", "field", "created_at", "resolved")),
    column("mine", JSON),
    column("theirs", JSON),
)


def test_upgrading_a_replica_turns_its_texts_into_texts_per_language(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'replica.db'}")
    codes = [{"key": "looks", "label_en": "Looks", "label_zh": "", "parent": None}]
    steps = [{"key": "why", "question_en": "Why?", "question_zh": "为什么？", "code_set": "r"}]
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006_account_country")
        connection.execute(
            insert(CODE_SET_AT_0006).values(
                id="cs1", version=4, key="r", name_en="Reasons", name_zh="原因", codes=codes
            )
        )
        connection.execute(
            insert(PROCESS_AT_0006).values(
                id="p1",
                version=0,
                key="visit",
                process_version=2,
                name_en="Visit",
                name_zh="",
                kind="visit",
                steps=steps,
            )
        )
        # a manager's publication not yet pushed: a renamed code set, and a new process
        created = "2026-12-01T10:00:00+00:00"
        outbox = {"op": "upsert", "created_at": created}
        connection.execute(
            insert(OUTBOX),
            [
                outbox
                | {
                    "seq": 1,
                    "entity": "code_set",
                    "record_id": "cs1",
                    "base_version": 4,
                    "fields": {"name_zh": "原因", "codes": codes},
                },
                outbox
                | {
                    "seq": 2,
                    "entity": "process",
                    "record_id": "p1",
                    "base_version": 0,
                    "fields": {"key": "visit", "name_en": "Visit", "name_zh": "", "steps": steps},
                },
            ],
        )
        connection.execute(
            insert(CONFLICT).values(
                entity="process",
                record_id="p1",
                field="name_en",
                mine="Call",
                theirs="Visit",
                created_at=created,
                resolved=False,
            )
        )

    upgrade_to_head(engine)

    with Session(engine) as session:
        code_set = session.scalars(select(CodeSet)).one()
        process = session.scalars(select(Process)).one()
        pending = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
        conflict = session.scalars(select(Conflict)).one()
    assert (code_set.name, code_set.version) == ({"en": "Reasons", "zh_CN": "原因"}, 4)
    assert code_set.codes == [{"key": "looks", "parent": None, "label": {"en": "Looks"}}]
    assert process.name == {"en": "Visit"}
    assert process.steps[0]["question"] == {"en": "Why?", "zh_CN": "为什么？"}
    assert pending[0].fields == {
        "name": {"en": "Reasons", "zh_CN": "原因"},
        "codes": [{"key": "looks", "parent": None, "label": {"en": "Looks"}}],
    }
    assert pending[1].fields["name"] == {"en": "Visit"}
    assert "name_en" not in pending[1].fields
    assert pending[1].fields["steps"][0]["question"] == {"en": "Why?", "zh_CN": "为什么？"}
    assert (conflict.field, conflict.mine, conflict.theirs) == (
        "name",
        {"en": "Call"},
        {"en": "Visit"},
    )
