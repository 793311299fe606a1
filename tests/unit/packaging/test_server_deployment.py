"""The systemd unit and the nginx sample fit the server they run: the unit's commands parse with
the real command line (serve with workers, migrate first), systemd accepts the unit and rates
its hardening well; nginx lets the largest request body through and outwaits the long-poll."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from protocol.paths import MAX_REQUEST_BYTES, MAX_WAIT_SECONDS, WAIT_PATH
from server.cli import DEFAULT_PORT, build_parser
from server.connect_api import IMPORT_PREFIX
from server.limits import MAX_IMPORT_BYTES
from tests.support.server_process import SERVER_COMMAND

SERVER = Path(__file__).resolve().parents[3] / "packaging" / "server"
UNIT = SERVER / "fieldbook-server.service"
NGINX = SERVER / "nginx-fieldbook.conf"
INSTALLED = "/opt/fieldbook-server/bin/fieldbook-server"
MOST_EXPOSURE = 2.0  # systemd-analyze security: 0 is locked down, 10 is fully exposed


def unit_commands(key: str) -> list[list[str]]:
    """Each `key=` command of the unit as an argument list, continuation lines joined."""
    text = UNIT.read_text(encoding="utf-8").replace("\\\n", " ")
    return [
        shlex.split(line.split("=", 1)[1])
        for line in text.splitlines()
        if line.startswith(f"{key}=")
    ]


def test_the_unit_migrates_then_serves_with_workers_behind_the_proxy():
    (migrate,) = unit_commands("ExecStartPre")
    (serve,) = unit_commands("ExecStart")
    assert migrate[0] == serve[0] == INSTALLED
    assert build_parser().parse_args(migrate[1:]).command == "migrate"
    args = build_parser().parse_args([a.replace("${FIELDBOOK_WORKERS}", "4") for a in serve[1:]])
    assert (args.command, args.workers, args.migrate_first) == ("serve", 4, False)
    assert (args.host, args.port) == ("127.0.0.1", DEFAULT_PORT)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd is not installed")
def test_systemd_accepts_the_unit_and_rates_its_hardening(tmp_path: Path):
    unit = tmp_path / UNIT.name
    unit.write_text(UNIT.read_text(encoding="utf-8").replace(INSTALLED, SERVER_COMMAND), "utf-8")
    verified = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True
    )
    assert verified.returncode == 0 and not verified.stderr.strip(), verified.stderr
    rated = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", str(unit)], capture_output=True, text=True
    )
    exposure = re.search(r"Overall exposure level for \S+: ([\d.]+)", rated.stdout)
    assert exposure is not None, rated.stdout + rated.stderr
    assert float(exposure.group(1)) <= MOST_EXPOSURE


def nginx_blocks() -> dict[str, str]:
    """The text of each `location` block of the TLS server, by its match."""
    text = NGINX.read_text(encoding="utf-8")
    return dict(re.findall(r"location ([^{]+?) \{(.*?)\n    \}", text, re.S))


def test_nginx_takes_the_largest_body_and_outwaits_the_long_poll():
    text = NGINX.read_text(encoding="utf-8")
    size = re.search(r"client_max_body_size (\d+)m;", text)
    assert size is not None and int(size.group(1)) * 1024 * 1024 == MAX_REQUEST_BYTES
    assert f"server 127.0.0.1:{DEFAULT_PORT};" in text
    assert "listen 443 ssl;" in text and "ssl_certificate_key" in text
    wait = nginx_blocks()[f"= {WAIT_PATH}"]
    timeout = re.search(r"proxy_read_timeout (\d+)s;", wait)
    assert timeout is not None and int(timeout.group(1)) > MAX_WAIT_SECONDS
    assert "proxy_buffering off;" in wait


def test_nginx_lets_an_import_as_large_as_the_server_takes_through():
    imports = nginx_blocks()[f"^~ {IMPORT_PREFIX}"]
    size = re.search(r"client_max_body_size (\d+)m;", imports)
    assert size is not None and int(size.group(1)) * 1024 * 1024 == MAX_IMPORT_BYTES
