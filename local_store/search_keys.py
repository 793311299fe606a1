"""Derived search keys: what a user may type to find a name or a phone number.

Chinese names are found by their characters, full pinyin ("beijingkeji") and pinyin initials
("bjkj"); phone numbers in any format by their digits, in international (E.164) and national form
(`protocol.phones`, the normaliser the server matches with, read in the record's region).
"""

from __future__ import annotations

import re
from functools import lru_cache

from protocol import phones
from protocol.phones import DEFAULT_REGION

# The version of the rules below. A replica file made elsewhere (a territory snapshot) carries
# the keys of the rules it was made with; raise this whenever a change gives any text other keys,
# so no client installs a file whose keys its own searches would not find.
SEARCH_KEYS_VERSION = 1

_NON_DIGIT = re.compile(r"\D+")
_HAN = re.compile("[\u4e00-\u9fff]")  # the CJK ideographs pypinyin converts
_PHONE_QUERY = re.compile(r"^[\d\s()+\-./]+$")
# Distinct words and texts remembered: a territory's names share most of their words (有限公司,
# 北京, 商贸) and person and city names repeat, so a bulk sync converts each only once.
_CACHED_WORDS = 1 << 16
_CACHED_TEXTS = 1 << 14


def pinyin_keys(text: str) -> list[str]:
    """Lower-cased text, its full pinyin and its initials (the latter two only for Chinese)."""
    lowered = text.lower()
    keys = [lowered]
    if _HAN.search(text):
        syllables, initials = _pinyin(text)
        keys.append("".join(syllables).lower().replace(" ", ""))
        keys.append("".join(initials).lower().replace(" ", ""))
    return keys


def sort_key(text: str) -> str:
    """A key that sorts Chinese names by pinyin among Latin ones (北京 under b)."""
    return " ".join(_pinyin(text)[0]).lower()


@lru_cache(maxsize=_CACHED_TEXTS)
def _pinyin(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`lazy_pinyin(text)` and its FIRST_LETTER style, word by word as pypinyin segments the
    text (Chinese runs cut into dictionary words, other runs whole), each word converted once.

    pypinyin is imported here, not at the top: loading its phrase dictionary takes a quarter of
    a second, which the app's start would wait for although it converts nothing until it saves
    or syncs."""
    from pypinyin.seg.simpleseg import seg

    syllables: list[str] = []
    initials: list[str] = []
    for word in seg(text):
        word_syllables, word_initials = _word_pinyin(word)
        syllables.extend(word_syllables)
        initials.extend(word_initials)
    return tuple(syllables), tuple(initials)


@lru_cache(maxsize=_CACHED_WORDS)
def _word_pinyin(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(word)), tuple(lazy_pinyin(word, style=Style.FIRST_LETTER))


def phone_keys(phone: str | None, region: str = DEFAULT_REGION) -> list[str]:
    """The digit strings a number can be typed as (`protocol.phones.search_keys`)."""
    return phones.search_keys(phone, region)


def search_text(
    *parts: str | None, phones: tuple[str | None, ...] = (), region: str = DEFAULT_REGION
) -> str:
    """One text to match queries against: every pinyin key of every part and every phone key
    (numbers read in `region`)."""
    keys: list[str] = []
    for part in parts:
        if part:
            keys.extend(pinyin_keys(part))
    for phone in phones:
        keys.extend(phone_keys(phone, region))
    return "\n".join(dict.fromkeys(keys))


def query_patterns(query: str, region: str = DEFAULT_REGION) -> list[str]:
    """What to look for in search_text for a typed query: digits for a phone-like query (a
    number with its country code by its E.164 digits, see `protocol.phones.query_keys`),
    else the lower-cased text with and without spaces."""
    query = query.strip()
    if not query:
        return []
    if _PHONE_QUERY.match(phones.without_extension(query)):
        digits = _NON_DIGIT.sub("", query)
        if len(digits) >= 3:
            return phones.query_keys(query, region)
    lowered = query.lower()
    return list(dict.fromkeys([lowered, lowered.replace(" ", "")]))
