"""The replica's own tests open new files the real way: the migrations are what they test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def replicas_from_template() -> None:
    """No template here (overrides the test-wide fixture of this name)."""
