"""The languages the user interface speaks: a locale and the language's own name for it.

Adding one takes its translations (`resources/i18n/fieldbook_<locale>.ts`, compiled to `.qm`)
and a line here; labels written in it are then shown to its users (`protocol.labels.choose`).
"""

from __future__ import annotations

from protocol.labels import DEFAULT_LOCALE, choose

UI_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en", "English"),
    ("zh_CN", "中文（简体）"),
)


def locales() -> tuple[str, ...]:
    return tuple(locale for locale, _name in UI_LANGUAGES)


def ui_language(locale: str) -> str:
    """The interface language for a system locale: its own, else one of the same language
    ("zh_TW" → "zh_CN" while there is no zh_TW), else English."""
    offered = {code: code for code in locales()}
    return choose(offered, locale or DEFAULT_LOCALE).text or DEFAULT_LOCALE
