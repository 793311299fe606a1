"""Keys made from the first name a manager gives: "Visit: why did they buy?" is
`visit_why_did_they_buy`, "客户拜访" is `ke_hu_bai_fang`.

A key names a code set, process, step or code in activities, reports and rules, so once
published it never changes; managers never have to type one. No Qt here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

MAX_KEY = 64
_HAN = re.compile("[\u3400-\u9fff]")
_NOT_KEY = re.compile(r"[^a-z0-9]+")


def _romanised(name: str) -> str:
    """Chinese characters as pinyin syllables, the rest as it is."""
    if not _HAN.search(name):
        return name
    from pypinyin import lazy_pinyin  # its dictionary loads slowly: only for Chinese names

    return " ".join(lazy_pinyin(name))


def key_from_name(name: str, taken: Collection[str] = (), fallback: str = "item") -> str:
    """A key for `name`: small ASCII letters, digits and _, starting with a letter, and not
    one of `taken` (a number is added: `price_2`). `fallback` stands in for a name with no
    letters or digits in it."""
    folded = unicodedata.normalize("NFKD", _romanised(name))
    ascii_only = folded.encode("ascii", "ignore").decode().lower()
    base = _NOT_KEY.sub("_", ascii_only).strip("_") or fallback
    if not base[0].isalpha():
        base = f"{fallback}_{base}"
    base = base[: MAX_KEY - 4].rstrip("_")
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}_{number}"
    return key
