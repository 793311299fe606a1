"""The signed-in user's workspace: the services the UI calls.

Each method is one user action with a session of its own; the UI never sees SQL or HTTP, only the
plain views returned here.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Row
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.errors import NewerReplicaError, SaveError
from app.paths import replica_path
from app.processes import CodeList, ProcessDefinition, ProcessRun, Step
from app.settings import Settings
from app.views import (
    AccountDetail,
    AccountFilter,
    AccountSummary,
    ContactView,
    Me,
    SyncStatus,
    TaskView,
    TimelineEntry,
)
from local_store import outbox, queries, records, search_index, state
from local_store.db import Replica
from local_store.migrate import NewerDatabaseError
from local_store.models import Account, Activity, CodeSet, Process
from local_store.records import InvalidRecordError
from protocol.auth import TokenResponse
from sync.credentials import TokenStore
from sync.engine import SCOPE, Progress, SyncEngine, SyncReport
from sync.errors import Outcome, SyncError
from sync.live import LiveUpdates
from sync.transport import Transport

log = logging.getLogger(__name__)

# A sync that pulled this many records leaves the search index in many pieces: merge them.
OPTIMIZE_INDEX_AFTER = 5000


def _definition(row: Process) -> ProcessDefinition:
    return ProcessDefinition(
        key=row.key,
        version=row.process_version,
        name_en=row.name_en,
        name_zh=row.name_zh,
        kind=row.kind,
        steps=tuple(Step.from_json(s) for s in row.steps),
    )


def _code_lists(session: Session) -> dict[str, CodeList]:
    """Every code set, each read once (labelling a page of rows reads them hundreds of times)."""
    return {key: _code_list(row) for key, row in queries.code_sets(session).items()}


def _code_list(row: CodeSet) -> CodeList:
    return CodeList.from_record(row.key, row.name_en, row.name_zh, row.codes)


@dataclass(frozen=True)
class Network:
    """How to reach the server: IT's ProxyUrl and CaBundle ("" leaves it to the environment)."""

    proxy_url: str = ""
    ca_bundle: str = ""

    @classmethod
    def of(cls, settings: Settings) -> Network:
        """The effective ProxyUrl and CaBundle (managed policy > user > recommended > default)."""
        return cls(settings.get("ProxyUrl"), settings.get("CaBundle"))


def _transport(
    server_url: str, username: str, tokens: TokenStore | None, network: Network
) -> Transport:
    """A transport through `network`; with `tokens`, it keeps each renewed refresh token in the
    keyring (the old one is spent)."""

    def keep(answer: TokenResponse) -> None:
        if tokens is not None:
            tokens.save(server_url, username, answer.refresh_token)

    return Transport(
        server_url,
        on_new_tokens=keep,
        proxy_url=network.proxy_url,
        ca_bundle=network.ca_bundle,
    )


def open_replica(path: Path) -> Replica:
    """The replica file at `path`, brought up to date; a NewerReplicaError when a newer
    Fieldbook wrote it (the file is left untouched)."""
    try:
        return Replica(path)
    except NewerDatabaseError as exc:
        raise NewerReplicaError(exc.path, exc.revisions) from exc


