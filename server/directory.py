"""Sign-in against the company directory (LDAP or Active Directory, through `ldap3`).

Configured in a TOML file (`fieldbook-server serve --directory FILE`, see docs/deploy.md): the
server's URL (LDAPS, or StartTLS on ldap://; plain ldap:// only on loopback), how to find a
person (a bind pattern, or a search with a service account), and which groups make a Fieldbook
role and which give territories. A person who binds with their password is created or updated
from their groups at every sign-in; one in no role group, or matched by the disabled filter, is
refused. Users with a Fieldbook password of their own (a local admin) sign in without the
directory, so they still can while it is down.
"""

from __future__ import annotations

import ipaddress
import logging
import ssl
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ldap3 import BASE, SUBTREE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from protocol.entities import Role

log = logging.getLogger(__name__)
DIRECTORY_ENV_VAR = "FIELDBOOK_DIRECTORY"
_RANK = {"rep": 0, "agent": 0, "manager": 1, "admin": 2}


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


def authenticate(settings: DirectorySettings, username: str, password: str) -> Person | None:
    """The person `username` if `password` is theirs in the directory, else None.

    Raises DirectoryUnavailableError when the directory cannot be asked, NotInFieldbookError
    when the person may not use Fieldbook.
    """
    if not password:
        return None  # an empty password is an anonymous bind in LDAP: never a sign-in
    try:
        server = _server(settings)
        dn = _person_dn(settings, server, username)
        if dn is None:
            return None
        connection = _connection(settings, server, dn, password)
        try:
            return _person(settings, connection, dn, username) if connection.bound else None
        finally:
            connection.unbind()
    except LDAPException as exc:
        log.warning("directory sign-in of %s failed: %s", username, exc)
        raise DirectoryUnavailableError(str(exc)) from exc


def _person_dn(settings: DirectorySettings, server: Server, username: str) -> str | None:
    if settings.bind_pattern is not None:
        return settings.bind_pattern.format(user=escape_rdn(username))
    assert settings.service_dn and settings.service_password and settings.search_base
    service = _connection(settings, server, settings.service_dn, settings.service_password)
    try:
        if not service.bound:
            raise DirectoryUnavailableError("the service account could not bind")
        service.search(
            settings.search_base,
            settings.search_filter.format(user=escape_filter_chars(username)),
            SUBTREE,
            attributes=[],
            size_limit=2,
        )
        entries = service.entries
    finally:
        service.unbind()
    return entries[0].entry_dn if len(entries) == 1 else None


def _person(settings: DirectorySettings, connection: Connection, dn: str, name: str) -> Person:
    wanted = [settings.display_name_attribute, settings.email_attribute]
    connection.search(dn, "(objectClass=*)", BASE, attributes=wanted)
    attributes = connection.entries[0].entry_attributes_as_dict if connection.entries else {}
    if settings.disabled_filter and connection.search(dn, settings.disabled_filter, BASE):
        raise NotInFieldbookError(f"{name} is disabled in the directory")
    connection.search(
        settings.group_base,
        settings.group_filter.format(dn=escape_filter_chars(dn)),
        SUBTREE,
        attributes=[],
    )
    groups = {entry.entry_dn.lower() for entry in connection.entries}
    roles = [role for group, role in settings.roles.items() if group.lower() in groups]
    if not roles:
        raise NotInFieldbookError(f"{name} is in no Fieldbook role group")
    keys = [
        key
        for group, group_keys in settings.territories.items()
        if group.lower() in groups
        for key in group_keys
    ]
    return Person(
        name=name,
        display_name=_first(attributes.get(settings.display_name_attribute)) or name,
        email=_first(attributes.get(settings.email_attribute)),
        role=max(roles, key=_RANK.__getitem__),
        territory_keys=tuple(dict.fromkeys(keys)),
    )


def _server(settings: DirectorySettings) -> Server:
    tls = None
    if settings.url.startswith("ldaps://") or settings.start_tls:
        tls = Tls(
            validate=ssl.CERT_REQUIRED,
            ca_certs_file=str(settings.ca_file) if settings.ca_file else None,
        )
    return Server(
        settings.url,
        use_ssl=settings.url.startswith("ldaps://"),
        tls=tls,
        connect_timeout=settings.timeout_seconds,
    )


def _connection(settings: DirectorySettings, server: Server, dn: str, password: str) -> Connection:
    connection = Connection(
        server, dn, password, receive_timeout=settings.timeout_seconds, raise_exceptions=False
    )
    connection.open()
    if settings.start_tls:
        connection.start_tls()
    connection.bind()
    return connection


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if value else None


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
