"""Translations: Fieldbook's own strings and Qt's standard ones (dialog buttons) for a language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

import resources.i18n

I18N_DIR = Path(resources.i18n.__file__).parent


def install_translators(
    app: QCoreApplication, language: str, directory: Path = I18N_DIR
) -> list[QTranslator]:
    """Install what exists for `language` ("zh_CN", "en"); returns the translators, which the
    caller keeps alive and may remove again. A missing file only means English text."""
    locale = QLocale(language)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed = []
    for name, folder in (("qtbase", qt_dir), ("fieldbook", str(directory))):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder, ".qm"):
            app.installTranslator(translator)
            installed.append(translator)
    return installed
