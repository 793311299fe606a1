"""The client and the server install as extras of one distribution, each without the other's."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[3] / "pyproject.toml"
PROJECT = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
EXTRAS: dict[str, list[str]] = PROJECT["optional-dependencies"]

SERVER_ONLY = {"fastapi", "uvicorn", "starlette", "psycopg", "openpyxl", "rapidfuzz"}
CLIENT_ONLY = {"pyside6", "pyside6-essentials", "pyside6-addons", "keyring", "pypinyin"}


def names(requirements: list[str]) -> set[str]:
    """The distribution names of `requirements`, lower case, without versions or extras."""
    return {
        re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower()
        for requirement in requirements
    }


def test_the_client_extra_holds_no_server_only_package() -> None:
    client = names(PROJECT["dependencies"]) | names(EXTRAS["client"])
    assert client & SERVER_ONLY == set()
    assert {"pyside6-essentials", "pyside6-addons", "requests"} <= client


def test_the_server_extra_holds_no_qt() -> None:
    server = names(PROJECT["dependencies"]) | names(EXTRAS["server"])
    assert server & CLIENT_ONLY == set()
    assert {"fastapi", "uvicorn", "psycopg"} <= server


def test_every_package_belongs_to_the_base_or_one_side() -> None:
    base, client, server = (
        names(PROJECT["dependencies"]),
        names(EXTRAS["client"]),
        names(EXTRAS["server"]),
    )
    assert base & client == base & server == client & server == set()
