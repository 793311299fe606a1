"""Phone numbers as both sides read them: one normaliser for the client's search keys and
caller lookup and for the server's matching, so a number finds the same account on both.

A number is read in a region (an ISO 3166 code): the account's country, else its territory's
default region, else the server-wide default. What is understood: `+` and `00` international
forms (and the region's own international prefix, such as 011 in the United States), national
forms with their trunk prefix, a `(0)` written after the country code (`+44 (0)20 7707 0707`),
spaces, dots, dashes, brackets and an extension (`ext. 12`, `x 12`), which never counts.

phonenumbers is imported inside the functions: its metadata is not needed until a number is
saved or looked up, and the desktop app's start would wait for it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

DEFAULT_REGION = "CN"  # the server-wide default until an admin sets another
# A typed number with fewer digits than this is a fragment: it may list accounts, but is never
# taken as the number of one (the shortest national numbers with their area code have 7).
MIN_IDENTIFYING_DIGITS = 7
# Digits at the end of a number that pick the candidates a national form is compared with.
TAIL_DIGITS = 7
_NON_DIGIT = re.compile(r"\D+")
_TRUNK_ZERO = re.compile(r"\s*\(0\)\s*")
_CHINESE_EXTENSION = re.compile(r"\s*(?:转|轉|分机|分機|内线|內線)\s*(\d+)\s*$")
_EXTENSION = re.compile(r"(?i)\s*(?:ext(?:ension)?\.?|x|#|转|轉|分机|分機|内线|內線)\s*\d+\s*$")
_CACHED = 1 << 14


def digits(text: str | None) -> str:
    """The digits of `text`, in order."""
    return _NON_DIGIT.sub("", text or "")


def parse(text: str | None, region: str, *, as_typed: bool = False) -> PhoneNumber | None:
    """The number `text` writes, read in `region`; None when it cannot be a phone number.
    `as_typed` keeps how it was written, for `is_international` (making keys needs not).

    A leading `00` is read as `+` wherever that gives a valid number (it is the international
    prefix of most of the world, and a national number never starts with it): phonenumbers
    alone reads `0055 12 3923 5555` in Brazil as a carrier code and `0044…` in the United
    States as a national number."""
    return _parse(text.strip(), region, as_typed) if text and text.strip() else None


@lru_cache(maxsize=_CACHED)
def _parse(text: str, region: str, as_typed: bool) -> PhoneNumber | None:
    import phonenumbers

    text = _CHINESE_EXTENSION.sub(r" ext. \1", text)
    if text.startswith("00"):
        plus = _parse("+" + text[2:], region, as_typed)
        if plus is not None and phonenumbers.is_valid_number(plus):
            return plus
        return _possible(text, region, as_typed) or plus
    if text.startswith("+") and _TRUNK_ZERO.search(text):
        # "+44 (0)20 …": the 0 is dialled at home only, except in Italy, where it stays
        # ("+39 (0)6 …" is +39 06 …): whichever reading is a valid number
        without = _possible(_TRUNK_ZERO.sub(" ", text), region, as_typed)
        if without is not None and phonenumbers.is_valid_number(without):
            return without
        return _possible(_TRUNK_ZERO.sub(" 0", text), region, as_typed) or without
    return _possible(text, region, as_typed)


def _possible(text: str, region: str, as_typed: bool) -> PhoneNumber | None:
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region, keep_raw_input=as_typed)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def is_international(number: PhoneNumber) -> bool:
    """Whether the number (parsed `as_typed`) was written with its country code (`+`, `00`
    or an international prefix)."""
    from phonenumbers import CountryCodeSource

    return number.country_code_source in (
        CountryCodeSource.FROM_NUMBER_WITH_PLUS_SIGN,
        CountryCodeSource.FROM_NUMBER_WITH_IDD,
    )


def number_key(text: str | None, region: str) -> str | None:
    """The number in E.164 (`+442077070707`), without an extension; None when `text` cannot
    be a phone number. Two texts are the same number when their keys are equal."""
    number = parse(text, region)
    if number is None:
        return None
    return f"+{number.country_code}{_national(number)}"


def _national(number: PhoneNumber) -> str:
    import phonenumbers

    return str(phonenumbers.national_significant_number(number))


def tail(text: str | None) -> str | None:
    """The last digits of a number, its extension left out: the same for every form of one
    number (a trunk prefix or a country code only ever comes first); None for a fragment."""
    if not text or not identifies(text):
        return None
    return digits(without_extension(text))[-TAIL_DIGITS:]


def search_keys(text: str | None, region: str) -> list[str]:
    """The digit strings a stored number can be found by: its digits as written, E.164 without
    the `+`, and the national form as dialled (the country's trunk prefix and the national
    number: `0` in China, nothing in Italy). A text that is no number keeps its digits."""
    raw = digits(text)
    keys = [raw] if raw else []
    number = parse(text, region)
    if number is None:
        return keys
    national = _national(number)
    international = f"{number.country_code}{national}"
    dialled = _trunk_prefix(number.country_code) + national
    return list(dict.fromkeys([*keys, international, dialled]))


def query_keys(text: str, region: str) -> list[str]:
    """What a typed number is looked for as among stored keys (`search_keys`): a number written
    with its country code by its E.164 digits alone (`0044 20…` and `+44 20…` alike, never the
    national digits another country may use too); any other by its digits as typed, which
    a national form, a local number without its area code or a fragment all are part of."""
    number = parse(text, region, as_typed=True)
    if number is not None and is_international(number):
        return [f"{number.country_code}{_national(number)}"]
    raw = digits(without_extension(text))
    return [raw] if raw else []


def without_extension(text: str) -> str:
    """The number of `text` without an extension written after it (`ext. 12`, `x 12`, `转 12`)."""
    return _EXTENSION.sub("", text)


def identifies(text: str) -> bool:
    """Whether a typed number is long enough to stand for one account, not a fragment."""
    return len(digits(without_extension(text))) >= MIN_IDENTIFYING_DIGITS


@lru_cache
def _trunk_prefix(country_code: int) -> str:
    """What a national call dials before the national number ("0" in China, "" in Italy)."""
    import phonenumbers

    region = phonenumbers.region_code_for_country_code(country_code)
    return phonenumbers.ndd_prefix_for_region(region, strip_non_digits=True) or ""


def same_number(typed: str | None, stored: str | None, region: str) -> bool:
    """Whether `typed` is the number `stored`, both read in `region` (the stored number's)."""
    key = number_key(typed, region)
    return key is not None and key == number_key(stored, region)
