"""`python -m server`: the same as the `fieldbook-server` command."""

import sys

from server.cli import main

sys.exit(main())
