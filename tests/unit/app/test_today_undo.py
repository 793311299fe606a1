"""Undoing a logged planned visit takes the visit and its follow-ups back on the server too,
whether the sync had sent them yet or not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app import catalog, sync_service
from app.accounts import account_detail, create_account
from app.activities import log_run
from app.processes import ProcessRun
from app.tasks import add_task
from app.today import complete_visit, undo
from app.workspace import Workspace
from sync.credentials import TokenStore
from tests.unit.sync.conftest import PASSWORD


def _visit_asking_for_a_quote(workspace: Workspace) -> ProcessRun:
    visit = catalog.process(workspace, "visit")
    assert visit is not None
    run = ProcessRun(visit)
    for code in ("introduction", None, "quote_requested"):  # no purchase reasons
        if code is not None:
            run.choose(code)
        run.go_on()
    assert [f.title("en") for f in run.follow_ups()] == ["Send quote"]
    return run


@pytest.mark.parametrize("sent_before_the_undo", [False, True])
def test_an_undone_visit_leaves_nothing_on_the_server(
    tmp_path: Path, server_url: str, sent_before_the_undo: bool
) -> None:
    alice = Workspace.sign_in(tmp_path / "alice", server_url, "alice", PASSWORD, TokenStore())
    bob = Workspace.sign_in(tmp_path / "bob", server_url, "bob", PASSWORD, TokenStore())
    try:
        sync_service.sync_now(alice)
        account_id = create_account(alice, {"name": "北京科技有限公司"})
        planned = add_task(alice, account_id, "Quarterly visit", dt.date.today(), "visit")
        sync_service.sync_now(alice)

        logged = log_run(alice, account_id, _visit_asking_for_a_quote(alice))
        done = complete_visit(alice, planned, logged)
        if sent_before_the_undo:
            sync_service.sync_now(alice)
        undo(alice, done)
        sync_service.sync_now(alice)
        sync_service.sync_now(bob)  # the same territory: sees what the server holds

        assert sync_service.status(alice).pending == 0
        for workspace in (alice, bob):
            detail = account_detail(workspace, account_id)
            assert detail is not None
            assert detail.timeline == ()
            assert [(t.title, t.id) for t in detail.open_tasks] == [("Quarterly visit", planned)]
    finally:
        alice.close()
        bob.close()
