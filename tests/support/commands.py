"""The commands the project installs, run as their console scripts run them."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def console_script(name: str, first: str = "") -> list[str]:
    """The argv that runs the `name` script of pyproject.toml's [project.scripts] as pip's
    launcher does (import its module, call its function) with this interpreter, the modules
    taken from the working directory: run it with cwd=REPO. `first`: Python code to run before
    it in the same interpreter."""
    with (REPO / "pyproject.toml").open("rb") as file:
        target = tomllib.load(file)["project"]["scripts"][name]
    module, function = target.split(":")
    program = f"{first}\nimport sys; from {module} import {function}; sys.exit({function}())"
    return [sys.executable, "-c", program]
