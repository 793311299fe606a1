"""A throwaway OpenLDAP server (Debian's `slapd`) for directory sign-in tests, on a free loopback
port, with a company's people and groups. Where slapd is not installed the tests that need it
are skipped, except in CI (`CI=true`), where that is a failure."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ldap3 import ALL_ATTRIBUTES, MODIFY_REPLACE, Connection, Server
from ldap3.core.exceptions import LDAPException

from tests.support.postgres import free_port

SLAPD = "/usr/sbin/slapd"
SCHEMA = Path("/etc/ldap/schema")
MODULES = Path("/usr/lib/ldap")
BASE = "dc=example,dc=com"
ADMIN_DN = f"cn=admin,{BASE}"
ADMIN_PASSWORD = "directory-admin"
PEOPLE = f"ou=people,{BASE}"
GROUPS = f"ou=groups,{BASE}"


def slapd_installed() -> bool:
    return Path(SLAPD).exists() and (MODULES / "back_mdb.so").exists()


@dataclass(frozen=True)
class Directory:
    """A running slapd: its URL and an admin connection's details."""

    url: str

    def admin(self) -> Connection:
        return Connection(Server(self.url), ADMIN_DN, ADMIN_PASSWORD, auto_bind=True)

    def add_person(self, uid: str, password: str, name: str, **extra: str) -> str:
        dn = f"uid={uid},{PEOPLE}"
        attributes = {"cn": name, "sn": name.split()[-1], "userPassword": password} | extra
        with self.admin() as connection:
            assert connection.add(dn, ["inetOrgPerson"], attributes), connection.result
        return dn

    def add_group(self, name: str, *members: str) -> str:
        dn = f"cn={name},{GROUPS}"
        with self.admin() as connection:
            added = connection.add(dn, ["groupOfNames"], {"member": list(members)})
            assert added, connection.result
        return dn

    def set(self, dn: str, **changes: list[str]) -> None:
        with self.admin() as connection:
            done = connection.modify(
                dn, {name: [(MODIFY_REPLACE, values)] for name, values in changes.items()}
            )
            assert done, connection.result

    def entry(self, dn: str) -> dict[str, object]:
        with self.admin() as connection:
            connection.search(dn, "(objectClass=*)", attributes=ALL_ATTRIBUTES)
            return dict(connection.entries[0].entry_attributes_as_dict)


CONFIG = """\
include {schema}/core.schema
include {schema}/cosine.schema
include {schema}/inetorgperson.schema
include {schema}/nis.schema
modulepath {modules}
moduleload back_mdb
pidfile {root}/slapd.pid
database mdb
maxsize 10485760
suffix "{base}"
rootdn "{admin}"
rootpw {password}
directory {root}/data
"""


@contextmanager
def throwaway_directory() -> Iterator[Directory]:
    """Yield a fresh slapd with `ou=people` and `ou=groups` under dc=example,dc=com."""
    root = Path(tempfile.mkdtemp(prefix="fieldbook-slapd-"))
    (root / "data").mkdir()
    config = root / "slapd.conf"
    config.write_text(
        CONFIG.format(
            schema=SCHEMA,
            modules=MODULES,
            root=root,
            base=BASE,
            admin=ADMIN_DN,
            password=ADMIN_PASSWORD,
        )
    )
    url = f"ldap://127.0.0.1:{free_port()}"
    log = (root / "slapd.log").open("wb")
    process = subprocess.Popen(
        [SLAPD, "-d", "0", "-h", url + "/", "-f", str(config)], stdout=log, stderr=log
    )
    try:
        directory = Directory(url)
        _wait_until_up(directory, process, root)
        with directory.admin() as connection:
            connection.add(BASE, ["dcObject", "organization"], {"o": "Example", "dc": "example"})
            connection.add(PEOPLE, ["organizationalUnit"], {"ou": "people"})
            connection.add(GROUPS, ["organizationalUnit"], {"ou": "groups"})
        yield directory
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()
        shutil.rmtree(root, ignore_errors=True)


def _wait_until_up(directory: Directory, process: subprocess.Popen[bytes], root: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert process.poll() is None, (root / "slapd.log").read_text()
        try:
            directory.admin().unbind()
            return
        except LDAPException:  # not listening yet
            time.sleep(0.05)
    raise AssertionError("slapd did not start:\n" + (root / "slapd.log").read_text())
