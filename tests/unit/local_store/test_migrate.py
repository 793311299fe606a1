"""Upgrades of the replica: every released schema migrates, with a backup first; a replica of a
newer version is refused and left as it was, byte for byte."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from local_store import queries
from local_store.db import Replica
from local_store.migrate import (
    MIGRATIONS,
    NewerDatabaseError,
    alembic_config,
    head_revision,
    known_revisions,
    prepare_for_upgrade,
    stored_revisions,
    upgrade_to_head,
)
from tests.fixtures.make_replica_fixture import ACCOUNTS

REPO = Path(__file__).parents[3]

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


def with_later_revision(tmp_path: Path) -> Path:
    """A copy of the migration scripts with LATER_REVISION after the newest."""
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    later = LATER_REVISION.format(head=head_revision())
    (scripts / "versions" / "9000_added_later.py").write_text(later)
    return scripts


@pytest.mark.parametrize("later", [False, True], ids=["shipped", "with a later revision"])
def test_the_revisions_read_from_the_scripts_are_alembics(later, tmp_path):
    scripts = with_later_revision(tmp_path) if later else MIGRATIONS
    alembic = ScriptDirectory.from_config(alembic_config(scripts))
    assert known_revisions(scripts) == {script.revision for script in alembic.walk_revisions()}
    assert head_revision(scripts) == alembic.get_current_head()


def opened_in_a_fresh_python(path: Path) -> list[str]:
    """Open the replica at `path` in a new interpreter: (its revisions, whether Alembic was
    imported) as two lines."""
    program = (
        "import sys\n"
        "from pathlib import Path\n"
        "from local_store.db import Replica\n"
        "from local_store.migrate import stored_revisions\n"
        f"replica = Replica(Path({str(path)!r}))\n"
        "replica.close()\n"
        f"print(stored_revisions(Path({str(path)!r})))\n"
        "print('alembic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=REPO, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def test_a_replica_at_the_newest_schema_opens_without_loading_alembic(tmp_path):
    path = copy_of(FIXTURES[-1], tmp_path)
    assert stored_revisions(path) == [head_revision()]
    assert opened_in_a_fresh_python(path) == [str([head_revision()]), "False"]


def test_a_replica_at_an_old_schema_is_still_upgraded_on_open(tmp_path):
    path = copy_of(FIXTURES[0], tmp_path)
    assert stored_revisions(path) != [head_revision()]
    assert opened_in_a_fresh_python(path) == [str([head_revision()]), "True"]
    assert len(list(tmp_path.glob("replica.backup-*.db"))) == 1


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
    scripts = with_later_revision(tmp_path)
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
