"""The Python example of docs/integrations.md works: its signature check accepts what the
server signs and refuses what it did not."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from server.webhook_signing import headers, new_secret

PAGE = Path(__file__).parents[3] / "docs" / "integrations.md"


def example() -> dict[str, Any]:
    """The page's Python example, run as a module (not as `__main__`)."""
    (code,) = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    namespace: dict[str, Any] = {"__name__": "integrations_example"}
    exec(compile(code, str(PAGE), "exec"), namespace)
    return namespace


def test_the_examples_signature_check_accepts_the_servers_signature_only() -> None:
    namespace = example()
    secret = new_secret()
    namespace["SECRET"] = secret
    body = b'{"type":"account.changed","data":{"id":"x"}}'
    sent = headers(secret, "msg_1", int(time.time()), body)
    assert namespace["signed"](sent, body)
    assert not namespace["signed"](sent, body + b" ")
    assert not namespace["signed"](headers(new_secret(), "msg_1", int(time.time()), body), body)
    stale = headers(secret, "msg_1", int(time.time()) - 600, body)
    assert not namespace["signed"](stale, body)
