"""What the app's start loads. The main window shows Today without the modules that only other
sections, file exports or schema upgrades need (each costs the start tens to hundreds of
milliseconds: see docs/benchmarks.md, `startup_ms`); a section is built, with what it needs,
the first time it is shown. Checked in a fresh interpreter, as the app starts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.workspace import Workspace
from tests.ui.conftest import ME, UNREACHABLE

REPO = Path(__file__).parents[2]
# Modules the start does without, and the part of the app that loads each.
LATER = {
    "alembic": "a replica upgrade",
    "PySide6.QtCharts": "Insights",
    "icalendar": "the calendar export",
    "vobject": "the vCard export and import",
    "phonenumbers": "saving or searching a phone number",
    "pypinyin": "saving or syncing a name",
}

CHILD = """
import json, os, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from app.views import Me
from app.workspace import Workspace
from local_store.db import Replica
from sync.transport import Transport
from ui.main_window import MainWindow

later, path, url, me = json.loads(sys.argv[1])
app = QApplication([])
me["territories"] = tuple(me["territories"])
workspace = Workspace(Replica(Path(path)), Transport(url), Me(**me))
window = MainWindow(workspace)
window.show()
app.processEvents()
shown = {"today": window.pages.currentWidget() is window.today, "rows": len(window.today.rows)}
loaded_at_start = sorted(name for name in later if name in sys.modules)
window.show_section(window.INSIGHTS)
app.processEvents()
shown["insights"] = window.pages.currentWidget() is window.insights
print(json.dumps([loaded_at_start, "PySide6.QtCharts" in sys.modules, shown]), flush=True)
window.close()
workspace.close()
os._exit(0)  # the answer is out; no teardown of Qt's objects by the garbage collector
"""


def test_the_main_window_starts_without_what_other_sections_need(workspace: Workspace):
    path = workspace.replica.path
    workspace.close()
    me = ME.__dict__ | {"territories": list(ME.territories)}
    argument = json.dumps([list(LATER), str(path), UNREACHABLE, me])
    done = subprocess.run(
        [sys.executable, "-c", CHILD, argument],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    loaded_at_start, charts_after_insights, shown = json.loads(done.stdout.splitlines()[-1])

    assert loaded_at_start == []
    assert shown == {"today": True, "rows": 1, "insights": True}
    assert charts_after_insights


def test_the_command_loads_the_app_before_qt():
    """`fieldbook` (ui.main) imports Qt only when it runs: PySide6's import hook makes every
    module imported after it slower to load (ui.main's docstring)."""
    program = "import sys, ui.main; print(sorted(m for m in sys.modules if 'PySide6' in m))"
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
