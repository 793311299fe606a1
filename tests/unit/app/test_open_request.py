"""Lookup requests from the command line and from fieldbook: links."""

import pytest

from app.open_request import BadRequestError, phone_from_url, split_request


def test_the_lookup_command() -> None:
    assert split_request(["lookup", "--phone", "+86 10 1234 5678"]) == ("+86 10 1234 5678", [])
    assert split_request(["lookup", "--phone", "010-12345678", "--language", "en"]) == (
        "010-12345678",
        ["--language", "en"],
    )


def test_a_link_among_the_arguments() -> None:
    phone, rest = split_request(["--demo", "fieldbook://lookup?phone=%2B86%2010%201234%205678"])
    assert (phone, rest) == ("+86 10 1234 5678", ["--demo"])
    assert phone_from_url("fieldbook:lookup?phone=01012345678") == "01012345678"


def test_a_plain_start_asks_for_nothing() -> None:
    assert split_request(["--demo"]) == (None, ["--demo"])


@pytest.mark.parametrize(
    "url", ["fieldbook://open?phone=1", "fieldbook://lookup", "fieldbook://lookup?phone=%20"]
)
def test_links_that_name_no_number_are_refused(url: str) -> None:
    with pytest.raises(BadRequestError):
        phone_from_url(url)
