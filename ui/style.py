"""The look: one calm palette and one style sheet for the whole application.

Widgets say what they are with an object name or a `kind` property ("title", "muted", "primary",
"code"); the colours and sizes live here only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtWidgets import QApplication, QLabel, QWidget

ACCENT = QColor("#2f6fb3")
ACCENT_SOFT = QColor("#e8f0fa")
INK = QColor("#1f2933")
MUTED = QColor("#6b7785")
LINE = QColor("#dde2e8")
WARNING = QColor("#b5462f")

STYLE_SHEET = f"""
QWidget {{
    color: {INK.name()};
    font-size: 14px;
}}
QMainWindow, QDialog {{
    background: #f6f7f9;
}}
QWidget#nav {{
    background: #eceff3;
    border-right: 1px solid {LINE.name()};
}}
QLabel#brand {{
    font-size: 19px;
    font-weight: 600;
    color: {ACCENT.name()};
    padding: 4px 6px 10px 6px;
}}
QListWidget#navList {{
    background: transparent;
    border: none;
    outline: none;
}}
QListWidget#navList::item {{
    padding: 9px 10px;
    border-radius: 6px;
    margin: 1px 0;
}}
QListWidget#navList::item:selected {{
    background: #ffffff;
    color: {ACCENT.name()};
    font-weight: 600;
}}
QLineEdit {{
    background: #ffffff;
    border: 1px solid {LINE.name()};
    border-radius: 8px;
    padding: 7px 10px;
    selection-background-color: {ACCENT.name()};
}}
QLineEdit:focus {{
    border: 1px solid {ACCENT.name()};
}}
QTableView {{
    background: #ffffff;
    border: 1px solid {LINE.name()};
    border-radius: 8px;
    gridline-color: transparent;
    selection-background-color: {ACCENT_SOFT.name()};
    selection-color: {INK.name()};
    alternate-background-color: #fafbfc;
    outline: none;
}}
QTableView::item {{
    padding: 0 8px;
    border-bottom: 1px solid #f0f2f5;
}}
QFrame#undoBar {{
    background: {ACCENT_SOFT.name()};
    border-radius: 8px;
}}
QCalendarWidget QTableView::item {{
    padding: 0;
    border: none;
}}
QCalendarWidget QTableView {{
    border-radius: 0;
}}
QHeaderView::section {{
    background: #ffffff;
    color: {MUTED.name()};
    border: none;
    border-bottom: 1px solid {LINE.name()};
    padding: 7px 8px;
    font-size: 12px;
    font-weight: 600;
}}
QStackedWidget#detail, QWidget#detailBody {{
    background: #ffffff;
}}
QScrollArea {{
    background: transparent;
    border: none;
}}
QScrollBar:vertical {{
    background: transparent;
    width: 10px;
    margin: 2px;
}}
QScrollBar::handle:vertical {{
    background: #c9d0d8;
    border-radius: 3px;
    min-height: 32px;
}}
QScrollBar::handle:vertical:hover {{
    background: #aab4bf;
}}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{
    height: 0;
}}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{
    background: transparent;
}}
QLabel[kind="title"] {{
    font-size: 21px;
    font-weight: 600;
}}
QLabel[kind="question"] {{
    font-size: 23px;
    font-weight: 600;
    padding: 6px 0 2px 0;
}}
QLabel[kind="strong"] {{
    font-weight: 600;
}}
QLabel[kind="muted"] {{
    color: {MUTED.name()};
}}
QLabel[kind="section"] {{
    color: {MUTED.name()};
    font-size: 12px;
    font-weight: 600;
    padding-top: 16px;
    padding-bottom: 3px;
    border-bottom: 1px solid {LINE.name()};
}}
QLabel[kind="overdue"] {{
    color: #ffffff;
    background: {WARNING.name()};
    border-radius: 4px;
    padding: 1px 6px;
    font-size: 12px;
    font-weight: 600;
}}
QLabel[kind="chip"] {{
    background: #e4e9ef;
    color: #4b5866;
    border-radius: 4px;
    padding: 1px 6px;
    font-size: 12px;
}}
QPushButton {{
    background: #ffffff;
    border: 1px solid #cdd4dc;
    border-radius: 7px;
    padding: 7px 16px;
    min-height: 20px;
}}
QPushButton:hover {{
    border-color: {ACCENT.name()};
}}
QPushButton:pressed {{
    background: {ACCENT_SOFT.name()};
}}
QPushButton:disabled {{
    color: #a9b2bc;
    background: #f2f4f6;
    border-color: #e3e7eb;
}}
QPushButton[kind="primary"] {{
    background: {ACCENT.name()};
    border-color: {ACCENT.name()};
    color: #ffffff;
    font-weight: 600;
}}
QPushButton[kind="primary"]:hover {{
    background: #285f9a;
}}
QPushButton[kind="primary"]:disabled {{
    background: #b9c9dc;
    border-color: #b9c9dc;
    color: #f4f7fb;
}}
QPushButton[kind="code"] {{
    min-height: 56px;
    font-size: 16px;
    text-align: left;
    padding: 0 16px 0 24px;
    border-radius: 10px;
}}
QPushButton[kind="code"]:checked {{
    background: {ACCENT_SOFT.name()};
    border: 2px solid {ACCENT.name()};
    font-weight: 600;
}}
QPushButton[kind="small"], QPushButton[kind="choice"] {{
    padding: 4px 10px;
    border-radius: 6px;
}}
QPushButton[kind="choice"]:checked {{
    background: {ACCENT_SOFT.name()};
    border: 2px solid {ACCENT.name()};
    font-weight: 600;
}}
QFrame#todayRow {{
    background: #ffffff;
    border: 1px solid {LINE.name()};
    border-radius: 8px;
}}
QFrame#todayRow:focus {{
    border: 2px solid {ACCENT.name()};
}}
QLabel[kind="banner"] {{
    background: #fff4e5;
    color: #7a4a12;
    border-bottom: 1px solid #f0d9b5;
    padding: 8px 24px;
}}
QStatusBar {{
    background: #eceff3;
    border-top: 1px solid {LINE.name()};
}}
QStatusBar QLabel {{
    padding: 0 6px;
}}
QLabel[kind="problem"] {{
    color: {WARNING.name()};
}}
QToolButton#syncButton {{
    background: #ffffff;
    border: 1px solid #cdd4dc;
    border-radius: 6px;
    padding: 4px 14px;
    margin: 3px 4px;
}}
QToolButton#syncButton:hover {{
    border-color: {ACCENT.name()};
}}
QToolButton#syncButton:disabled {{
    color: #a9b2bc;
}}
QLabel#conflicts {{
    color: {WARNING.name()};
    font-weight: 600;
}}
QSplitter::handle {{
    background: {LINE.name()};
}}
"""


# Fonts that write Chinese and Latin alike, best first (Linux, Windows, macOS).
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC")


def ui_font_family() -> str | None:
    """A font with Simplified Chinese, so CJK text never falls back to empty boxes."""
    available = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    preferred = [name for name in CJK_FONTS if name in available] + available
    return preferred[0] if preferred else None


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    family = ui_font_family()
    if family is not None:
        font = app.font()
        font.setFamily(family)
        app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)


def styled_label(text: str, kind: str, parent: QWidget | None = None) -> QLabel:
    """A label that takes its look from the style sheet's `kind`."""
    label = QLabel(text, parent)
    label.setProperty("kind", kind)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setIndent(0)
    return label
