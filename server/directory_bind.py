"""A sign-in asked of the company directory through `ldap3` (see `server.directory`): bind as
the person (found by a bind pattern or a search with a service account), then read their name,
e-mail, disabled state and groups.
"""

from __future__ import annotations

import logging
import ssl
from typing import Any

from ldap3 import BASE, SUBTREE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn

from server.directory import (
    DirectorySettings,
    DirectoryUnavailableError,
    NotInFieldbookError,
    Person,
)

log = logging.getLogger(__name__)
_RANK = {"rep": 0, "agent": 0, "manager": 1, "admin": 2}


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
