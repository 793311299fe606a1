"""labels per language: code set and process names as a mapping from locale to text

Revision ID: 0011_labels_per_language
Revises: 0010_snapshot_readers
Create Date: 2026-12-06 04:00:00.000000

`name_en` and `name_zh` become one JSON field `name` ({"en": …, "zh_CN": …}, blank texts left
out), and the documents' `label_en`/`label_zh`, `question_…`, `hint_…` and `title_…` become
`label`, `question`, `hint` and `title` mappings (`protocol.documents.upgraded_document`).
The merge's field versions and writers, and values set aside in conflicts, follow the field.
Records keep their versions: readers already hold the same texts, only their shape changed
(each client's replica migrates its own copies the same way).
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from protocol.documents import upgraded_document
from protocol.labels import LEGACY_SUFFIXES

revision: str = "0011_labels_per_language"
down_revision: str | None = "0010_snapshot_readers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# entity → its document field
DOCUMENTS = {"code_set": "codes", "process": "steps"}
LEGACY = {f"name_{suffix}": locale for suffix, locale in LEGACY_SUFFIXES}


def _name(row: Any) -> dict[str, str]:
    texts = {locale: getattr(row, field) or "" for field, locale in LEGACY.items()}
    return {locale: text.strip() for locale, text in texts.items() if text.strip()}


def _merged_field(values: dict[str, Any] | None, versions: dict[str, int]) -> dict[str, Any]:
    """Field versions (or writers) with `name_en`/`name_zh` as `name`: that of the one that
    changed last."""
    values = dict(values or {})
    old = [field for field in LEGACY if field in values]
    if old:
        newest = max(old, key=lambda field: versions.get(field, 0))
        values["name"] = values[newest]
        for field in old:
            del values[field]
    return values


def upgrade() -> None:
    bind = op.get_bind()
    for entity, document in DOCUMENTS.items():
        with op.batch_alter_table(entity, schema=None) as batch_op:
            batch_op.add_column(sa.Column("name", sa.JSON(none_as_null=True), nullable=True))
        table = sa.table(
            entity,
            sa.column("id", sa.String),
            sa.column("name_en", sa.String),
            sa.column("name_zh", sa.String),
            sa.column("name", sa.JSON),
            sa.column(document, sa.JSON),
            sa.column("field_versions", sa.JSON),
            sa.column("field_writers", sa.JSON),
        )
        for row in bind.execute(sa.select(table)).all():
            versions = row.field_versions or {}
            bind.execute(
                table.update()
                .where(table.c.id == row.id)
                .values(
                    name=_name(row) or {"en": row.id},
                    **{document: upgraded_document(entity, document, getattr(row, document))},
                    field_versions=_merged_field(versions, versions),
                    field_writers=_merged_field(row.field_writers, versions),
                )
            )
        with op.batch_alter_table(entity, schema=None) as batch_op:
            batch_op.alter_column("name", existing_type=sa.JSON(), nullable=False)
            batch_op.drop_column("name_en")
            batch_op.drop_column("name_zh")
    conflict = sa.table(
        "conflict",
        sa.column("id", sa.Integer),
        sa.column("entity", sa.String),
        sa.column("field", sa.String),
        sa.column("mine", sa.JSON),
        sa.column("theirs", sa.JSON),
    )
    rows = bind.execute(
        sa.select(conflict).where(
            conflict.c.entity.in_(DOCUMENTS), conflict.c.field.in_(list(LEGACY))
        )
    ).all()
    for row in rows:
        locale = LEGACY[row.field]

        def wrapped(value: Any, locale: str = locale) -> Any:
            return {locale: value} if isinstance(value, str) else value

        bind.execute(
            conflict.update()
            .where(conflict.c.id == row.id)
            .values(field="name", mine=wrapped(row.mine), theirs=wrapped(row.theirs))
        )


def downgrade() -> None:
    raise NotImplementedError("labels per language cannot be folded back into two columns")
