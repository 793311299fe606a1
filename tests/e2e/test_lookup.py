"""`fieldbook lookup --phone …` against a running Fieldbook brings up the caller's account.

A real `fieldbook --demo` runs offscreen; the lookup is a second real process that hands its
request over the single-instance socket and exits 0. What the first one shows is read from its
log ("call desk shows account <id>"), the line the call desk writes for every screen-pop.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.demo_process import FIELDBOOK, profile_env, running_demo, wait_for_log

pytestmark = pytest.mark.e2e

SERVER = str(Path(sys.executable).with_name("fieldbook-server"))
ACCOUNTS = "40"
SEED = "7"  # the demo's seed (app.demo.DemoServer), so the same accounts exist in both


def _a_callers_number(tmp_path: Path) -> tuple[str, str]:
    """(account id, phone) of a demo rep's account whose number belongs to no one else."""
    db = tmp_path / "same-demo.db"
    subprocess.run(
        [SERVER, "--db", f"sqlite:///{db}", "seed-demo", "--accounts", ACCOUNTS, "--seed", SEED],
        check=True,
        capture_output=True,
    )
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT a.id, a.phone FROM account a JOIN territory t ON t.id = a.scope_territory_id "
            "WHERE t.key = 'north' AND a.phone IS NOT NULL ORDER BY a.id"
        ).fetchall()
        phones = [p for (p,) in connection.execute("SELECT phone FROM contact")]
    digits = [re.sub(r"\D", "", p) for p in [p for _, p in rows] + phones]
    for account_id, phone in rows:
        mine = re.sub(r"\D", "", phone)[-8:]
        if sum(mine in other for other in digits) == 1:
            return account_id, phone
    raise AssertionError("the demo has no account with a number of its own")


def test_a_lookup_brings_up_the_callers_account_in_the_running_app(tmp_path: Path) -> None:
    account_id, phone = _a_callers_number(tmp_path)
    profile = tmp_path / "profile"
    with running_demo(profile, ACCOUNTS) as running:
        lookup = subprocess.run(
            [FIELDBOOK, "lookup", "--phone", phone],
            env=profile_env(profile),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert lookup.returncode == 0, lookup.stderr
        wait_for_log(profile, rf"call desk shows account {account_id}", 60)
        assert running.poll() is None  # the first one still runs; the second one left
