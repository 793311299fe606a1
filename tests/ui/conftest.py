"""UI tests run the real widgets over a real Workspace and replica, offscreen.

The replica is filled the way sync fills it (protocol Changes applied by the replica side), with
the shipped default code sets and processes and a few accounts written here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

import resources.defaults
from app.settings import Settings
from app.views import Me
from app.workspace import Workspace
from local_store.db import Replica
from protocol.sync import Change
from sync.credentials import TokenStore
from sync.replica_side import apply_changes
from sync.transport import Transport
from tests.support.templates import copy_sqlite
from tests.ui.input_counter import InputCounter
from tests.unit.sync.conftest import (  # noqa: F401 (fixtures)
    seeded_server_template,
    server_clock,
    server_engine,
    server_url,
)
from ui.i18n import I18N_DIR
from ui.launch import GuiSession
from ui.style import apply_style

# Before pytest-qt makes the QApplication (on first use of qapp or qtbot).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DEFAULTS = Path(resources.defaults.__file__).parent
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens, connecting fails fast
TERRITORY = str(uuid.uuid5(uuid.NAMESPACE_URL, "fieldbook:territory:north"))
ME = Me(
    id=str(uuid.uuid5(uuid.NAMESPACE_URL, "fieldbook:user:li.na")),
    name="li.na",
    display_name="Li Na",
    role="rep",
    territories=(TERRITORY,),
)
BEIJING = str(uuid.uuid5(uuid.NAMESPACE_URL, "fieldbook:account:beijing"))


def pytest_configure(config: pytest.Config) -> None:
    # The offscreen platform cannot pass window size hints on and says so for every top-level
    # window; that is the test platform talking, not a bug in the app.
    config.addinivalue_line("qt_log_ignore", "This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def no_retry_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every transport made in a UI test still retries, without urllib3's pauses in between.

    Most UI tests are offline on purpose (UNREACHABLE): each sync would otherwise wait
    0.3 + 0.6 + 1.2 s before it says so. The back-off itself is tested in tests/unit/sync.
    """
    defaults = Transport.__init__.__kwdefaults__
    assert defaults is not None
    monkeypatch.setitem(defaults, "backoff", 0.0)


@pytest.fixture(autouse=True)
def close_windows(qapp) -> Iterator[None]:
    """Close every window a test left open, so no timer of it fires in a later test."""
    yield
    for widget in qapp.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    qapp.processEvents()


def _id(kind: str, key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"fieldbook:{kind}:{key}"))


def default_changes() -> list[Change]:
    """The shipped code sets and processes as the server would send them."""
    code_sets = json.loads((DEFAULTS / "code_sets.json").read_text(encoding="utf-8"))
    processes = json.loads((DEFAULTS / "processes.json").read_text(encoding="utf-8"))
    return [
        Change(entity="code_set", record_id=_id("code_set", c["key"]), version=1, fields=c)
        for c in code_sets
    ] + [
        Change(
            entity="process",
            record_id=_id("process", f"{p['key']}:{p['version']}"),
            version=1,
            fields=p,
        )
        for p in processes
    ]


def _account(key: str, **fields: Any) -> Change:
    return Change(
        entity="account",
        record_id=_id("account", key),
        version=1,
        fields={"territory_id": TERRITORY, "owner_id": ME.id} | fields,
    )


def sample_changes(today: dt.date) -> list[Change]:
    """A handful of accounts with Chinese and Latin names, a contact, tasks and a visit."""
    return [
        _account(
            "beijing",
            name="北京科技有限公司",
            phone="010-1234 5678",
            city="海淀",
            address="北京市海淀区中关村大街 27 号",
            tier="a",
            status="active",
        ),
        _account(
            "shanghai",
            name="Shanghai Ocean Trading",
            phone="+86 21 5555 0101",
            city="Pudong",
            tier="b",
            status="active",
        ),
        _account(
            "guangzhou",
            name="广州华南贸易",
            phone="020-8888 6666",
            city="天河",
            tier="c",
            status="prospect",
        ),
        _account(
            "shenzhen",
            name="深圳创新电子",
            phone="0755-2666 1234",
            city="南山",
            tier="b",
            status="dormant",
        ),
        _account(
            "alpine",
            name="Alpine Tools GmbH",
            phone="+49 89 1234567",
            city="München",
            tier="c",
            status="prospect",
        ),
        Change(
            entity="contact",
            record_id=_id("contact", "wang"),
            version=1,
            fields={
                "account_id": BEIJING,
                "name": "王伟",
                "title": "采购经理",
                "phone": "138 0013 8000",
                "email": "wang.wei@bjkj.example.cn",
            },
        ),
        Change(
            entity="task",
            record_id=_id("task", "call-back"),
            version=1,
            fields={
                "account_id": BEIJING,
                "title": "Call back about the price list",
                "kind": "call",
                "due_date": (today - dt.timedelta(days=3)).isoformat(),
                "done": False,
                "assignee_id": ME.id,
            },
        ),
        Change(
            entity="activity",
            record_id=_id("activity", "first-visit"),
            version=1,
            fields={
                "account_id": BEIJING,
                "process_key": "field_visit",
                "process_version": 1,
                "kind": "visit",
                "occurred_at": "2026-11-12T10:30:00+08:00",
                "user_id": ME.id,
                "answers": [
                    {"step": "purpose", "codes": ["introduction"], "note": ""},
                    {"step": "reasons", "codes": ["price", "brand"], "note": ""},
                    {"step": "outcome", "codes": ["needs_time"], "note": ""},
                ],
                "note": "Wants to compare with last year's supplier.",
            },
        ),
    ]


