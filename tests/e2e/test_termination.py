"""A running app ended by a signal (SIGTERM at logout or from `kill`, SIGINT from Ctrl+C) quits
as if the user had: exit code 0, and in demo mode its embedded server stopped and its
temporary folder removed. Before, the signal ended the process in the middle of Qt's event
loop and left the demo server running."""

from __future__ import annotations

import re
import signal
from pathlib import Path

import pytest
import requests

from tests.e2e.demo_process import running_demo, wait_for_log

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_quits_the_demo_and_stops_its_server(tmp_path: Path, number: int) -> None:
    profile = tmp_path / "profile"
    with running_demo(profile, "20") as running:
        found = re.search(r"demo server up at (\S+)", wait_for_log(profile, "demo server up", 5))
        assert found is not None
        server = found.group(1)
        assert requests.get(server + "/healthz", timeout=5).ok
        running.send_signal(number)
        assert running.wait(timeout=60) == 0
    wait_for_log(profile, rf"{signal.Signals(number).name} received: quitting", 5)
    with pytest.raises(requests.ConnectionError):
        requests.get(server + "/healthz", timeout=5)
    assert list((profile / "tmp").glob("fieldbook-demo-*")) == []
