"""The server's schema, brought up to date with Alembic (`server/migrations`).

`fieldbook-server migrate` runs `upgrade`, and so does `serve` at start unless told not to.
Several processes may start at once against one PostgreSQL database: the upgrade holds an
advisory lock, so one migrates and the others then find the schema at head.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, func, insert, select

from server.database import WRITE_OPTION
from server.feed_identity import new_feed_id
from server.tables import FeedCounter

MIGRATIONS = Path(__file__).with_name("migrations")
# Any fixed number, the same in every process: the PostgreSQL advisory lock of migrations.
_MIGRATION_LOCK = 0x6669656C64  # "field"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied, and make sure the feed counter row exists (with
    the feed's identity: `server.feed_identity`).

    On SQLite the transaction begins IMMEDIATE (see `server.database`), which serializes migrating
    processes as the advisory lock does on PostgreSQL.
    """
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(select(func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
        command.upgrade(alembic_config(connection), "head")
        if connection.scalar(select(FeedCounter.id).where(FeedCounter.id == 1)) is None:
            connection.execute(
                insert(FeedCounter).values(id=1, value=0, horizon=0, feed_id=new_feed_id())
            )
