"""Before Qt starts on Linux's X11 (its "xcb" platform): are the system libraries it loads
there? Without one, Qt stops the process with a message about the plugin that blames the wrong
library; this says in a sentence which libraries are missing and which packages bring them.
No Qt here: it runs before Qt is loaded."""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Mapping

# The libraries Qt's xcb platform plugin loads beyond what every desktop has, and the Debian or
# Ubuntu package of each (the list of packaging/linux/desktop-deps.sh).
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def uses_xcb(environment: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will start on X11: asked for, or Linux with no other platform asked for and
    no Wayland session to prefer."""
    if not platform.startswith("linux"):
        return False
    chosen = environment.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(":")[0] == "xcb"
    return not environment.get("WAYLAND_DISPLAY")


def _loads(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def missing_libraries(loads: Callable[[str], bool] = _loads) -> list[str]:
    return [name for name in XCB_LIBRARIES if not loads(name)]


def platform_problem(
    environment: Mapping[str, str],
    loads: Callable[[str], bool] = _loads,
    platform: str = sys.platform,
) -> str | None:
    """The sentence to stop with, or None when the window can open."""
    if not uses_xcb(environment, platform):
        return None
    missing = missing_libraries(loads)
    if not missing:
        return None
    packages = " ".join(dict.fromkeys(XCB_LIBRARIES[name] for name in missing))
    return (
        f"Fieldbook cannot open its window: the system libraries {', '.join(missing)} are "
        f"missing. Install them with: sudo apt-get install -y {packages}"
    )
