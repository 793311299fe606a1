"""normalised activity answers for reports

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 13:45:00

Adds `activity_answer` (see `server.answers`) and fills it from the live activities already
stored. Their local dates are lost (instants are kept in UTC), so those count for their UTC date.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEY = 64
_BATCH = 5000
_INCLUDED = ["process_version", "territory_id", "code", "position", "week", "month"]


def upgrade() -> None:
    answers = op.create_table(
        "activity_answer",
        sa.Column("activity_id", sa.String(length=36), nullable=False),
        sa.Column("step_key", sa.String(length=_KEY), nullable=False),
        sa.Column("code", sa.String(length=_KEY), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("process_key", sa.String(length=64), nullable=False),
        sa.Column("process_version", sa.Integer(), nullable=False),
        sa.Column("territory_id", sa.String(length=36), nullable=True),
        sa.Column("user_id", sa.String(length=36), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("activity_id", "step_key", "code", name=op.f("pk_activity_answer")),
    )
    with op.batch_alter_table("activity_answer", schema=None) as batch_op:
        batch_op.create_index(
            "ix_activity_answer_report",
            ["process_key", "step_key", "day"],
            unique=False,
            postgresql_include=_INCLUDED,
        )
        batch_op.create_index(
            "ix_activity_answer_rep_report",
            ["user_id", "process_key", "step_key", "day"],
            unique=False,
            postgresql_include=_INCLUDED,
        )
    _fill(answers)


def _fill(answers: sa.Table) -> None:
    activity = sa.table(
        "activity",
        sa.column("id"),
        sa.column("process_key"),
        sa.column("process_version"),
        sa.column("occurred_at", sa.DateTime(timezone=True)),
        sa.column("user_id"),
        sa.column("answers", sa.JSON()),
        sa.column("scope_territory_id"),
        sa.column("deleted", sa.Boolean()),
    )
    connection = op.get_bind()
    live = sa.select(activity).where(activity.c.deleted.is_(False))
    rows: list[dict[str, Any]] = []
    for record in connection.execute(live):
        rows += _rows(record)
        if len(rows) >= _BATCH:
            connection.execute(sa.insert(answers), rows)
            rows = []
    if rows:
        connection.execute(sa.insert(answers), rows)


def _rows(record: Any) -> list[dict[str, Any]]:
    """The answer rows of one stored activity, as `server.answers.rows_for` makes them."""
    when = record.occurred_at
    day = (when if when.tzinfo is None else when.astimezone(dt.UTC)).date()
    common = {
        "activity_id": record.id,
        "process_key": record.process_key,
        "process_version": record.process_version,
        "territory_id": record.scope_territory_id,
        "user_id": record.user_id,
        "day": day,
        "week": day - dt.timedelta(days=day.weekday()),
        "month": day.replace(day=1),
    }
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for answer in record.answers if isinstance(record.answers, list) else []:
        step = answer.get("step") if isinstance(answer, dict) else None
        codes = answer.get("codes") if isinstance(answer, dict) else None
        if not isinstance(step, str) or not 0 < len(step) <= _KEY or not isinstance(codes, list):
            continue
        position = 0
        for code in codes:
            if isinstance(code, str) and 0 < len(code) <= _KEY and (step, code) not in seen:
                seen.add((step, code))
                rows.append(common | {"step_key": step, "code": code, "position": position})
                position += 1
    return rows


def downgrade() -> None:
    with op.batch_alter_table("activity_answer", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_answer_rep_report")
        batch_op.drop_index("ix_activity_answer_report")
    op.drop_table("activity_answer")
