"""A web enquiry reaches the owner's client: a real replica syncing through the engine against
a live server sees the enquiry's task (and a new lead) after its next pull, and a running app
gets it by itself within seconds through live updates."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from app import sync_service
from app.accounts import account_detail, search_accounts
from app.settings import Settings
from app.workspace import Workspace
from server import api_keys, auth, enquiries, feed, users, writes
from server.connect_api import ENQUIRY_PATH
from server.database import make_engine, make_sessions
from server.key_auth import API_KEY_HEADER
from server.schema import upgrade
from sync.credentials import TokenStore
from tests.support.live_server import live_server
from ui.launch import GuiSession

pytestmark = pytest.mark.e2e

ACCOUNT = "7d1e1a52-5c55-4c1b-9a53-0f2f3f0b1c01"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A live server with rep wang (north) owning one account; yields (url, API key)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'server.db'}")
    upgrade(engine)
    with feed.write_transaction(make_sessions(engine).write) as session:
        north = users.ensure_territory(session, "north", "华北")
        users.ensure_territory(session, "east", "华东")
        wang = users.add_user(session, name="wang", role="rep", territory_ids=[north],
                              password_hash=auth.hash_password("pw-wang"))  # fmt: skip
        fields = {"name": "北京科技有限公司", "phone": "010-1234 5678", "city": "北京",
                  "territory_id": north, "owner_id": wang}  # fmt: skip
        assert writes.apply(session, writes.Write("account", ACCOUNT, fields), None).status == (
            "applied"
        )
        enquiries.set_routes(session, json.dumps({"default": "east", "cities": {"北京": "north"}}))
        key = api_keys.create(session, "website")
    with live_server(engine) as url:
        yield url, key
    engine.dispose()


def test_an_enquiry_reaches_the_owners_client_after_a_pull(
    tmp_path: Path, server: tuple[str, str]
) -> None:
    url, key = server
    wang = Workspace.sign_in(tmp_path / "wang", url, "wang", "pw-wang", TokenStore())
    sync_service.sync_now(wang)
    before = account_detail(wang, ACCOUNT)
    assert before is not None and before.open_tasks == ()

    known = requests.post(
        url + ENQUIRY_PATH,
        json={"name": "王先生", "phone": "+86 10 1234 5678", "message": "请回电，想订 20 台"},
        headers={API_KEY_HEADER: key},
        timeout=10,
    )
    lead = requests.post(
        url + ENQUIRY_PATH,
        json={
            "name": "赵女士",
            "company": "北京新星餐饮有限公司",
            "phone": "13911112222",
            "city": "北京市",
            "source": "website",
        },
        headers={API_KEY_HEADER: key},
        timeout=10,
    )
    assert known.status_code == lead.status_code == 201, known.text + lead.text
    sync_service.sync_now(wang)

    after = account_detail(wang, ACCOUNT)
    assert after is not None
    assert [t.title for t in after.open_tasks] == ["Web enquiry: 王先生: 请回电，想订 20 台"]
    assert after.open_tasks[0].kind == "call"
    (new_lead,) = search_accounts(wang, "新星")
    assert new_lead.id == lead.json()["account_id"]
    lead_detail = account_detail(wang, new_lead.id)
    assert lead_detail is not None
    assert [c.name for c in lead_detail.contacts] == ["赵女士"]
    assert [t.title for t in lead_detail.open_tasks] == ["Web enquiry: 赵女士"]
    wang.close()


# The offscreen platform says this of every top-level window (see tests/ui/conftest.py).
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_an_enquiry_reaches_an_online_app_by_itself(
    qtbot, qapp, tmp_path: Path, server: tuple[str, str]
) -> None:
    """Nobody presses anything: the running window's live updates fetch the enquiry."""
    url, key = server
    wang = Workspace.sign_in(tmp_path / "wang", url, "wang", "pw-wang", TokenStore())
    sync_service.sync_now(wang)
    gui = GuiSession(qapp, Settings(), TokenStore(), "en")
    window = gui.open_window(wang)
    qtbot.addWidget(window)
    try:
        qtbot.wait(300)  # the window's long-poll is waiting
        sent = requests.post(
            url + ENQUIRY_PATH,
            json={"name": "王先生", "phone": "+86 10 1234 5678", "message": "请回电"},
            headers={API_KEY_HEADER: key},
            timeout=10,
        )
        assert sent.status_code == 201, sent.text

        def task_arrived() -> bool:
            detail = account_detail(wang, ACCOUNT)
            return detail is not None and len(detail.open_tasks) == 1

        qtbot.waitUntil(task_arrived, timeout=5000)
    finally:
        window.close()
        gui.close()
        wang.close()
