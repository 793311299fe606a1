"""The sync tests' live server, for the services that sync (`test_sync_service`)."""

from tests.unit.sync.conftest import (  # noqa: F401 (fixtures)
    seeded_server_template,
    server_clock,
    server_engine,
    server_url,
)
