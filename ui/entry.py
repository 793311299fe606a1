"""The `fieldbook` command's entry: a screen-pop goes to the running app before the app loads.

A phone system runs `fieldbook lookup --phone NUMBER` (or opens a `fieldbook:` link) while the
agent's Fieldbook is open; loading the app and Qt only to find it running and hand the number
over costs well over a second. So a lookup or a plain start with nothing else asked for is first
offered to the running app through the standard library (ui.handoff); only when none answers,
or where that cannot reach it (Windows), does the command load the app (ui.main), which starts
the window or hands over through Qt. Nothing here imports Qt, pydantic or the database.
"""

from __future__ import annotations

import sys

from app import collector
from app.errors import UserError
from app.open_request import split_request
from app.paths import data_dir
from ui.handoff import REACHES_THE_APP, send, socket_name


def handed_over(argv: list[str]) -> bool | None:
    """Whether the running app took this start; None when it was not offered (options the app
    itself must read, a malformed lookup that the app reports, or no way to reach it here)."""
    try:
        phone, rest = split_request(argv)
    except UserError:
        return None
    if rest or not REACHES_THE_APP:
        return None
    return send(socket_name(data_dir()), phone)


def main(argv: list[str] | None = None) -> int:
    collector.hold()  # until the start is over (app.collector)
    arguments = sys.argv[1:] if argv is None else argv
    offered = handed_over(arguments)
    if offered:
        return 0
    from ui import main as app  # the whole app, Qt included

    return app.main(arguments, handed_over_tried=offered is False)
