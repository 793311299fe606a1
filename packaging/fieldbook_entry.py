"""The bundle's entry point: the `fieldbook` command.

With `EMBEDDED_SERVER` as its first argument the executable is `fieldbook-server` instead: demo
mode starts the bundle's own executable that way (app.demo), as the bundle has no Python.
"""

import sys

from app.demo import EMBEDDED_SERVER

if sys.argv[1:2] == [EMBEDDED_SERVER]:
    from server.cli import main as server_main

    sys.exit(server_main(sys.argv[2:]))

from app.main import main

sys.exit(main())
