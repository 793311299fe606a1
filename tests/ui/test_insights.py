"""Insights: the numbers of a hand-computed replica, the activities behind a clicked bar, PNG
and CSV exports read back, the team's insights online and offline, and the view in Chinese."""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCharts import QBarCategoryAxis
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QImage
from sqlalchemy import select

from app import insights, sync_service
from app.workspace import Workspace
from protocol.reports import ReportParams
from protocol.sync import Change
from server import auth, feed, users
from server.database import make_sessions
from server.tables import User
from server.writes import bulk_create
from sync.credentials import TokenStore
from tests.ui.conftest import BEIJING, ME, _id, default_changes, open_workspace
from tests.ui.conftest import sample_changes as shipped_sample
from ui.formats import date_and_time
from ui.i18n import install_translators
from ui.insights_view import InsightsView
from ui.main_window import MainWindow

SHANGHAI, GUANGZHOU = _id("account", "shanghai"), _id("account", "guangzhou")
OTHER = str(uuid.uuid5(uuid.NAMESPACE_URL, "fieldbook:user:wang.fang"))
NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def _user(user_id: str, name: str, shown: str) -> Change:
    fields = {"name": name, "display_name": shown, "role": "rep"}
    return Change(entity="user", record_id=user_id, version=1, fields=fields)


def _visit(key: str, account: str, when: str, codes: list[str], user: str = ME.id) -> Change:
    answers: list[dict[str, Any]] = [{"step": "purpose", "codes": ["demo"], "note": ""}]
    answers.append({"step": "reasons", "codes": codes, "note": ""})
    fields = {
        "account_id": account,
        "process_key": "field_visit",
        "process_version": 1,
        "kind": "visit",
        "occurred_at": when,
        "user_id": user,
        "answers": answers,
    }
    return Change(entity="activity", record_id=_id("activity", key), version=1, fields=fields)


def replica_changes() -> list[Change]:
    """The shipped sample (its one visit: 11-12, price + brand, Beijing, Li Na) and these:

    | visit | account   | date  | rep       | reasons       |
    |-------|-----------|-------|-----------|---------------|
    | v1    | Beijing   | 11-02 | Li Na     | price, safety |
    | v2    | Shanghai  | 11-03 | Li Na     | price         |
    | v3    | Guangzhou | 11-10 | Wang Fang | safety, looks |
    | v4    | Beijing   | 11-20 | Li Na     | (none)        |
    | v5    | Beijing   | 10-01 | Li Na     | looks (before the period) |
    """
    return [
        *default_changes(),
        *shipped_sample(dt.date(2026, 12, 1)),
        _user(ME.id, ME.name, ME.display_name),
        _user(OTHER, "wang.fang", "Wang Fang"),
        _visit("v1", BEIJING, "2026-11-02T09:00:00+08:00", ["price", "safety"]),
        _visit("v2", SHANGHAI, "2026-11-03T10:00:00+08:00", ["price"]),
        _visit("v3", GUANGZHOU, "2026-11-10T16:00:00+08:00", ["safety", "looks"], OTHER),
        _visit("v4", BEIJING, "2026-11-20T11:00:00+08:00", []),
        _visit("v5", BEIJING, "2026-10-01T11:00:00+08:00", ["looks"]),
    ]


@pytest.fixture
def counted(tmp_path: Path) -> Iterator[Workspace]:
    workspace = open_workspace(tmp_path / "r.db", replica_changes())
    yield workspace
    workspace.close()


def _open(qtbot, workspace: Workspace) -> InsightsView:
    view = InsightsView(workspace)
    qtbot.addWidget(view)
    view.resize(1200, 820)
    with qtbot.waitExposed(view):
        view.show()
    view.refresh()
    view.process.setCurrentIndex(view.process.findData("field_visit"))
    view.question.setCurrentIndex(view.question.findData("reasons"))
    view.date_from.setDate(QDate(*NOVEMBER[0].timetuple()[:3]))
    view.date_to.setDate(QDate(*NOVEMBER[1].timetuple()[:3]))
    _settle(qtbot, view)
    return view


