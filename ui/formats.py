"""Dates and numbers the way the user's language writes them (Qt's locale data)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale


def locale_for(language: str) -> QLocale:
    return (
        QLocale(QLocale.Language.Chinese, QLocale.Country.China)
        if language.startswith("zh")
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    )


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def short_date(day: dt.date, language: str) -> str:
    """ "Mon, Nov 23" or "11月23日 周一"."""
    pattern = "M月d日 ddd" if language.startswith("zh") else "ddd, MMM d"
    return locale_for(language).toString(qdate(day), pattern)


def dated(day: dt.date, language: str) -> str:
    """ "Nov 23, 2026" or "2026年11月23日": for history, which spans years."""
    pattern = "yyyy年M月d日" if language.startswith("zh") else "MMM d, yyyy"
    return locale_for(language).toString(qdate(day), pattern)


def long_date(day: dt.date, language: str) -> str:
    return locale_for(language).toString(qdate(day), QLocale.FormatType.LongFormat)


def number(value: int, language: str) -> str:
    return locale_for(language).toString(value)


def date_time(moment: dt.datetime, language: str) -> str:
    """ "Nov 23, 2026 14:05" or "2026年11月23日 14:05", in this computer's time zone."""
    local = moment.astimezone()
    return f"{dated(local.date(), language)} {local:%H:%M}"
