"""What a start of `fieldbook` asks for beyond opening: a caller to look up.

Two spellings: `fieldbook lookup --phone NUMBER` (for phone systems that run a command) and a
`fieldbook://lookup?phone=NUMBER` link (for those that open a URL, and for web pages).
"""

from __future__ import annotations

import argparse
from urllib.parse import parse_qs, urlsplit

from app.errors import UserError

SCHEME = "fieldbook"


class BadRequestError(UserError):
    """A lookup request that names no phone number."""


def phone_from_url(url: str) -> str:
    """The number of a `fieldbook://lookup?phone=...` link (also `fieldbook:lookup?phone=`)."""
    parts = urlsplit(url)
    action = (parts.netloc or parts.path).strip("/")
    phones = parse_qs(parts.query).get("phone", [])
    if parts.scheme != SCHEME or action != "lookup" or not phones or not phones[0].strip():
        raise BadRequestError(f"not a Fieldbook lookup link: {url}")
    return phones[0].strip()


def split_request(argv: list[str]) -> tuple[str | None, list[str]]:
    """The caller's number asked for (None: a plain start), and the remaining arguments."""
    if argv[:1] == ["lookup"]:
        parser = argparse.ArgumentParser(
            prog="fieldbook lookup", description="show the caller's account in Fieldbook"
        )
        parser.add_argument("--phone", required=True, help="the caller's number, any format")
        known, rest = parser.parse_known_args(argv[1:])
        if not known.phone.strip():
            raise BadRequestError("the phone number is empty")
        return known.phone.strip(), rest
    links = [arg for arg in argv if arg.lower().startswith(SCHEME + ":")]
    if links:
        return phone_from_url(links[0]), [arg for arg in argv if arg != links[0]]
    return None, argv