def _settle(qtbot, view: InsightsView) -> None:
    """Wait for the answers the view asked for in the background."""
    qtbot.waitUntil(lambda: view.pending == 0, timeout=10_000)


def _cell(view: InsightsView, row: int, column: int) -> str:
    item = view.activities.item(row, column)
    assert item is not None
    return item.text()


def _shown(view: InsightsView) -> list[tuple[str, int, float]]:
    assert view.report is not None
    return [(bar.code, bar.count, bar.share) for bar in view.report.bars]


def test_the_view_shows_the_counts_shares_and_trend_counted_by_hand(qtbot, counted) -> None:
    view = _open(qtbot, counted)

    assert view.version.currentData() == "1"
    assert _shown(view) == [
        ("price", 3, 0.75),
        ("safety", 2, 0.5),
        ("brand", 1, 0.25),
        ("looks", 1, 0.25),
    ]
    assert view.summary_label.text() == "4 activities answered this question."
    assert view.report is not None
    trend = [(p.period.isoformat(), p.code, p.count) for p in view.report.trend]
    assert trend == [
        ("2026-11-02", "price", 2),
        ("2026-11-02", "safety", 1),
        ("2026-11-09", "brand", 1),
        ("2026-11-09", "looks", 1),
        ("2026-11-09", "price", 1),
        ("2026-11-09", "safety", 1),
    ]
    # The chart ranks as counted: the top bar is the most given code, labelled with its share.
    axis = view.bar_chart.chart().axes(Qt.Orientation.Vertical)[0]
    assert isinstance(axis, QBarCategoryAxis)
    categories = axis.categories()
    assert list(reversed(categories)) == [
        "Price · 75%",
        "Safety · 50%",
        "Brand · 25%",
        "Looks · 25%",
    ]
    assert len(view.trend_chart.chart().series()) == 4

    view.rep.setCurrentIndex(view.rep.findData(OTHER))
    _settle(qtbot, view)
    assert _shown(view) == [("looks", 1, 1.0), ("safety", 1, 1.0)]
    view.rep.setCurrentIndex(0)
    view.trend_by.setCurrentIndex(view.trend_by.findData("month"))
    _settle(qtbot, view)
    assert view.report is not None
    assert {(p.period.isoformat(), p.count) for p in view.report.trend if p.code == "price"} == {
        ("2026-11-01", 3)
    }


def test_clicking_a_bar_lists_exactly_the_activities_behind_it(qtbot, counted) -> None:
    view = _open(qtbot, counted)
    opened: list[str] = []
    view.account_opened.connect(opened.append)

    qtbot.mouseClick(
        view.bar_chart.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.bar_chart.bar_position("price"),
    )
    _settle(qtbot, view)

    rows = [
        tuple(_cell(view, row, column) for column in range(3))
        for row in range(view.activities.rowCount())
    ]

    def here(recorded: str) -> str:  # in this computer's time zone, the language's way
        return date_and_time(dt.datetime.fromisoformat(recorded).astimezone(), "en")

    assert rows == [
        ("北京科技有限公司", here("2026-11-12T10:30:00+08:00"), "Li Na"),
        ("Shanghai Ocean Trading", here("2026-11-03T10:00:00+08:00"), "Li Na"),
        ("北京科技有限公司", here("2026-11-02T09:00:00+08:00"), "Li Na"),
    ]
    assert rows[0][1].startswith("Nov 12, 2026, ") or rows[0][1].startswith("Nov 11, 2026, ")
    assert view.behind_label.text() == "Activities that answered “Price”:"

    qtbot.mouseClick(
        view.bar_chart.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.bar_chart.bar_position("looks"),
    )
    _settle(qtbot, view)
    assert [_cell(view, r, 0) for r in range(view.activities.rowCount())] == ["广州华南贸易"]
    assert _cell(view, 0, 2) == "Wang Fang"
    view.activities.cellDoubleClicked.emit(0, 0)
    assert opened == [GUANGZHOU]


