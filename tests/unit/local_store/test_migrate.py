"""Upgrades of the replica: every released schema migrates, with a backup first; a replica of a
newer version is refused and left as it was, byte for byte."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from local_store import queries
from local_store.db import Replica
from local_store.migrate import (
    MIGRATIONS,
    NewerDatabaseError,
    head_revision,
    prepare_for_upgrade,
    stored_revisions,
    upgrade_to_head,
)
from tests.fixtures.make_replica_fixture import ACCOUNTS

FIXTURES = sorted((Path(__file__).parents[2] / "fixtures").glob("replica-*.db"))

# A later schema as a future release would add it: one new column on account.
LATER_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "9000"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("account") as batch:
        batch.add_column(sa.Column("added_later", sa.String(20), nullable=True))
"""


def copy_of(fixture: Path, tmp_path: Path) -> Path:
    target = tmp_path / "replica.db"
    shutil.copyfile(fixture, target)
    return target


def account_count(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT count(*) FROM account").fetchone()[0]


def test_there_is_a_fixture_of_the_current_schema():
    assert f"replica-{head_revision()}.db" in [path.name for path in FIXTURES]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.stem)
def test_every_released_schema_opens_at_the_newest_with_its_data(fixture, tmp_path):
    path = copy_of(fixture, tmp_path)
    released = stored_revisions(path)
    replica = Replica(path)
    try:
        with replica.session() as session:
            assert queries.count_accounts(session) == len(ACCOUNTS)
        assert stored_revisions(path) == [head_revision()]
        if released == [head_revision()]:
            assert replica.backup_path is None
        else:
            assert replica.backup_path is not None
            assert stored_revisions(replica.backup_path) == released
    finally:
        replica.close()


def test_an_upgrade_takes_a_backup_first_and_keeps_the_data(tmp_path):
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    later = LATER_REVISION.format(head=head_revision())
    (scripts / "versions" / "9000_added_later.py").write_text(later)
    path = copy_of(FIXTURES[-1], tmp_path)

    backup = prepare_for_upgrade(path, scripts)
    engine = create_engine(f"sqlite:///{path}")
    upgrade_to_head(engine, scripts)
    columns = {column["name"] for column in inspect(engine).get_columns("account")}
    engine.dispose()

    assert backup is not None and backup.parent == path.parent
    assert stored_revisions(backup) == [head_revision()]
    assert account_count(backup) == len(ACCOUNTS)
    assert stored_revisions(path) == ["9000"]
    assert "added_later" in columns
    assert account_count(path) == len(ACCOUNTS)


def test_a_newer_database_is_refused_and_left_untouched(tmp_path):
    path = copy_of(FIXTURES[-1], tmp_path)
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()

    with pytest.raises(NewerDatabaseError) as refused:
        Replica(path)

    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["replica.db"]  # no WAL, no backup
    assert "newer version of Fieldbook" in str(refused.value)
    assert refused.value.revisions == ["9999"]
