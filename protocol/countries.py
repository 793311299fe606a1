"""Countries: ISO 3166 alpha-2 codes and their names in English and Chinese.

The names come from phonenumbers (a base dependency), whose geocoding data names every
country and region in both languages; a few more spellings people write in files (UK, USA,
中国香港, 英國) are added below. Both sides read a country the same way: an account stores the
code, an import or a form takes the code or a name.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Iterator, Set
from functools import cache
from pathlib import Path

# Spellings phonenumbers' names leave out, as people write them in customer files.
_MORE_NAMES: dict[str, tuple[str, ...]] = {
    "AE": ("UAE", "阿联酋"),
    "CI": ("Ivory Coast",),
    "CN": ("PRC", "People's Republic of China", "Mainland China", "中华人民共和国", "中国大陆"),
    "CZ": ("Czechia", "捷克"),
    "DE": ("德國",),
    "FR": ("法國",),
    "GB": ("UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales", "英國"),
    "HK": ("Hong Kong SAR", "中国香港", "香港特别行政区"),
    "KR": ("Korea", "Republic of Korea", "韓國", "南韩"),
    "MK": ("North Macedonia", "北马其顿"),
    "MO": ("Macau", "澳门", "中国澳门"),
    "NL": ("Holland", "The Netherlands", "荷蘭"),
    "RU": ("Russian Federation", "俄罗斯联邦"),
    "SZ": ("Eswatini",),
    "TR": ("Türkiye",),
    "TW": ("台湾", "中国台湾", "臺灣"),
    "US": ("USA", "U.S.A.", "U.S.", "United States of America", "America", "美國", "美利坚合众国"),
    "VN": ("Viet Nam",),
}
_NOT_LETTER = re.compile(r"[\W_]+")


@cache
def _locale_data() -> dict[str, dict[str, str]]:
    """phonenumbers' names of regions, read when first needed: loading phonenumbers costs a
    start of the app time it does not need until a country or a number is read.

    Only its file `geodata/locale.py` is run: importing it by name runs the `geodata` package
    first, which loads 40 MB of place names per number prefix that nothing here reads (one to
    three seconds of the first account shown, a screen-pop's caller, and their memory). A
    frozen bundle, whose modules are in its archive rather than files, imports it by name."""
    path = _locale_file()
    if path is None:
        from phonenumbers.geodata.locale import LOCALE_DATA

        return LOCALE_DATA
    spec = importlib.util.spec_from_file_location("phonenumbers.geodata.locale", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    names: dict[str, dict[str, str]] = module.LOCALE_DATA
    return names


def _locale_file() -> Path | None:
    """phonenumbers' `geodata/locale.py`, where it is a file."""
    package = importlib.util.find_spec("phonenumbers")
    folders = package.submodule_search_locations if package is not None else None
    path = Path(folders[0]) / "geodata" / "locale.py" if folders else None
    return path if path is not None and path.is_file() else None


def _locale_name(code: str, language: str) -> str | None:
    """phonenumbers' name of a region in `language` ("*xx" entries point at another one)."""
    names = _locale_data().get(code, {})
    name = names.get(language)
    for _hop in range(3):  # a reference may point at another reference, or at itself
        if not name or not name.startswith("*"):
            break
        name = names.get(name[1:])
    return name if name and not name.startswith("*") else None


@cache
def country_codes() -> frozenset[str]:
    """Every country code an account may hold."""
    return frozenset(
        code
        for code in _locale_data()
        if len(code) == 2 and code.isalpha() and _locale_name(code, "en")
    )


class CountryCodes(Set[str]):
    """`country_codes()` as a set read when first asked, so that the field schema can name
    the choices without loading phonenumbers at import."""

    def __contains__(self, code: object) -> bool:
        return code in country_codes()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(country_codes()))

    def __len__(self) -> int:
        return len(country_codes())


def country_name(code: str, language: str = "en") -> str:
    """The country's name in `language` ("en", "zh"…), else in English, else the code."""
    return _locale_name(code, language.split("_")[0]) or _locale_name(code, "en") or code


def _folded(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name).casefold()
    return _NOT_LETTER.sub("", folded.removeprefix("the "))


@cache
def _by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for code in sorted(country_codes()):
        for name in (_locale_name(code, "en"), _locale_name(code, "zh")):
            if name:
                names.setdefault(_folded(name), code)
    for code, more in _MORE_NAMES.items():
        for name in more:
            names[_folded(name)] = code
    return names


def country_code(text: str | None) -> str | None:
    """The code of a country written as its code (any case) or its English or Chinese name;
    None when `text` names no country."""
    if not text or not text.strip():
        return None
    stripped = text.strip()
    if len(stripped) == 2 and stripped.upper() in country_codes():
        return stripped.upper()
    return _by_name().get(_folded(stripped))