def test_the_chart_exports_as_png_and_its_data_as_csv(qtbot, counted, tmp_path: Path) -> None:
    view = _open(qtbot, counted)
    picture, data = tmp_path / "chart.png", tmp_path / "data.csv"

    assert view.export_png(picture)
    assert view.export_csv(data)

    image = QImage(str(picture))
    assert not image.isNull()
    ratio = view.charts.devicePixelRatioF()
    assert (image.width(), image.height()) == (
        round(view.charts.width() * ratio),
        round(view.charts.height() * ratio),
    )
    raw = data.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows == [
        ["Code", "Label", "Count", "Share", "2026-11-02", "2026-11-09"],
        ["price", "Price", "3", "0.7500", "2", "1"],
        ["safety", "Safety", "2", "0.5000", "1", "1"],
        ["brand", "Brand", "1", "0.2500", "0", "1"],
        ["looks", "Looks", "1", "0.2500", "0", "1"],
    ]


def test_the_export_buttons_ask_where_to_save(qtbot, counted, tmp_path: Path, monkeypatch) -> None:
    view = _open(qtbot, counted)
    target = tmp_path / "asked.csv"
    monkeypatch.setattr(
        "ui.insights_view.QFileDialog.getSaveFileName", lambda *_a: (str(target), "")
    )

    qtbot.mouseClick(view.export_csv_button, Qt.MouseButton.LeftButton)

    assert target.read_text(encoding="utf-8-sig").startswith("Code,Label,Count,Share")


def _process(version: int, reasons_code_set: str) -> Change:
    steps = [{"key": "reasons", "question": {"en": "Why?"}, "code_set": reasons_code_set}]
    fields = {
        "key": "field_visit",
        "version": version,
        "name": {"en": "Customer visit", "zh_CN": "客户拜访"},
        "kind": "visit",
        "steps": steps,
    }
    return Change(
        entity="process", record_id=_id("process", f"v{version}"), version=1, fields=fields
    )


def test_versions_are_compared_like_with_like(tmp_path: Path) -> None:
    same = open_workspace(
        tmp_path / "same.db", [*replica_changes(), _process(2, "purchase_reason")]
    )
    assert insights.version_choices(same, "field_visit", "reasons") == ["2", "1", "all"]
    # The latest version is the default: the v1 visits do not count for v2.
    params = ReportParams(
        process_key="field_visit", step="reasons", date_from=NOVEMBER[0], date_to=NOVEMBER[1]
    )
    assert insights.report(same, params, team=False).bars == ()
    every = insights.report(same, params.model_copy(update={"version": "all"}), team=False)
    assert [bar.count for bar in every.bars] == [3, 2, 1, 1]
    same.close()

    changed = [*replica_changes(), _process(2, "customer_interest")]
    differing = open_workspace(tmp_path / "differing.db", changed)
    assert insights.version_choices(differing, "field_visit", "reasons") == ["2", "1"]
    with pytest.raises(insights.VersionError):
        insights.report(differing, params.model_copy(update={"version": "all"}), team=False)
    differing.close()


def test_the_team_view_says_plainly_when_offline(qtbot, tmp_path: Path) -> None:
    workspace = open_workspace(tmp_path / "r.db", replica_changes())
    workspace.me = replace(ME, role="manager")
    view = _open(qtbot, workspace)
    assert view.scope.count() == 2
    assert view.scope.currentData() is False  # offline: on their own replica

    view.scope.setCurrentIndex(1)

    qtbot.waitUntil(view.problem_label.isVisible, timeout=10_000)
    assert view.problem_label.text().startswith("You are offline.")
    workspace.close()


def test_a_rep_has_no_team_scope(qtbot, counted) -> None:
    view = _open(qtbot, counted)
    assert [view.scope.itemData(i) for i in range(view.scope.count())] == [False]


@pytest.fixture
def chinese(qapp, qm_dir: Path) -> Iterator[None]:
    translators = install_translators(qapp, "zh_CN", qm_dir)
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


