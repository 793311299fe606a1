"""labels per language: code set and process names as a mapping from locale to text

Revision ID: 0007_labels_per_language
Revises: 0006_account_country
Create Date: 2026-12-06 04:00:00.000000

`name_en` and `name_zh` become one JSON column `name` ({"en": …, "zh_CN": …}), and the texts
inside code sets' codes and processes' steps become mappings too
(`protocol.documents.upgraded_document`), as the server's own migration 0007 does with its
copies. A publication still in the outbox is rewritten the same way (its `name_en`/`name_zh`
become the record's `name`), so it is pushed in the shape the server now takes; so are the
values kept in conflicts.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from protocol.documents import upgraded_document
from protocol.labels import LEGACY_SUFFIXES

revision: str = "0007_labels_per_language"
down_revision: str | None = "0006_account_country"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOCUMENTS = {"code_set": "codes", "process": "steps"}  # entity → its document field
LEGACY = {f"name_{suffix}": locale for suffix, locale in LEGACY_SUFFIXES}


def _texts(values: dict[str, Any]) -> dict[str, str]:
    found = {LEGACY[f]: v.strip() for f, v in values.items() if f in LEGACY and isinstance(v, str)}
    return {locale: text for locale, text in found.items() if text}


def upgrade() -> None:
    bind = op.get_bind()
    names: dict[str, dict[str, str]] = {}  # record id → its name now
    for entity, document in DOCUMENTS.items():
        with op.batch_alter_table(entity, schema=None) as batch_op:
            batch_op.add_column(sa.Column("name", sa.JSON(), nullable=True))
        table = sa.table(
            entity,
            sa.column("id", sa.String),
            sa.column("name_en", sa.String),
            sa.column("name_zh", sa.String),
            sa.column("name", sa.JSON),
            sa.column(document, sa.JSON),
        )
        for row in bind.execute(sa.select(table)).all():
            name = _texts({"name_en": row.name_en, "name_zh": row.name_zh}) or {"en": row.id}
            names[row.id] = name
            upgraded = upgraded_document(entity, document, getattr(row, document))
            bind.execute(
                table.update().where(table.c.id == row.id).values(name=name, **{document: upgraded})
            )
        with op.batch_alter_table(entity, schema=None) as batch_op:
            batch_op.alter_column("name", existing_type=sa.JSON(), nullable=False)
            batch_op.drop_column("name_en")
            batch_op.drop_column("name_zh")
    _upgrade_outbox(bind, names)
    _upgrade_conflicts(bind)


def _upgrade_outbox(bind: sa.Connection, names: dict[str, dict[str, str]]) -> None:
    outbox = sa.table(
        "outbox",
        sa.column("seq", sa.Integer),
        sa.column("entity", sa.String),
        sa.column("record_id", sa.String),
        sa.column("fields", sa.JSON),
    )
    for row in bind.execute(sa.select(outbox).where(outbox.c.entity.in_(DOCUMENTS))).all():
        fields = {k: v for k, v in (row.fields or {}).items() if k not in LEGACY}
        if any(field in LEGACY for field in row.fields or {}):
            fields["name"] = names.get(row.record_id) or _texts(row.fields)
        document = DOCUMENTS[row.entity]
        if document in fields:
            fields[document] = upgraded_document(row.entity, document, fields[document])
        bind.execute(outbox.update().where(outbox.c.seq == row.seq).values(fields=fields))


def _upgrade_conflicts(bind: sa.Connection) -> None:
    conflict = sa.table(
        "conflict",
        sa.column("id", sa.Integer),
        sa.column("entity", sa.String),
        sa.column("field", sa.String),
        sa.column("mine", sa.JSON),
        sa.column("theirs", sa.JSON),
    )
    query = sa.select(conflict).where(
        conflict.c.entity.in_(DOCUMENTS), conflict.c.field.in_(list(LEGACY))
    )
    for row in bind.execute(query).all():
        locale = LEGACY[row.field]
        mine, theirs = ({locale: v} if isinstance(v, str) else v for v in (row.mine, row.theirs))
        bind.execute(
            conflict.update()
            .where(conflict.c.id == row.id)
            .values(field="name", mine=mine, theirs=theirs)
        )


def downgrade() -> None:
    raise NotImplementedError("labels per language cannot be folded back into two columns")
