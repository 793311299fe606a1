"""Dates and numbers the way the user's language writes them (Qt's locale data).

Always the UI language's, never the machine's: on a machine with the C locale Qt's own date
widgets wrote "6 12 2026" in both languages until they were given the UI language here."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, QTime
from PySide6.QtWidgets import QCalendarWidget, QDateEdit


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


def _dated_pattern(language: str) -> str:
    return "yyyy年M月d日" if language.startswith("zh") else "MMM d, yyyy"


def dated(day: dt.date, language: str) -> str:
    """ "Nov 23, 2026" or "2026年11月23日": for history, which spans years."""
    return locale_for(language).toString(qdate(day), _dated_pattern(language))


def clock_time(moment: dt.time, language: str) -> str:
    """ "10:30 AM" or "10:30"."""
    locale = locale_for(language)
    return locale.toString(QTime(moment.hour, moment.minute), QLocale.FormatType.ShortFormat)


def date_and_time(moment: dt.datetime, language: str) -> str:
    """ "Nov 23, 2026, 10:30 AM" or "2026年11月23日 10:30"."""
    sep = " " if language.startswith("zh") else ", "
    return f"{dated(moment.date(), language)}{sep}{clock_time(moment.time(), language)}"


def recorded_time(occurred_at: str, language: str) -> str:
    """A recorded moment (ISO 8601 with its offset) in this computer's time, written the
    language's way; the text as it came when it is not a moment."""
    try:
        moment = dt.datetime.fromisoformat(occurred_at).astimezone()
    except ValueError:
        return occurred_at
    return date_and_time(moment, language)


def speak_language(widget: QDateEdit | QCalendarWidget, language: str) -> None:
    """Qt's date widgets in the UI language: month and day names, and a date edit's text
    written as `dated` writes it."""
    locale = locale_for(language)
    widget.setLocale(locale)
    if isinstance(widget, QDateEdit):
        widget.setDisplayFormat(_dated_pattern(language))
        calendar = widget.calendarWidget() if widget.calendarPopup() else None
        if calendar is not None:
            calendar.setLocale(locale)


def long_date(day: dt.date, language: str) -> str:
    return locale_for(language).toString(qdate(day), QLocale.FormatType.LongFormat)


def number(value: int, language: str) -> str:
    return locale_for(language).toString(value)


def date_time(moment: dt.datetime, language: str) -> str:
    """ "Nov 23, 2026 14:05" or "2026年11月23日 14:05", in this computer's time zone."""
    local = moment.astimezone()
    return f"{dated(local.date(), language)} {local:%H:%M}"
