"""Fitting the designer into a laptop's screen (1280×800) without scrolling sideways.

The editors scroll down, never sideways: their forms put a label above its field when a row is
too narrow for both, tables share their width among their columns, lists wrap long names, and
the combo boxes inside tables elide their text instead of asking for the width of the longest
choice. `tests/ui/test_designer_fit.py` checks the result at 1280×800 in both languages.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QListView,
    QScrollArea,
    QTableWidget,
    QWidget,
)

# Characters a combo box inside a table asks room for; longer choices are elided.
COMBO_CHARACTERS = 4
# The process editor's list of steps: a handful of lines, so the chosen step's fields show below.
STEP_LIST_HEIGHT = 120
# Room a cell takes around its widget: the style's item padding (ui/style.py) and a grid line.
CELL_MARGIN = 18


def scrolled_down_only(editor: QWidget) -> QScrollArea:
    """The editor in a scroll area that scrolls down only; the editor takes its width."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(editor)
    return area


def wrapping_rows(form: QFormLayout) -> QFormLayout:
    """A form whose labels go above their fields when a row is too narrow for both."""
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def wrapped_list(view: QListView) -> QListView:
    """A list whose long entries wrap onto a second line instead of scrolling sideways."""
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    return view


def shared_columns(table: QTableWidget, fitted: tuple[int, ...] = ()) -> QTableWidget:
    """A table whose columns share its width, so it never scrolls sideways, and whose height
    follows its rows; the `fitted` columns (short choices, numbers) take the width of their
    contents, the others the rest."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    probe = compact_combo(None)
    probe.ensurePolished()  # styled as it will be shown
    cell = probe.minimumSizeHint().width() + CELL_MARGIN
    for column in fitted:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(column, max(cell, header.sectionSizeHint(column)))
    header.setMinimumSectionSize(40)
    header.setTextElideMode(Qt.TextElideMode.ElideRight)  # a narrow column's title ends in …
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
    return table


def compact_combo(parent: QWidget | None) -> QComboBox:
    """A combo box for a table cell: it elides its choice to the cell's width."""
    box = QComboBox(parent)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(COMBO_CHARACTERS)
    return box