class Workspace:
    def __init__(
        self, replica: Replica, transport: Transport, me: Me, language: str = "en"
    ) -> None:
        self.replica = replica
        self.transport = transport
        self.me = me
        self.language = language
        self.online: bool | None = None

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def sign_in(
        cls,
        data_dir: Path,
        server_url: str,
        username: str,
        password: str,
        tokens: TokenStore,
        language: str = "en",
        *,
        remember: bool = True,
        network: Network = Network(),
    ) -> Workspace:
        """Sign in with a password and open the user's replica; with `remember` the refresh token
        is kept in the keyring (and renewed there) so the next start needs no password."""
        transport = _transport(server_url, username, tokens if remember else None, network)
        answer = transport.sign_in(username, password)
        if remember:
            tokens.save(server_url, username, answer.refresh_token)
        me = Me(
            id=answer.user.id,
            name=answer.user.name,
            display_name=answer.user.display_name,
            role=answer.user.role,
            territories=tuple(answer.user.territories),
        )
        replica = open_replica(replica_path(data_dir, server_url, username))
        with replica.session() as session:
            state.put(session, state.ME, me.__dict__ | {"territories": list(me.territories)})
            state.client_id(session)
        return cls(replica, transport, me, language)

    @classmethod
    def resume(
        cls,
        data_dir: Path,
        server_url: str,
        username: str,
        tokens: TokenStore,
        language: str = "en",
        *,
        network: Network = Network(),
    ) -> Workspace | None:
        """Open the replica of a user who signed in before, with the saved refresh token (the
        first sync renews the session); None if there is none. Works offline."""
        path = replica_path(data_dir, server_url, username)
        token = tokens.load(server_url, username)
        if token is None or not path.exists():
            return None
        replica = open_replica(path)
        with replica.session() as session:
            saved = state.get(session, state.ME)
        if not saved:
            replica.close()
            return None
        transport = _transport(server_url, username, tokens, network)
        transport.refresh_token = token
        saved["territories"] = tuple(saved["territories"])
        return cls(replica, transport, Me(**saved), language)

    def close(self) -> None:
        self.replica.close()

    # --- reading -------------------------------------------------------------------------

    def search_accounts(
        self,
        query: str | AccountFilter,
        limit: int = 200,
        offset: int = 0,
        total: int | None = None,
    ) -> list[AccountSummary]:
        """Accounts matching a search text or a whole filter, one page of them; `total` is
        their count, or at least how many match, when the caller knows it (a faster way to the
        page)."""
        wanted = query if isinstance(query, AccountFilter) else AccountFilter(query)
        with self.replica.session() as session:
            rows = queries.account_list_page(
                session,
                wanted.query,
                limit=limit,
                offset=offset,
                sort=wanted.sort,
                total=total,
                **wanted.narrowing(),
            )
            lists = _code_lists(session)
            late = queries.overdue_account_ids(session, [r.id for r in rows], dt.date.today())
            return [self._summary(row, lists, row.id in late) for row in rows]

    def count_accounts(self, query: str | AccountFilter = "", up_to: int | None = None) -> int:
        """How many accounts match; with `up_to`, counting stops there (see queries)."""
        wanted = query if isinstance(query, AccountFilter) else AccountFilter(query)
        with self.replica.session() as session:
            return queries.count_accounts(session, wanted.query, up_to=up_to, **wanted.narrowing())

    def summary(self, session: Session, row: Account, *, overdue: bool) -> AccountSummary:
        """The list line of one account (for services that found accounts their own way)."""
        return self._summary(row, _code_lists(session), overdue)

    def _summary(
        self, row: Account | Row[Any], lists: dict[str, CodeList], overdue: bool
    ) -> AccountSummary:
        return AccountSummary(
            id=row.id,
            name=row.name,
            city=row.city or "",
            tier=self.label(lists, "account_tier", row.tier),
            status=self.label(lists, "account_status", row.status),
            phone=row.phone or "",
            overdue=overdue,
        )

    def label(self, lists: dict[str, CodeList], code_set: str, code: str | None) -> str:
        """The label of a code in the user's language (the key itself when unknown)."""
        if not code:
            return ""
        codes = lists.get(code_set)
        return codes.label(code, self.language) if codes else code

    def account_detail(self, account_id: str, today: dt.date | None = None) -> AccountDetail | None:
        today = today or dt.date.today()
        with self.replica.session() as session:
            row = queries.account(session, account_id)
            if row is None:
                return None
            lists = _code_lists(session)
            versions = {
                (row.key, row.process_version): _definition(row)
                for row in queries.process_versions(session)
            }
            newest = {key: definition for (key, _), definition in versions.items()}
            return AccountDetail(
                id=row.id,
                name=row.name,
                phone=row.phone or "",
                city=row.city or "",
                address=row.address or "",
                tier=self._code_label(lists, "account_tier", row.tier),
                status=self._code_label(lists, "account_status", row.status),
                contacts=tuple(
                    ContactView(c.name, c.title or "", c.phone or "", c.email or "")
                    for c in queries.contacts_of(session, account_id)
                ),
                open_tasks=tuple(
                    TaskView(
                        t.id,
                        t.title,
                        t.due_date or "",
                        t.kind or "task",
                        bool(t.due_date and t.due_date < today.isoformat()),
                    )
                    for t in queries.open_tasks_of(session, account_id)
                ),
                timeline=tuple(
                    self._timeline_entry(
                        a,
                        versions.get((a.process_key, a.process_version), newest.get(a.process_key)),
                        lists,
                    )
                    for a in queries.timeline_of(session, account_id)
                ),
            )

    def _code_label(self, lists: dict[str, CodeList], code_set: str, code: str | None) -> str:
        found = lists.get(code_set)
        return found.label(code, self.language) if found and code else code or ""

    def _timeline_entry(
        self, activity: Activity, used: ProcessDefinition | None, lists: dict[str, CodeList]
    ) -> TimelineEntry:
        """An activity as recorded: the name and code labels of the process version it used
        (labels from that version's copy of its code sets, else today's code sets)."""
        labels: list[str] = []
        for answer in activity.answers:
            step = used.find_step(answer["step"]) if used else None
            codes = step.codes if step and step.codes else lists.get(step.code_set if step else "")
            for code in answer.get("codes", []):
                labels.append(codes.label(code, self.language) if codes else code)
        return TimelineEntry(
            occurred_at=activity.occurred_at,
            process_name=used.name(self.language) if used else activity.process_key,
            codes=tuple(labels),
            note=activity.note or "",
        )

    def _definitions(self, session: Session) -> list[ProcessDefinition]:
        return [_definition(row) for row in queries.processes(session)]

    def processes(self) -> list[ProcessDefinition]:
        with self.replica.session() as session:
            return self._definitions(session)

    def process(self, kind: str) -> ProcessDefinition | None:
        """The newest process of a kind ("visit", "call")."""
        return next((p for p in self.processes() if p.kind == kind), None)

    def code_lists(self) -> dict[str, CodeList]:
        with self.replica.session() as session:
            return _code_lists(session)

    # --- writing -------------------------------------------------------------------------

    def log_activity(
        self, account_id: str, run: ProcessRun, note: str = "", when: dt.datetime | None = None
    ) -> str:
        """Save a finished process run as an activity, with the follow-up tasks its rules ask
        for, in one transaction. Durable (and queued for sync) when this returns."""
        when = when or dt.datetime.now(dt.UTC).astimezone()
        activity_id = str(uuid.uuid4())
        with self.saving() as session:
            records.save(
                session,
                "activity",
                activity_id,
                {
                    "account_id": account_id,
                    "process_key": run.definition.key,
                    "process_version": run.definition.version,
                    "kind": run.definition.kind,
                    "occurred_at": when.isoformat(timespec="seconds"),
                    "user_id": self.me.id,
                    "answers": run.recorded_answers(),
                    "note": note or None,
                },
            )
            for follow_up in run.follow_ups():
                due = when.date() + dt.timedelta(days=follow_up.due_in_days)
                self.add_task(
                    session, account_id, follow_up.title(self.language), due, follow_up.kind
                )
        return activity_id

    def add_task(
        self, session: Session, account_id: str, title: str, due: dt.date, kind: str
    ) -> str:
        """A new open task of the user's on an account, in the caller's save."""
        task_id = str(uuid.uuid4())
        fields = {
            "account_id": account_id,
            "title": title,
            "kind": kind,
            "due_date": due.isoformat(),
            "done": False,
            "assignee_id": self.me.id,
        }
        records.save(session, "task", task_id, fields)
        return task_id

    def create_account(self, fields: dict[str, Any]) -> str:
        """Create an account owned by the user, in their first territory unless one is given.

        Raises SaveError (and writes nothing) when a field is wrong or the disk refuses.
        """
        values = {"territory_id": self.me.territories[0], "owner_id": self.me.id} | fields
        account_id = str(uuid.uuid4())
        with self.saving() as session:
            records.save(session, "account", account_id, values)
        return account_id

    @contextmanager
    def saving(self) -> Iterator[Session]:
        """A session for a user's save: all or nothing, failures as SaveError."""
        try:
            with self.replica.session() as session:
                yield session
        except InvalidRecordError as exc:
            raise SaveError([(p.field, p.message) for p in exc.problems]) from exc
        except SQLAlchemyError as exc:
            log.exception("saving to the replica %s failed", self.replica.path)
            raise SaveError() from exc

    # --- sync ----------------------------------------------------------------------------

    def sync(self, on_progress: Callable[[Progress], None] | None = None) -> SyncReport:
        """Push and pull now. Runs on a background thread; raises SyncError on failure."""
        engine = SyncEngine(self.replica, self.transport, on_progress=on_progress)
        try:
            report = engine.sync()
        except SyncError as exc:
            self.online = exc.outcome not in (Outcome.OFFLINE,)
            raise
        self.online = True
        if report.pulled >= OPTIMIZE_INDEX_AFTER:
            with self.replica.session() as session:
                search_index.optimize(session.connection())
        self._follow_scope()
        return report

    def _follow_scope(self) -> None:
        """Take over territories the admin changed (the pull answer names them), so new
        records go to a territory the user still has."""
        with self.replica.session() as session:
            scope = state.get(session, SCOPE)
            if not scope or set(scope) == set(self.me.territories):
                return
            self.me = replace(self.me, territories=tuple(scope))
            state.put(session, state.ME, self.me.__dict__ | {"territories": scope})
        log.info("the user's territories are now %s", scope)

    def live_updates(self, on_changes: Callable[[], None]) -> LiveUpdates:
        """A long-poll thread, not yet started, that calls `on_changes` (on its own thread)
        whenever the server has changes past this replica's cursor (`sync.live`)."""
        cursor = SyncEngine(self.replica, self.transport).cursor
        return LiveUpdates(self.transport, cursor, on_changes)

    def status(self) -> SyncStatus:
        with self.replica.session() as session:
            last = state.get(session, state.LAST_SYNC)
            return SyncStatus(
                online=self.online,
                pending=outbox.count(session),
                conflicts=queries.open_conflict_count(session),
                last_sync_at=dt.datetime.fromisoformat(last) if last else None,
            )
