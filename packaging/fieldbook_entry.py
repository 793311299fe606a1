"""The bundle's entry point: the `fieldbook` command."""

import sys

from app.main import main

sys.exit(main())
