"""Conflicts side by side, resolved both ways in one click, and an edit that lost to a delete
brought back."""

from __future__ import annotations

import datetime as dt

import pytest

from app import sync_service
from app.accounts import search_accounts
from app.workspace import Workspace
from local_store import outbox, queries
from local_store.models import Conflict
from tests.ui.conftest import BEIJING
from tests.ui.input_counter import InputCounter
from ui.conflicts_view import ConflictsView

GONE = "0b7f9d6e-1111-4222-8333-444455556666"


def _conflict(workspace: Workspace, entity: str, record_id: str, field: str, mine, theirs) -> None:
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
            )
        )


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


def test_restore_brings_a_deleted_record_back_as_a_new_one(
    page: ConflictsView, workspace: Workspace, user: InputCounter
) -> None:
    card = _card(page, "name", GONE)
    assert card.restore_button is not None
    user.click(card.restore_button)
    restored = search_accounts(workspace, "上海新贸易")
    assert [(a.name, a.phone) for a in restored] == [("上海新贸易", "021-6666 1234")]
    assert restored[0].id != GONE  # a new record: the deleted one stays deleted on the server
    with workspace.replica.session() as session:
        assert [e.op for e in outbox.oldest(session, 10)] == ["upsert"]
    assert not [c for c in page.cards if c.conflict.record_id == GONE]
