"""What a crash leaves behind: a fatal crash's stacks in the fault log beside the log, readable
by the user only, and an error's details with the versions and no secrets."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

from app.crash_report import error_details, what_happened
from app.logs import FAULT_LOG

REPO = Path(__file__).parents[3]


def test_a_fatal_crash_leaves_its_stacks_in_the_fault_log(tmp_path: Path) -> None:
    program = textwrap.dedent(
        """
        import faulthandler, sys
        from pathlib import Path
        from app.crash_report import start_fault_log
        print(start_fault_log(Path(sys.argv[1])))
        sys.stdout.flush()
        faulthandler._sigsegv()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program, str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "PYTHONFAULTHANDLER"},
    )

    assert done.returncode != 0
    path = tmp_path / FAULT_LOG
    assert done.stdout.strip() == str(path)
    written = path.read_text(encoding="utf-8")
    assert "Fieldbook started" in written
    assert "Fatal Python error: Segmentation fault" in written
    assert done.stderr == ""  # not on the terminal: in the file
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_errors_details_name_the_versions_and_hide_secrets() -> None:
    try:
        raise ValueError("refused token=abc123 for alice")
    except ValueError as error:
        details = error_details(type(error), error, error.__traceback__, "memory")
        what = what_happened(error)

    assert what == "ValueError: refused token=*** for alice"
    assert "abc123" not in details
    assert "keyring_backend: memory" in details
    assert "Traceback (most recent call last)" in details
    assert 'raise ValueError("refused token=***' in details


def test_a_long_message_is_shortened_to_a_line() -> None:
    what = what_happened(RuntimeError("x" * 1000 + "\n\nmore"))
    assert len(what) < 320 and what.endswith("…")
