"""Sign-in against the company directory (LDAP or Active Directory, through `ldap3`).

Configured in a TOML file (`fieldbook-server serve --directory FILE`, see docs/deploy.md): the
server's URL (LDAPS, or StartTLS on ldap://; plain ldap:// only on loopback), how to find a
person (a bind pattern, or a search with a service account), and which groups make a Fieldbook
role and which give territories. A person who binds with their password is created or updated
from their groups at every sign-in; one in no role group, or matched by the disabled filter, is
refused. Users with a Fieldbook password of their own (a local admin) sign in without the
directory, so they still can while it is down.

The conversation with the directory is `server.directory_bind`, imported only by a server that
has a directory configured (ldap3 is a noticeable part of a start otherwise).
"""

from __future__ import annotations

import ipaddress
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from protocol.entities import Role

DIRECTORY_ENV_VAR = "FIELDBOOK_DIRECTORY"


class DirectoryConfigError(ValueError):
    """The directory settings file cannot be used; the message says why."""


class DirectorySettings(BaseModel):
    """The `--directory` file. Group names are full DNs, compared without regard to case."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str
    start_tls: bool = False
    ca_file: Path | None = None
    timeout_seconds: float = Field(default=5, gt=0, le=60)
    bind_pattern: str | None = None  # "uid={user},ou=people,dc=example,dc=com"
    search_base: str | None = None
    search_filter: str = "(uid={user})"  # "(sAMAccountName={user})" on Active Directory
    service_dn: str | None = None
    service_password: str | None = None
    group_base: str
    group_filter: str = "(member={dn})"
    disabled_filter: str | None = None  # "(userAccountControl:1.2.840.113556.1.4.803:=2)"
    display_name_attribute: str = "cn"
    email_attribute: str = "mail"
    roles: dict[str, Role]
    territories: dict[str, list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_way_to_find_people(self) -> DirectorySettings:
        parts = urlsplit(self.url)
        if parts.scheme not in ("ldap", "ldaps") or not parts.hostname:
            raise ValueError("url must be ldaps://HOST or ldap://HOST")
        if parts.scheme == "ldap" and not self.start_tls and not _loopback(parts.hostname):
            raise ValueError("url must use ldaps://, or set start_tls = true for ldap://")
        if (self.bind_pattern is None) == (self.search_base is None):
            raise ValueError("give either bind_pattern or search_base (with service_dn)")
        if self.search_base is not None and not (self.service_dn and self.service_password):
            raise ValueError("search_base needs service_dn and service_password")
        return self

    @classmethod
    def load(cls, path: Path) -> DirectorySettings:
        try:
            return cls.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise DirectoryConfigError(
                f"The directory settings {path} cannot be read: {exc}"
            ) from exc
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(part) for part in problem["loc"]) or "the file"
            raise DirectoryConfigError(
                f"The directory settings {path} are not usable: {where}: {problem['msg']}."
            ) from exc


@dataclass(frozen=True)
class Person:
    """Who the directory says signed in: their role and territory keys from their groups."""

    name: str
    display_name: str
    email: str | None
    role: Role
    territory_keys: tuple[str, ...]


class DirectoryUnavailableError(Exception):
    """The directory did not answer (down, unreachable, TLS failed)."""


class NotInFieldbookError(Exception):
    """The person signed in, but no group gives them a Fieldbook role, or the directory says
    they are disabled."""


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