def generated_changes(count: int) -> list[Change]:
    return [
        _account(
            f"gen-{n}",
            name=f"Generated Customer {n:04d}",
            city="Tianjin",
            tier="c",
            status="prospect",
            phone=f"022-5{n:03d} {n:04d}",
        )
        for n in range(count)
    ]


def filled_replica(path: Path, changes: list[Change]) -> Replica:
    """A replica at `path` with `changes` applied as sync applies them."""
    replica = Replica(path)
    with replica.session() as session:
        apply_changes(session, changes)
    return replica


def offline_workspace(replica: Replica, language: str = "en") -> Workspace:
    """ME's workspace over `replica`, signed in (so a sync really tries the network) to a
    server that cannot be reached."""
    transport = Transport(UNREACHABLE)
    transport.token = "test-token"
    return Workspace(replica, transport, ME, language=language)


def open_workspace(path: Path, changes: list[Change], language: str = "en") -> Workspace:
    return offline_workspace(filled_replica(path, changes), language)


@pytest.fixture(scope="session")
def filled_template(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The replica of the `workspace` ("sample") or `large_workspace` ("large") fixture as of
    today, filled once per session (per xdist worker) and copied for each test."""

    @cache
    def template(kind: str, today: dt.date) -> Path:
        path = tmp_path_factory.mktemp("templates") / f"{kind}.db"
        extra = generated_changes(1000) if kind == "large" else []
        filled_replica(path, default_changes() + sample_changes(today) + extra).close()
        return path

    return lambda kind: template(kind, dt.date.today())


def copied_workspace(template: Path, path: Path) -> Workspace:
    copy_sqlite(template, path)
    return offline_workspace(Replica(path))


@pytest.fixture
def workspace(tmp_path: Path, filled_template: Callable[[str], Path]) -> Iterator[Workspace]:
    ws = copied_workspace(filled_template("sample"), tmp_path / "r.db")
    yield ws
    ws.close()


@pytest.fixture
def large_workspace(tmp_path: Path, filled_template: Callable[[str], Path]) -> Iterator[Workspace]:
    ws = copied_workspace(filled_template("large"), tmp_path / "r.db")
    yield ws
    ws.close()


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[None]:
    """The app's own style sheet, as a person sees the widgets; taken off afterwards."""
    apply_style(qapp)
    yield
    qapp.setStyleSheet("")


@pytest.fixture
def user(qtbot) -> Iterator[InputCounter]:
    """Counts the clicks, keys and typed characters a test needs, as a user would."""
    counter = InputCounter(qtbot)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(counter)
    yield counter
    app.removeEventFilter(counter)


@pytest.fixture
def session(qapp: QApplication, qm_dir: Path) -> Iterator[GuiSession]:
    """The app's window runner, as `run_gui` makes it, with the Chinese translation built."""
    gui = GuiSession(qapp, Settings(), TokenStore(), "en", i18n_dir=qm_dir)
    yield gui
    if gui.window is not None:
        gui.window.close()
    gui.close()


@pytest.fixture(scope="session")
def qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Chinese .qm built from the .ts, as the build does (once per session)."""
    out = tmp_path_factory.mktemp("i18n")
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    ts = I18N_DIR / "fieldbook_zh_CN.ts"
    subprocess.run([str(lrelease), str(ts), "-qm", str(out / "fieldbook_zh_CN.qm")], check=True)
    return out
