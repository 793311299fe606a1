"""A client process that syncs one replica and prints each pulled page, for tests that kill it
with SIGKILL at random points and start it again.

    python -m tests.support.sync_child URL USER PASSWORD REPLICA PAGE_SIZE
"""

from __future__ import annotations

import sys
from pathlib import Path

from local_store.db import Replica
from sync.engine import Progress, SyncEngine
from sync.transport import Transport


def main(url: str, user: str, password: str, replica_path: str, page_size: str) -> None:
    replica = Replica(Path(replica_path))
    transport = Transport(url, retries=0)
    transport.sign_in(user, password)

    def report(progress: Progress) -> None:
        print(progress.phase, progress.done, flush=True)

    SyncEngine(replica, transport, page_size=int(page_size), on_progress=report).sync()
    print("done", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
