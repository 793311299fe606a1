"""Python's cyclic garbage collector, held off while the app starts.

Importing the app and building its window make hundreds of thousands of objects that live as
long as the app, and the collector went through them again and again while they were made: on
a rep's Today of dataset L, 120 ms of a 1.6 s start (two full collections and twenty of the
middle generation). So the `fieldbook` command holds the collector off from its first line
(`ui.entry`) and releases it once the main window's first frame is painted, or before any other
window is shown, or when a command opens none. Released, everything made so far goes to the
permanent generation (`gc.freeze`): later full collections, which the user would feel as a
stutter, skip the app's modules and window. Garbage made during the start and frozen with them
is kept until the app ends: a start-up's worth, not growing.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """Hold the collector off until `release`."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Freeze what was made so far and switch the collector on again; nothing when `hold` did
    not switch it off."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()
