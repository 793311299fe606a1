"""Which region a phone number is read in: the account's country, else its territory's
default region, else the server-wide default (`fieldbook-server default-region`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol.countries import country_code, country_name
from protocol.phones import DEFAULT_REGION
from server import writes
from server.tables import ServerSetting, Territory

_DEFAULT_REGION_KEY = "default_region"


class RegionError(ValueError):
    """The region given is no country; the message says so in a sentence."""


def default_region(session: Session) -> str:
    """The server-wide default region: as set, else CN (the only region of earlier versions)."""
    value = session.get(ServerSetting, _DEFAULT_REGION_KEY)
    return value.value if value is not None else DEFAULT_REGION


def _code(text: str) -> str:
    code = country_code(text)
    if code is None:
        raise RegionError(f"{text!r} is not a country code or a country's name.")
    return code


def set_default_region(session: Session, text: str) -> str:
    """Make the country `text` names (code, English or Chinese name) the default; its code."""
    code = _code(text)
    session.merge(ServerSetting(key=_DEFAULT_REGION_KEY, value=code))
    return code


def set_territory_region(session: Session, key: str, text: str | None) -> str | None:
    """Give the territory `key` a default region (None: none), written through the feed so
    every client reads its numbers alike; in the caller's write transaction."""
    code = _code(text) if text else None
    territory = session.scalar(
        select(Territory).where(Territory.key == key, Territory.deleted.is_(False))
    )
    if territory is None:
        raise RegionError(f"No territory has the key {key}.")
    write = writes.Write("territory", territory.id, {"region": code}, territory.sync_version)
    outcome = writes.apply(session, write, principal=None)
    if outcome.status != "applied":
        raise RegionError(f"The territory {key} could not be changed ({outcome.status}).")
    return code


def describe(code: str | None) -> str:
    """A region for people: "GB (United Kingdom)", or "none"."""
    return f"{code} ({country_name(code)})" if code else "none"


@dataclass(frozen=True)
class Regions:
    """The server default and every territory's default region, read once for a whole file."""

    default: str = DEFAULT_REGION
    territories: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> Regions:
        rows = session.execute(
            select(Territory.id, Territory.region).where(Territory.region.is_not(None))
        )
        return cls(default_region(session), {tid: region for tid, region in rows if region})

    def of_territory(self, territory_id: str | None) -> str | None:
        """The territory's own default region, if it has one."""
        return self.territories.get(territory_id) if territory_id else None

    def of_account(self, country: str | None, territory_id: str | None) -> str:
        """The region an account's numbers are read in."""
        return country or self.of_territory(territory_id) or self.default
