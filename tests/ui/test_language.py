"""Two languages: switched in the settings without a restart, dates written the language's way,
and Chinese text really renderable with the app's font."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from app.workspace import Workspace
from ui.formats import long_date, short_date
from ui.launch import GuiSession
from ui.style import apply_style

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
