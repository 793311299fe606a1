"""The sync tests' live server and clients, for the services that sync (`test_sync_service`,
`test_offboarding`)."""

from tests.unit.sync.conftest import (  # noqa: F401 (fixtures)
    connect,
    seeded_server_template,
    server_client,
    server_clock,
    server_engine,
    server_url,
)
