"""The account list's overdue mark: "⚠ Overdue" in small type and the warning colour under the
name, in the name's cell. Its own mark and word in the row, without a column of its own (one
more column, or the mark beside the name, squeezed the names to a few letters)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.style import WARNING

OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2  # the words of the mark, "" when not overdue
_INDENT = 10  # the style sheet's item padding, so the mark starts under the name
_MARK_PIXELS = 11  # the mark's type, as the small labels of the page


class OverdueMarkDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        mark = str(index.data(OVERDUE_ROLE) or "")
        if not mark:
            super().paint(painter, option, index)
            return
        rect = option.rect
        font = option.font
        small = QFont(font)
        small.setPixelSize(_MARK_PIXELS)
        mark_height = QFontMetrics(small).height()
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is None:
            super().paint(painter, option, index)
            return
        whole = QStyleOptionViewItem(option)
        self.initStyleOption(whole, index)
        whole.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, whole, painter, widget)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        name_rect = rect.adjusted(_INDENT, 3, -_INDENT, -mark_height - 3)
        metrics = QFontMetrics(font)
        painter.save()
        painter.setFont(font)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        painter.drawText(
            name_rect,
            Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, name_rect.width()),
        )
        painter.setFont(small)
        painter.setPen(WARNING)
        painter.drawText(
            rect.adjusted(_INDENT, rect.height() - mark_height - 3, -_INDENT, -3),
            Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
            mark,
        )
        painter.restore()
