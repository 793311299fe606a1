"""Two languages: switched in the settings without a restart, dates written the language's way,
and Chinese text really renderable with the app's font."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from app.workspace import Workspace
from tests.ui.conftest import BEIJING
from ui.formats import date_and_time, long_date, short_date
from ui.launch import GuiSession
from ui.style import apply_style
from ui.task_form import TaskFormDialog
from ui.today_view import DatePickerDialog

CJK_SAMPLE = "北京科技有限公司 客户拜访 立即同步 冲突 今天 张伟 广州华南贸易"


def test_the_language_switches_without_a_restart(
    qtbot, session: GuiSession, workspace: Workspace
) -> None:
    window = session.open_window(workspace)
    qtbot.addWidget(window)
    window.show_section(window.CALL_DESK)
    assert window.sync_action.text() == "Sync now"
    assert window.nav_list.item(0).text() == "Today"

    session.switch_language("zh_CN")
    chinese = session.window
    assert chinese is not None and chinese is not window
    qtbot.addWidget(chinese)
    assert chinese.sync_action.text() == "立即同步"
    assert chinese.nav_list.item(0).text() == "今天"
    assert chinese.pages.currentIndex() == chinese.CALL_DESK  # where the user was
    chinese.call_desk.look_up("010-12345678")
    assert chinese.call_desk.detail.facts_label.text() == "A · 重点 · 合作中"  # code labels too

    session.switch_language("en")
    assert session.window is not None
    qtbot.addWidget(session.window)
    assert session.window.sync_action.text() == "Sync now"


def test_dates_follow_the_language() -> None:
    day = dt.date(2026, 11, 23)
    assert short_date(day, "en") == "Mon, Nov 23"
    assert short_date(day, "zh_CN") == "11月23日 周一"
    assert long_date(day, "zh_CN").startswith("2026年11月23日")


def test_chinese_renders_with_the_apps_font(qapp: QApplication) -> None:
    apply_style(qapp)
    metrics = QFontMetrics(qapp.font())
    # inFontUcs4: PySide's inFont(str) wrongly answers False for some characters (科, 立).
    missing = [c for c in CJK_SAMPLE if not c.isspace() and not metrics.inFontUcs4(ord(c))]
    assert not missing, f"{qapp.font().family()} cannot draw {''.join(missing)}"


@pytest.mark.parametrize(
    ("language", "due", "visited"),
    [
        ("en", "Dec 7, 2026", "Nov 12, 2026, 2:30\u202fPM"),
        ("zh_CN", "2026年12月7日", "2026年11月12日 14:30"),
    ],
)
def test_dates_and_times_follow_the_ui_language_not_the_machines(
    qtbot, workspace: Workspace, language: str, due: str, visited: str
) -> None:
    assert date_and_time(dt.datetime(2026, 11, 12, 14, 30), language) == visited
    workspace.language = language
    task = TaskFormDialog(workspace, BEIJING)
    qtbot.addWidget(task)
    task.due.set_date(dt.date(2026, 12, 7))
    assert task.due.edit.text() == due  # was "7 12 2026" in both under the C locale
    picker = DatePickerDialog(language)
    qtbot.addWidget(picker)
    assert picker.calendar.locale().name() == ("zh_CN" if language == "zh_CN" else "en_US")
