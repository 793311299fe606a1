"""Helpers for import tests: a server database with two territories and two reps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from server import feed, users, writes
from server.database import Sessions, make_sessions
from server.imports.report import ImportEntity, ImportReport
from server.imports.run import import_file
from server.tables import MODELS, ChangeFeed
from tests.unit.server.helpers import new_id


@dataclass(frozen=True)
class Office:
    sessions: Sessions
    north: str
    east: str
    wang: str  # rep in north, wang@example.com
    li: str  # rep in east, Li.Na@Example.com

    def count(self, entity: str) -> int:
        with self.sessions.read() as session:
            model = MODELS[entity]
            return session.scalar(select(func.count()).select_from(model)) or 0

    def feed_position(self) -> int:
        with self.sessions.read() as session:
            return session.scalar(select(func.max(ChangeFeed.seq))) or 0

    def add(self, entity: str, fields: dict[str, object]) -> str:
        record_id = new_id()
        with feed.write_transaction(self.sessions.write) as session:
            outcome = writes.apply(session, writes.Write(entity, record_id, fields), None)
            assert outcome.status == "applied", outcome
        return record_id

    def load(self, entity: str, record_id: str) -> dict[str, object]:
        with self.sessions.read() as session:
            record = session.get_one(MODELS[entity], record_id)
            return {
                name: getattr(record, name)
                for name in ("name", "phone", "city", "address", "tier", "email", "title")
                if hasattr(record, name)
            }

    def run(
        self,
        entity: ImportEntity,
        data: bytes,
        mapping: Mapping[str, object] | None = None,
        *,
        dry_run: bool = False,
    ) -> ImportReport:
        return import_file(self.sessions, entity, data, mapping, dry_run=dry_run)


def make_office(engine: Engine) -> Office:
    sessions = make_sessions(engine)
    with feed.write_transaction(sessions.write) as session:
        north = users.ensure_territory(session, "north", "华北")
        east = users.ensure_territory(session, "east", "华东")
        wang, li = (
            users.add_user(
                session, name=name, role="rep", territory_ids=[territory], password_hash="-",
                email=email,
            )
            for name, territory, email in (
                ("wang", north, "wang@example.com"),
                ("li", east, "Li.Na@Example.com"),
            )
        )  # fmt: skip
    return Office(sessions, north, east, wang, li)


def statuses(report: ImportReport) -> list[tuple[int, str]]:
    return [(row.row, row.status) for row in report.rows]
