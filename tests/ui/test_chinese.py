"""The app in Chinese: every string translated, and the translation really shows."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from local_store.models import Conflict
from tests.ui.conftest import BEIJING, default_changes, open_workspace, sample_changes
from ui import sync_text
from ui.conflicts_view import ConflictsView
from ui.designer_view import PROCESSES, DesignerView
from ui.i18n import I18N_DIR, install_translators
from ui.main_window import MainWindow
from ui.process_runner import ProcessRunnerDialog

SOURCES = sorted(I18N_DIR.glob("fieldbook_*.ts"))


@pytest.mark.parametrize("ts", SOURCES, ids=[ts.stem for ts in SOURCES])
def test_every_string_is_translated(ts: Path) -> None:
    translations = ET.parse(ts).getroot().iter("translation")
    assert not [t for t in translations if t.get("type") in ("unfinished", "obsolete", "vanished")]


@pytest.fixture
def chinese(qapp: QApplication, qm_dir: Path) -> Iterator[None]:
    translators = install_translators(qapp, "zh_CN", qm_dir)
    assert translators  # at least Fieldbook's own
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


def test_the_window_speaks_chinese(qtbot, tmp_path: Path, chinese: None) -> None:
    workspace = open_workspace(
        tmp_path / "r.db", default_changes() + sample_changes(dt.date.today()), language="zh_CN"
    )
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    assert window.sync_action.text() == "立即同步"
    assert window.accounts.model.headerData(0, Qt.Orientation.Horizontal) == "名称"
    assert window.sync_bar.status_label.text() == "0 条未同步  ·  尚未同步"

    window.detail.show_account(BEIJING)
    assert window.detail.log_visit_button.text() == "记录拜访"
    assert window.detail.facts_label.text() == "A · 重点 · 合作中"  # code labels are data

    window.detail.on_log("visit")
    dialog = window.detail.findChild(ProcessRunnerDialog)
    assert dialog is not None
    assert dialog.windowTitle() == "客户拜访 · 北京科技有限公司"
    assert dialog.step_label.text() == "第 1 步，共 3 步"
    assert dialog.question_label.text() == "本次拜访的目的是什么？"
    assert dialog.grid.buttons[0].text() == "1 初次拜访"
    dialog.reject()
    workspace.close()


def test_the_designer_explains_problems_in_chinese(qtbot, tmp_path: Path, chinese: None) -> None:
    workspace = open_workspace(
        tmp_path / "r.db", default_changes() + sample_changes(dt.date.today()), language="zh_CN"
    )
    workspace.me = dataclasses.replace(workspace.me, role="manager")
    designer = DesignerView(workspace)
    qtbot.addWidget(designer)
    designer.tabs.setCurrentIndex(PROCESSES)
    draft = designer.process_editor.draft
    assert draft is not None
    draft.steps[0].questions = {}
    designer.check()
    shown = designer.problem_list.item(0).text()
    assert shown == f"✖ 步骤“{draft.steps[0].key}”需要一个问题（任何语言均可）。"
    assert designer.publish_button.text() == "发布"
    assert designer.diagram.boxes  # the flow is drawn in Chinese too


def test_the_sentence_about_records_set_aside_speaks_chinese(chinese: None) -> None:
    assert sync_text.set_aside_text(2).startswith("服务器上有 2 条记录")


def test_the_snapshot_download_speaks_chinese(chinese: None) -> None:
    from sync.engine import Progress
    from ui import sync_text

    text = sync_text.progress_text(Progress("download", 45_000_000, 115_000_000, 20.0))
    assert text == "正在下载辖区数据：45 / 115 MB，约剩 20 秒"


def test_a_conflict_names_another_systems_key_in_chinese(
    qtbot, tmp_path: Path, chinese: None
) -> None:
    workspace = open_workspace(tmp_path / "r.db", sample_changes(dt.date.today()), "zh_CN")
    with workspace.replica.session() as session:
        session.add(
            Conflict(
                entity="account", record_id=BEIJING, field="phone", mine="010-1234 9999",
                theirs="010-1234 5678", kind="changed", server_id=1, mine_by_key="erp",
                mine_at="2026-12-05T02:30:00+00:00", theirs_by=None, created_at="",
            )
        )  # fmt: skip
    view = ConflictsView(workspace)
    qtbot.addWidget(view)
    assert view.cards[0].mine_by_label.text().startswith("系统“erp”（API 密钥） · ")
    workspace.close()