def test_the_insights_speak_chinese(qtbot, tmp_path: Path, chinese: None) -> None:
    workspace = open_workspace(tmp_path / "r.db", replica_changes(), language="zh_CN")
    view = _open(qtbot, workspace)

    assert view.process.currentText() == "客户拜访"
    assert view.question.currentText() == "客户最看重什么？是什么让客户做出决定？"
    assert view.summary_label.text() == "4 个活动回答了这个问题。"
    assert view.export_png_button.text() == "导出图表 (PNG)…"
    assert view.report is not None
    assert [bar.label for bar in view.report.bars][:2] == ["价格", "安全"]
    headers = [view.activities.model().headerData(i, Qt.Orientation.Horizontal) for i in range(3)]
    assert headers == ["客户", "日期", "代表"]
    workspace.close()


def _server_visits(engine, account_id: str, plan: list[tuple[str, str, list[str]]]) -> None:
    """Visits written on the server (user name, local time, reasons), after the account."""
    with feed.write_transaction(make_sessions(engine).write) as session:
        ids = {name: user_id for name, user_id in session.execute(select(User.name, User.id))}
        records = [
            _visit(f"server-{when}", account_id, when, codes, ids[name])
            for name, when, codes in plan
        ]
        bulk_create(session, [(c.entity, c.record_id, c.fields) for c in records])


def test_the_team_view_counts_on_the_server(
    qtbot, tmp_path: Path, server_engine, server_url
) -> None:
    """A manager's team insights come from the server: visits written there after the
    manager's last sync count at once, and a clicked bar lists them."""
    with feed.write_transaction(make_sessions(server_engine).write) as session:
        territories = [users.territory_record_id(key) for key in ("A", "B")]
        users.add_user(
            session,
            name="boss",
            role="manager",
            territory_ids=territories,
            password_hash=auth.hash_password("boss-pw"),
        )
        north, south = str(uuid.uuid4()), str(uuid.uuid4())
        bulk_create(
            session,
            [
                ("account", north, {"name": "北方汽车", "territory_id": territories[0]}),
                ("account", south, {"name": "Southern Motors", "territory_id": territories[1]}),
            ],
        )
    workspace = Workspace.sign_in(
        tmp_path, server_url, "boss", "boss-pw", TokenStore(), remember=False
    )
    sync_service.sync_now(workspace)
    _server_visits(
        server_engine,
        north,
        [
            ("alice", "2026-11-02T09:00:00+08:00", ["price", "safety"]),
            ("bob", "2026-11-03T09:00:00+08:00", ["price"]),
        ],
    )
    _server_visits(server_engine, south, [("carol", "2026-11-04T09:00:00+08:00", ["brand"])])
    view = _open(qtbot, workspace)
    assert view.scope.currentData() is True  # online, a manager opens on the team

    qtbot.waitUntil(lambda: view.report is not None and view.report.team, timeout=10_000)
    assert _shown(view) == [("price", 2, 2 / 3), ("brand", 1, 1 / 3), ("safety", 1, 1 / 3)]
    qtbot.mouseClick(
        view.bar_chart.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.bar_chart.bar_position("price"),
    )
    qtbot.waitUntil(lambda: view.activities.rowCount() == 2, timeout=10_000)
    assert [_cell(view, row, 2) for row in range(2)] == ["bob", "alice"]
    assert view.lines[0].account_id == north
    workspace.close()


def test_insights_come_after_conflicts_with_ctrl_5_and_open_accounts(qtbot, counted) -> None:
    window = MainWindow(counted)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    items = [window.nav_list.item(i) for i in range(window.nav_list.count())]
    names = [item.text() for item in items if item is not None]
    assert names[3:5] == ["Conflicts", "Insights"]

    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)

    assert window.pages.currentWidget() is window.insights
    assert window.insights.process.count() > 0
    _settle(qtbot, window.insights)
    bar, trend = window.insights.charts.sizes()
    assert abs(bar - trend) <= 2  # half each, however wide the first data's labels
    window.insights.account_opened.emit(SHANGHAI)
    assert window.pages.currentIndex() == window.ACCOUNTS
    assert window.detail.name_label.text() == "Shanghai Ocean Trading"
