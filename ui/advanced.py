"""The "Advanced" section of an editor: folded until ticked. Keys live there: they are made
from names and matter only to whoever reads exports or writes rules by hand."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QGroupBox, QVBoxLayout, QWidget


def advanced_section(parent: QWidget, rows: list[tuple[str, QWidget]]) -> QGroupBox:
    group = QGroupBox(QCoreApplication.translate("Advanced", "Advanced"), parent)
    group.setCheckable(True)
    group.setChecked(False)
    inner = QWidget(group)
    form = QFormLayout(inner)
    form.setContentsMargins(0, 0, 0, 0)
    for label, widget in rows:
        form.addRow(label, widget)
    QVBoxLayout(group).addWidget(inner)
    inner.setVisible(False)
    group.toggled.connect(inner.setVisible)
    return group
