"""When IT disabled the signed-in user: what they saved here and could not sync is kept in a
file beside the replica, for the user to hand to IT, before the replica may be removed."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path

from app.workspace import Workspace
from local_store import outbox

log = logging.getLogger(__name__)


def keep_unsynced(workspace: Workspace) -> Path | None:
    """Write the changes not yet synced to a JSON file readable by this user only; its path, or
    None when there were none."""
    with workspace.reading() as session:
        entries = outbox.oldest(session, limit=outbox.count(session))
        changes = [
            {
                "entity": entry.entity,
                "record_id": entry.record_id,
                "op": entry.op,
                "base_version": entry.base_version,
                "fields": entry.fields,
                "saved_at": entry.created_at,
            }
            for entry in entries
        ]
    if not changes:
        return None
    now = dt.datetime.now(dt.UTC)
    replica = workspace.replica.path
    path = replica.with_name(f"unsynced-{workspace.me.name}-{now:%Y%m%d-%H%M%S}.json")
    document = {
        "server": workspace.transport.base_url,
        "user": workspace.me.name,
        "written_at": now.isoformat(timespec="seconds"),
        "changes": changes,
    }
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(document, file, ensure_ascii=False, indent=1)
    log.warning("the account is disabled; %d unsynced changes kept in %s", len(changes), path)
    return path
