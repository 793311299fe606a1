"""Text per language: a name, a code's label, a question, written in any languages a manager
chose, and the one rule that picks the text to show for a language.

A label is a mapping from locale ("en", "zh_CN", "zh_TW") to text. Nothing needs a text in
every language: a reader whose language has none is shown another one (`choose` says which
and whether it fell back), and the designer marks what is not yet translated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator

Labels = dict[str, str]

# The language texts fall back to when the reader's language has none, before any other: the
# language the program itself is written in.
DEFAULT_LOCALE = "en"
LOCALE_PATTERN = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]{2,8})?$")
MAX_LABEL = 200

# Where documents and records written before labels per language kept their two texts:
# `<stem>_en` and `<stem>_zh`, now the locales "en" and "zh_CN".
LEGACY_SUFFIXES = (("en", "en"), ("zh", "zh_CN"))


@dataclass(frozen=True)
class Chosen:
    """The text shown for a language: `locale` is the one it was written in ("" when the
    label has no text at all); `fell_back` when that is not the locale asked for."""

    text: str
    locale: str
    fell_back: bool


def normal_locale(locale: str) -> str:
    """ "zh-cn", "zh_CN", "zh_CN.UTF-8" are all "zh_CN"."""
    base = locale.split(".")[0].replace("-", "_")
    language, _, region = base.partition("_")
    return f"{language.lower()}_{region.upper()}" if region else language.lower()


def language_of(locale: str) -> str:
    """The language a locale is of: "zh" for "zh_TW"."""
    return normal_locale(locale).partition("_")[0]


def written(labels: Mapping[str, str]) -> Labels:
    """The texts that say something, trimmed, in the mapping's order."""
    return {locale: text.strip() for locale, text in labels.items() if text.strip()}


def choose(labels: Mapping[str, str], locale: str, default: str = DEFAULT_LOCALE) -> Chosen:
    """The text for `locale`: its own; else one of the same language (zh_TW reads zh_CN);
    else the `default` locale's (or its language's); else the first written."""
    texts = written(labels)
    wanted, fallback = normal_locale(locale), normal_locale(default)
    if wanted in texts:
        return Chosen(texts[wanted], wanted, False)
    order = [
        *(c for c in texts if language_of(c) == language_of(wanted)),
        *([fallback] if fallback in texts else []),
        *(c for c in texts if language_of(c) == language_of(fallback)),
        *texts,
    ]
    if order:
        return Chosen(texts[order[0]], order[0], True)
    return Chosen("", "", True)


def text(labels: Mapping[str, str], locale: str, otherwise: str = "") -> str:
    """The text `choose` picks, or `otherwise` when the label has none."""
    return choose(labels, locale).text or otherwise


def from_legacy(fields: Mapping[str, Any], stem: str) -> Labels:
    """The label a record or document written before labels per language held as
    `<stem>_en` and `<stem>_zh`."""
    found = {
        locale: fields.get(f"{stem}_{suffix}")
        for suffix, locale in LEGACY_SUFFIXES
        if isinstance(fields.get(f"{stem}_{suffix}"), str)
    }
    return written({locale: value for locale, value in found.items() if value is not None})


def _check_label(labels: Labels) -> Labels:
    for locale, value in labels.items():
        if not LOCALE_PATTERN.match(locale):
            raise ValueError(f"“{locale}” is not a locale such as en or zh_CN")
        if len(value) > MAX_LABEL:
            raise ValueError(f"the text in {locale} is longer than {MAX_LABEL} characters")
    return labels


def _check_named(labels: Labels) -> Labels:
    if not written(labels):
        raise ValueError("needs a text in at least one language")
    return labels


# A label as documents hold it (may be empty), and a record's name (a text in one language
# at least).
Label = Annotated[Labels, AfterValidator(_check_label)]
Name = Annotated[Labels, AfterValidator(_check_label), AfterValidator(_check_named)]
