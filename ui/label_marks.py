"""How a text that is not written in the user's language is shown: in the language it is
written in (`protocol.labels.choose`), with a small mark and a tooltip that says so."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from app import languages
from protocol.labels import Chosen, choose, normal_locale


def language_name(locale: str) -> str:
    """A language's own name for itself ("中文（简体）"); the locale when it is not offered."""
    return dict(languages.UI_LANGUAGES).get(normal_locale(locale), locale)


def untranslated_tip(chosen: Chosen, language: str) -> str:
    """The tooltip of a text shown in another language than `language`; "" when it is not."""
    if not chosen.fell_back:
        return ""
    if not chosen.locale:
        return QCoreApplication.translate("LabelMarks", "Not written in any language yet.")
    return (
        QCoreApplication.translate(
            "LabelMarks", "Not translated into %1 yet: shown as written in %2."
        )
        .replace("%1", language_name(language))
        .replace("%2", language_name(chosen.locale))
    )


def untranslated_mark() -> QIcon:
    """The small mark beside an untranslated text."""
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)


def shown_label(labels: Mapping[str, str], language: str, otherwise: str) -> tuple[str, str]:
    """The text to show for `language` (`otherwise` when there is none) and its tooltip
    ("" unless it is untranslated)."""
    chosen = choose(labels, language)
    return chosen.text or otherwise, untranslated_tip(chosen, language)
