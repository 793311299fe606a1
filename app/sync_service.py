"""Sync as the services see it: a sync on a worker thread, what it learned applied on the main
thread, live updates, and the status line's numbers.

`sync` touches the replica and the server only, never the workspace's own state: whether the
server answered and which territories the user now has come back in its `SyncResult`, and the
main thread applies them (`apply`, `apply_failure`), so the UI never reads a workspace that a
worker thread is changing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from app.offline import forget_verifier
from app.views import Me, SyncStatus
from app.workspace import Workspace
from local_store import outbox, queries, search_index, state
from sync.engine import SCOPE, Progress, SyncEngine, SyncReport
from sync.errors import Outcome, SyncError
from sync.live import LiveUpdates

log = logging.getLogger(__name__)

# A sync that pulled this many records leaves the search index in many pieces: merge them.
OPTIMIZE_INDEX_AFTER = 5000
CONFLICTS = "conflict"  # in `SyncResult.changed` when the push left new conflicts


@dataclass(frozen=True)
class SyncResult:
    """What one sync did and learned: the engine's report, the user as the server now has them
    (territories an admin changed), and the kinds of record that changed (entity names, and
    CONFLICTS)."""

    report: SyncReport
    me: Me
    changed: frozenset[str]


def sync(workspace: Workspace, on_progress: Callable[[Progress], None] | None = None) -> SyncResult:
    """Push and pull now. Runs on a background thread; raises SyncError on failure."""
    engine = SyncEngine(workspace.replica, workspace.transport, on_progress=on_progress)
    report = engine.sync()
    if report.pulled >= OPTIMIZE_INDEX_AFTER:
        with workspace.saving() as session:
            search_index.optimize(session.connection())
    changed = report.changed | ({CONFLICTS} if report.conflicts else set())
    return SyncResult(report, _follow_scope(workspace), frozenset(changed))


def _follow_scope(workspace: Workspace) -> Me:
    """The user with the territories of the last pull (the pull answer names them), kept in the
    replica for the next start; the workspace takes them over when the result is applied."""
    me = workspace.me
    with workspace.saving() as session:
        scope = state.get(session, SCOPE)
        if not scope or set(scope) == set(me.territories):
            return me
        state.put(session, state.ME, me.__dict__ | {"territories": scope})
    log.info("the user's territories are now %s", scope)
    return replace(me, territories=tuple(scope))


def apply(workspace: Workspace, result: SyncResult) -> None:
    """On the main thread: the server answered, and new records go to a territory the user
    still has."""
    workspace.online = True
    workspace.me = result.me


def apply_failure(workspace: Workspace, error: Exception) -> None:
    """On the main thread: what a failed sync says about the connection. A password the server
    refused (one an offline sign-in was let in with, changed since) no longer opens the replica
    without the server."""
    if isinstance(error, SyncError):
        workspace.online = error.outcome is not Outcome.OFFLINE
        if error.outcome is Outcome.WRONG_PASSWORD:
            forget_verifier(workspace.replica.path)
            log.warning("the server refused the password of %s", workspace.me.name)


def apply_reach(workspace: Workspace, reachable: bool) -> None:
    """On the main thread: the live long-poll found the server gone, or answering again."""
    workspace.online = reachable


def live_updates(
    workspace: Workspace,
    on_changes: Callable[[], None],
    on_reach: Callable[[bool], None] | None = None,
) -> LiveUpdates:
    """A long-poll thread, not yet started, that calls `on_changes` (on its own thread) whenever
    the server has changes past this replica's cursor, and `on_reach` whenever the server stops
    or starts answering (`sync.live`)."""
    cursor = SyncEngine(workspace.replica, workspace.transport).cursor
    return LiveUpdates(workspace.transport, cursor, on_changes, on_reach=on_reach)


def status(workspace: Workspace) -> SyncStatus:
    with workspace.reading() as session:
        last = state.get(session, state.LAST_SYNC)
        return SyncStatus(
            online=workspace.online,
            pending=outbox.count(session),
            conflicts=queries.open_conflict_count(session),
            last_sync_at=dt.datetime.fromisoformat(last) if last else None,
        )


def sync_now(
    workspace: Workspace, on_progress: Callable[[Progress], None] | None = None
) -> SyncResult:
    """A sync on the calling thread, applied at once (a script's or a test's, no UI waiting)."""
    try:
        result = sync(workspace, on_progress)
    except SyncError as exc:
        apply_failure(workspace, exc)
        raise
    apply(workspace, result)
    return result
