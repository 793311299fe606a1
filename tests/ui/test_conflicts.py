"""Conflicts side by side, resolved both ways in one click, and an edit that lost to a delete
brought back."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from app import sync_service
from app.accounts import account_form, save_account, search_accounts
from app.workspace import Workspace
from local_store import outbox, queries
from local_store.models import Conflict, User
from server.external_api import RECORD_PATH
from sync.credentials import TokenStore
from tests.ui.conftest import BEIJING, ME
from tests.ui.input_counter import InputCounter
from tests.unit.server.external_helpers import make_key
from tests.unit.sync.conftest import PASSWORD
from ui.conflicts_view import ConflictsView

GONE = "0b7f9d6e-1111-4222-8333-444455556666"
WANG = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
SET_ASIDE_AT = "2026-12-05T02:30:00+00:00"
STOOD_AT = "2026-12-04T09:15:00+00:00"


def _conflict(
    workspace: Workspace, entity: str, record_id: str, field: str, mine, theirs, **more
) -> None:
    """A conflict as sync records it when the server kept another value."""
    with workspace.replica.session() as session:
        session.add(
            Conflict(
                entity=entity,
                record_id=record_id,
                field=field,
                mine=mine,
                theirs=theirs,
                created_at=dt.datetime.now(dt.UTC).isoformat(),
                **more,
            )
        )


def _colleague(workspace: Workspace) -> None:
    with workspace.replica.session() as session:
        session.add(User(id=WANG, name="wang", display_name="Wang Fang", role="rep", version=1))


@pytest.fixture
def page(qtbot, workspace: Workspace) -> ConflictsView:
    _conflict(workspace, "account", BEIJING, "phone", "010-8888 0000", "010-1234 5678")
    _conflict(workspace, "account", BEIJING, "city", "朝阳", "海淀")
    # Someone deleted this account while my rename was on its way.
    _conflict(workspace, "account", GONE, "name", "上海新贸易", None)
    _conflict(workspace, "account", GONE, "phone", "021-6666 1234", None)
    view = ConflictsView(workspace)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    with qtbot.waitExposed(view):
        view.show()
    return view


def _card(page: ConflictsView, field: str, record_id: str = BEIJING):
    return next(
        c for c in page.cards if (c.conflict.record_id, c.conflict.field) == (record_id, field)
    )


def test_mine_and_theirs_side_by_side(page: ConflictsView) -> None:
    card = _card(page, "phone")
    assert card.mine_label.text() == "010-8888 0000"
    assert card.theirs_label.text() == "010-1234 5678"
    assert card.accessibleName() == "Account · 北京科技有限公司 · Phone"
    gone = _card(page, "name", GONE)
    assert gone.theirs_label.text() == "deleted"
    assert gone.restore_button is not None and gone.keep_mine_button is None


def test_keep_mine_queues_my_value_again(
    page: ConflictsView, workspace: Workspace, user: InputCounter
) -> None:
    card = _card(page, "phone")
    assert card.keep_mine_button is not None
    user.click(card.keep_mine_button)
    assert user.clicks == 1
    with workspace.replica.session() as session:
        account = queries.account(session, BEIJING)
        assert account is not None and account.phone == "010-8888 0000"
        pending = outbox.oldest(session, 10)
        assert [(e.record_id, e.fields) for e in pending] == [(BEIJING, {"phone": "010-8888 0000"})]
    assert [c.conflict.field for c in page.cards if c.conflict.record_id == BEIJING] == ["city"]


def test_keep_theirs_closes_the_conflict_and_changes_nothing(
    page: ConflictsView, workspace: Workspace, user: InputCounter
) -> None:
    user.click(_card(page, "city").keep_theirs_button)
    with workspace.replica.session() as session:
        account = queries.account(session, BEIJING)
        assert account is not None and account.city == "海淀"
        assert outbox.count(session) == 0
    assert sync_service.status(workspace).conflicts == 3


def test_restore_brings_the_deleted_record_back(
    page: ConflictsView, workspace: Workspace, user: InputCounter
) -> None:
    card = _card(page, "name", GONE)
    assert card.restore_button is not None
    user.click(card.restore_button)
    restored = search_accounts(workspace, "上海新贸易")
    assert [(a.id, a.name, a.phone) for a in restored] == [(GONE, "上海新贸易", "021-6666 1234")]
    with workspace.replica.session() as session:
        [entry] = outbox.oldest(session, 10)
    assert (entry.op, entry.record_id) == ("restore", GONE)
    assert entry.fields == {"name": "上海新贸易", "phone": "021-6666 1234"}
    assert not [c for c in page.cards if c.conflict.record_id == GONE]


def _shown(qtbot, workspace: Workspace) -> ConflictsView:
    view = ConflictsView(workspace)
    qtbot.addWidget(view)
    with qtbot.waitExposed(view):
        view.show()
    return view


def test_each_value_says_who_wrote_it_and_when(qtbot, workspace: Workspace) -> None:
    _colleague(workspace)
    _conflict(
        workspace, "account", BEIJING, "phone", "010-8888 0000", "010-1234 5678",
        kind="changed", server_id=1, mine_by=ME.id, mine_at=SET_ASIDE_AT,
        theirs_by=WANG, theirs_at=STOOD_AT,
    )  # fmt: skip
    card = _shown(qtbot, workspace).cards[0]

    assert card.mine_by_label.text().startswith("you · Dec ")
    assert card.theirs_by_label.text().startswith("Wang Fang · Dec ")
    assert "2026" in card.theirs_by_label.text()
    assert card.keep_mine_button is not None


def test_the_user_whose_value_stood_sees_the_value_set_aside_and_may_use_it(
    qtbot, workspace: Workspace, user: InputCounter
) -> None:
    _colleague(workspace)
    _conflict(
        workspace, "account", BEIJING, "phone", "010-8888 0000", "010-1234 5678",
        kind="changed", server_id=2, mine_by=WANG, mine_at=SET_ASIDE_AT,
        theirs_by=ME.id, theirs_at=STOOD_AT,
    )  # fmt: skip
    card = _shown(qtbot, workspace).cards[0]

    assert card.mine_label.text() == "010-8888 0000"
    assert card.mine_by_label.text().startswith("Wang Fang · ")
    assert card.theirs_by_label.text().startswith("you · ")
    assert card.keep_mine_button is None and card.use_button is not None
    assert card.keep_theirs_button.text() == "Keep what stands (K)"
    user.click(card.use_button)
    with workspace.replica.session() as session:
        account = queries.account(session, BEIJING)
        assert account is not None and account.phone == "010-8888 0000"


def test_a_refused_value_says_why_in_words(qtbot, workspace: Workspace) -> None:
    reason = {"field": "name", "message": "is too long", "kind": "too_long", "limit": 3}
    _conflict(
        workspace, "account", BEIJING, "name", "北京科技", None, kind="refused", reason=reason
    )
    card = _shown(qtbot, workspace).cards[0]

    assert card.theirs_label.text() == (
        "Name is too long; please shorten it to at most 3 characters."
    )
    assert card.theirs_by_label.text() == "the server"
    assert card.keep_mine_button is not None and card.restore_button is None


def _erp_writes(server_url: str, key: dict[str, str], fields: dict[str, Any]) -> dict[str, Any]:
    """The ERP puts its customer C-1 (in territory A) as it stands in the ERP."""
    path = RECORD_PATH.format(system="erp", kind="accounts", external_id="C-1")
    body = {"fields": fields, "territory": "A"}
    answer = httpx.put(f"{server_url}{path}", json=body, headers=key)
    answer.raise_for_status()
    result: dict[str, Any] = answer.json()
    return result


def test_a_value_another_system_wrote_names_its_api_key(
    qtbot, server_url: str, server_engine: Engine, tmp_path: Path
) -> None:
    """The ERP's new phone lost against the rep's later edit: the rep's conflicts name the
    ERP's key as its writer, not the server."""
    erp = make_key(server_engine, "erp", ["write"])
    account_id = _erp_writes(server_url, erp, {"name": "北京科技", "phone": "010-1234 5678"})[
        "record_id"
    ]
    workspace = Workspace.sign_in(tmp_path / "alice", server_url, "alice", PASSWORD, TokenStore())
    try:
        sync_service.sync_now(workspace)
        form = account_form(workspace, account_id)
        assert form is not None
        save_account(workspace, dataclasses.replace(form, phone="010-5555 0000"), account_id)
        sync_service.sync_now(workspace)
        assert _erp_writes(server_url, erp, {"phone": "010-1234 9999"})["status"] == "conflict"

        sync_service.sync_now(workspace)
        card = _shown(qtbot, workspace).cards[0]

        assert (card.mine_label.text(), card.theirs_label.text()) == (
            "010-1234 9999",
            "010-5555 0000",
        )
        assert card.mine_by_label.text().startswith("the system “erp” (API key) · ")
        assert card.theirs_by_label.text().startswith("you · ")
        assert card.use_button is not None
    finally:
        workspace.close()
