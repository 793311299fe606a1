"""The bundle's entry point: the `fieldbook` command.

With `EMBEDDED_SERVER` as its first argument the executable is `fieldbook-server` instead: demo
mode starts the bundle's own executable that way (app.demo), as the bundle has no Python.
"""

import multiprocessing
import sys

# A process the app starts with "spawn" (sync.key_worker) runs this executable again: this makes
# it that process instead of a second app.
multiprocessing.freeze_support()

from app.demo import EMBEDDED_SERVER  # noqa: E402

if sys.argv[1:2] == [EMBEDDED_SERVER]:
    from server.cli import main as server_main

    sys.exit(server_main(sys.argv[2:]))

from ui.entry import main  # noqa: E402

sys.exit(main())
