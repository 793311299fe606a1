"""`team_report_ms`: a manager's team report over 1,000,000 activities on PostgreSQL.

A throwaway PostgreSQL cluster gets dataset S over ten territories (the demo generator's real
visits and calls, with its weighted answers), written through the server's own bulk path. Its
activities are then copied on the database with `INSERT … SELECT … generate_series`, new ids
derived from the old ones, until there are exactly `activities` of them, and their normalised
answers with them, so the copies answer as the originals did. A real `fieldbook-server` process
answers a manager of all ten territories through the real client transport: the purchase
reasons of the field visit (a multiple-choice question) over the whole period, with the weekly
trend. The figure is the median over repeated calls, after one untimed call.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, func, select, text

from protocol.reports import ReportParams
from server import auth, feed, users
from server.database import make_engine, make_sessions
from server.tables import Activity, ActivityAnswer
from sync.transport import Transport
from tests.bench.datasets import DATASETS, PASSWORD, Team, build_server_db
from tests.support.postgres import new_database
from tests.support.server_process import ServerProcess

TEAM = Team(territories=tuple(f"t{i:02d}" for i in range(10)), reps_per_territory=5)
MANAGER = "report_manager"
PROCESS, QUESTION = "field_visit", "reasons"


@dataclass(frozen=True)
class TeamReport:
    median_ms: float
    calls: int
    activities: int
    answers_counted: int  # codes the report counted (rows it grouped)


def measure(activities: int, seed: int, repeats: int, admin_url: str | None = None) -> TeamReport:
    """Build the database on `admin_url`'s server (None: a throwaway cluster) and time."""
    with new_database(admin_url, "report_") as db_url:
        engine = make_engine(db_url)
        try:
            build_server_db(engine, DATASETS["S"], seed, TEAM)
            _add_manager(engine)
            with engine.begin() as connection:
                _grow(connection, activities)
            with engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                    text("VACUUM ANALYZE")  # what autovacuum does soon after a load
                )
                first, last = connection.execute(
                    select(func.min(ActivityAnswer.day), func.max(ActivityAnswer.day))
                ).one()
                total = connection.scalar(select(func.count()).select_from(Activity))
        finally:
            engine.dispose()
        params = ReportParams(process_key=PROCESS, step=QUESTION, date_from=first, date_to=last)
        with tempfile.TemporaryDirectory(prefix="fieldbook-report-") as workdir:
            server = ServerProcess(db_url, Path(workdir) / "server.log", forked=False)
            server.start()
            try:
                transport = Transport(server.url, retries=0)
                transport.sign_in(MANAGER, PASSWORD)
                report = transport.code_report(params)  # untimed: connections, caches
                timings = []
                for _ in range(repeats):
                    started = time.perf_counter()
                    transport.code_report(params)
                    timings.append((time.perf_counter() - started) * 1000)
            finally:
                server.stop()
        return TeamReport(
            median_ms=statistics.median(timings),
            calls=repeats,
            activities=int(total or 0),
            answers_counted=sum(code.count for code in report.codes),
        )


def _add_manager(engine: Engine) -> None:
    with feed.write_transaction(make_sessions(engine).write) as session:
        users.add_user(
            session,
            name=MANAGER,
            role="manager",
            territory_ids=[users.territory_record_id(key) for key in TEAM.territories],
            password_hash=auth.hash_password(PASSWORD),
        )


def _grow(connection: Connection, target: int) -> None:
    """Copy the stored activities (and their answers) until there are `target` of them.

    Copy `k` of activity number `n` (in id order) gets the id md5(id:k) and exists while
    k * base + n < target, so the result is the same on every run.
    """
    base = connection.scalar(select(func.count()).select_from(Activity)) or 0
    if base == 0 or target <= base:
        return
    copies = (target - 1) // base  # copies 1 … copies, the originals being copy 0
    connection.execute(
        text(
            "CREATE TEMP TABLE report_copy ON COMMIT DROP AS "
            "SELECT a.id AS old_id, k, md5(a.id || ':' || k)::uuid::text AS new_id "
            "FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM activity) a "
            "CROSS JOIN generate_series(1, :copies) AS k WHERE k * :base + a.n < :target"
        ),
        {"copies": copies, "base": base, "target": target},
    )
    connection.execute(
        text(
            "INSERT INTO activity (id, account_id, process_key, process_version, kind, "
            "occurred_at, user_id, answers, note, sync_version, deleted, scope_territory_id, "
            "field_versions, field_writers, updated_at) "
            "SELECT c.new_id, a.account_id, a.process_key, a.process_version, a.kind, "
            "a.occurred_at, a.user_id, a.answers, a.note, a.sync_version, a.deleted, "
            "a.scope_territory_id, a.field_versions, a.field_writers, a.updated_at "
            "FROM report_copy c JOIN activity a ON a.id = c.old_id"
        )
    )
    connection.execute(
        text(
            "INSERT INTO activity_answer (activity_id, step_key, code, position, process_key, "
            "process_version, territory_id, user_id, day, week, month) "
            "SELECT c.new_id, x.step_key, x.code, x.position, x.process_key, "
            "x.process_version, x.territory_id, x.user_id, x.day, x.week, x.month "
            "FROM report_copy c JOIN activity_answer x ON x.activity_id = c.old_id"
        )
    )
