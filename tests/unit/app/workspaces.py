"""A workspace on a replica the test made, for services that need no server."""

from __future__ import annotations

from app.views import Me
from app.workspace import Workspace
from local_store.db import Replica
from sync.transport import Transport

NO_SERVER = "http://127.0.0.1:9"  # nothing listens on the discard port


def workspace_of(replica: Replica, user_id: str, territory_id: str) -> Workspace:
    """The workspace of `user_id` (a rep in `territory_id`) on `replica`."""
    me = Me(id=user_id, name="rep", display_name="Rep", role="rep", territories=(territory_id,))
    return Workspace(replica, Transport(NO_SERVER, retries=0), me)
