"""Fixtures for import tests."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.unit.server.imports.helpers import Office, make_office


@pytest.fixture
def office(engine: Engine) -> Office:
    """Territories north and east; reps wang (north) and li (east) with e-mail addresses."""
    return make_office(engine)
